/** Writes schema.gql from the code: `npm run schema:print`. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { startService } from '../src/bootstrap';
import { projectRoot } from '../src/common/project-root';
import { loadConfig } from '../src/config/app-config';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { printServiceSchema } from '../src/common/graphql/print-schema';

async function main(): Promise<void> {
  const embedded = await EmbeddedPostgres.start();
  const service = await startService(
    loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_DEMO: 'false' }),
    { embedded, listen: false },
  );
  try {
    const file = join(projectRoot(), 'schema.gql');
    writeFileSync(file, printServiceSchema(service.app.get(GraphQLSchemaHost).schema));
    process.stdout.write('wrote schema.gql\n');
  } finally {
    await service.close();
    await embedded.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
