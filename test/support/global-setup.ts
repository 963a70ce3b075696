import { createTemplate } from './database-template';

/** Jest global setup: one migrated template database per run (see test-database.ts). */
export default async function globalSetup(): Promise<void> {
  await createTemplate();
}
