/**
 * Verifies the audit hash chain from the command line (`node dist/scripts/audit-verify.js`):
 *   audit chain OK: N rows                       exit 0
 *   audit chain BROKEN at seq S: PROBLEM         exit 2
 *   audit chain BROKEN: CHECKPOINT_INVALID       exit 2
 * (then a line with the last intact seq and its hash, to note outside the system, and one on the
 * checkpoint compared with), exit 1 on any other failure. It needs AUDIT_CHAIN_KEY (every key
 * rows were signed with) and reads the checkpoint in AUDIT_CHECKPOINT_FILE, if set. With
 * DATABASE_URL: that server, read-only, while the service runs. Without: the embedded database
 * in DATA_DIR and the keys kept there (stop the service first: the data directory is locked; or
 * ask the running service, `query { verifyAuditChain { ok firstBrokenSeq problem } }`).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditCheckpointFile } from '../src/audit/audit-checkpoint';
import { AuditVerifier } from '../src/audit/audit-verifier';
import { AuditRepository } from '../src/audit/audit.repository';
import { AppConfig, ConfigError, loadConfig } from '../src/config/app-config';
import { AuditChainKeyring, parseAuditChainKeys, resolveSecrets } from '../src/config/secrets';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ENTITIES } from '../src/app.entities';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';

export const EXIT_OK = 0;
export const EXIT_BROKEN = 2;

export async function auditVerify(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  const keys = chainKeys(config);
  const checkpoints = config.audit.checkpointFile ? new AuditCheckpointFile(config.audit.checkpointFile, keys) : null;
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start({ dataDir: config.dataDir });
  try {
    const url = config.databaseUrl ?? embedded!.url;
    const ds = new DataSource(dataSourceOptions({ url, poolSize: 1, embedded: !!embedded, applicationName: 'jingzhun-fupin audit-verify', entities: ENTITIES }));
    await ds.initialize();
    try {
      const [{ present }] = await ds.query(`SELECT to_regclass('audit_log') IS NOT NULL AS present`);
      if (!present) throw new Error('no audit_log table in this database (run the migrations first)');
      const report = await new AuditVerifier(new AuditRepository(ds), keys.byId, checkpoints).verify();
      const head = report.lastSeq ? `last intact row: seq ${report.lastSeq}, hash ${report.lastHash}` : 'no intact row';
      const anchor = !checkpoints
        ? 'no checkpoint file configured (AUDIT_CHECKPOINT_FILE): removed newest rows cannot be detected'
        : report.checkpointSeq
          ? `checkpoint: seq ${report.checkpointSeq} (${checkpoints.path})`
          : `no valid checkpoint in ${checkpoints.path}`;
      if (report.ok) {
        print(`audit chain OK: ${report.checked} rows${report.legacyRows ? ` (${report.legacyRows} legacy, unkeyed)` : ''}`);
        print(head);
        print(anchor);
        return EXIT_OK;
      }
      print(`audit chain BROKEN${report.firstBrokenSeq ? ` at seq ${report.firstBrokenSeq}` : ''}: ${report.problem}`);
      print(head);
      print(anchor);
      return EXIT_BROKEN;
    } finally {
      await ds.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

/** The chain keys: AUDIT_CHAIN_KEY, or with the embedded database the ones kept in DATA_DIR. */
function chainKeys(config: AppConfig): AuditChainKeyring {
  if (config.auditChainKey) return parseAuditChainKeys(config.auditChainKey);
  if (config.databaseUrl) throw new ConfigError('AUDIT_CHAIN_KEY', 'is required to verify the audit chain (the keys its rows were signed with)');
  return resolveSecrets(config, { persistent: true }).auditChain;
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
