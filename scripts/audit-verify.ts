/**
 * Verifies the audit hash chain from the command line (`node dist/scripts/audit-verify.js`):
 *   audit chain OK: N rows                       exit 0
 *   audit chain BROKEN at seq S: PROBLEM         exit 2
 * (then a line with the last intact seq and its hash, to note outside the system), exit 1 on
 * any other failure. With DATABASE_URL: that server, read-only, while the service runs. Without:
 * the embedded database in DATA_DIR (stop the service first: the data directory is locked; or
 * ask the running service, `query { verifyAuditChain { ok firstBrokenSeq problem } }`).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditVerifier } from '../src/audit/audit-verifier';
import { AuditRepository } from '../src/audit/audit.repository';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';

export const EXIT_OK = 0;
export const EXIT_BROKEN = 2;

export async function auditVerify(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start({ dataDir: config.dataDir });
  try {
    const url = config.databaseUrl ?? embedded!.url;
    const ds = new DataSource(dataSourceOptions({ url, poolSize: 1, embedded: !!embedded, applicationName: 'jingzhun-fupin audit-verify' }));
    await ds.initialize();
    try {
      const [{ present }] = await ds.query(`SELECT to_regclass('audit_log') IS NOT NULL AS present`);
      if (!present) throw new Error('no audit_log table in this database (run the migrations first)');
      const report = await new AuditVerifier(new AuditRepository(ds)).verify();
      const head = report.lastSeq ? `last intact row: seq ${report.lastSeq}, hash ${report.lastHash}` : 'no intact row';
      if (report.ok) {
        print(`audit chain OK: ${report.checked} rows`);
        print(head);
        return EXIT_OK;
      }
      print(`audit chain BROKEN at seq ${report.firstBrokenSeq}: ${report.problem}`);
      print(head);
      return EXIT_BROKEN;
    } finally {
      await ds.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

if (require.main === module) {
  auditVerify(process.env, (line) => process.stdout.write(`${line}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`audit-verify: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
