import { dropTemplate } from './database-template';

export default async function globalTeardown(): Promise<void> {
  await dropTemplate();
}
