import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Role, Sector } from '../common/access/permissions';
import { projectRoot } from '../common/project-root';
import { createAccountsAsSystem } from '../identity/bootstrap-admin';
import { RegionsService } from '../regions/regions.service';
import { DataSource } from 'typeorm';
import { SECRETS, Secrets } from '../config/secrets';
import { loadRegistry } from './demo/registry-loader';

export const DEMO_REGIONS_FILE = join('seeds', 'regions', '410106.csv');
/** Registered households in the demo (the district had a few thousand registered people). */
export const DEMO_HOUSEHOLDS = 1000;

/** Demo accounts: one per kind of user, all sharing one random password made at seeding. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '区扶贫办系统管理员', regionCode: '410106000000', roles: [Role.DISTRICT_ADMIN] },
  // The second administrator, who approves the roles the first asks for (separation of duties).
  { username: 'admin2', displayName: '区扶贫办系统管理员（复核）', regionCode: '410106000000', roles: [Role.DISTRICT_ADMIN] },
  { username: 'district', displayName: '区扶贫办', regionCode: '410106000000', roles: [Role.DISTRICT_OFFICER] },
  { username: 'xiawo', displayName: '峡窝镇', regionCode: '410106100000', roles: [Role.TOWN_OFFICER] },
  { username: 'beixiawo', displayName: '北峡窝村驻村工作队', regionCode: '410106100201', roles: [Role.VILLAGE_OFFICER] },
  { username: 'education', displayName: '区教育局', regionCode: '410106000000', roles: [Role.SECTOR_OFFICER], sector: Sector.EDUCATION },
  { username: 'supervisor', displayName: '区纪委监委', regionCode: '410106000000', roles: [Role.SUPERVISOR] },
  { username: 'auditor', displayName: '安全审计员', regionCode: '410106000000', roles: [Role.AUDITOR] },
];

/**
 * The demo data an empty database gets on first start (embedded mode by default, see
 * SEED_DEMO): Shangjie District's real division tree, a deterministic registry of about a
 * thousand households with their history 2014–2018 (exits through the whole procedure), helpers
 * and visits, and one demo account per role. Runs once:
 * a database that already holds regions is left as it is. The demo password is random, printed
 * once and kept in DATA_DIR/demo-accounts.txt.
 */
export async function seedDemo(
  app: INestApplication,
  options: { dataDir?: string; logger?: LoggerService } = {},
): Promise<boolean> {
  const regions = app.get(RegionsService);
  if ((await regions.count()) > 0) return false;
  const counts = await regions.importCsv(readFileSync(join(projectRoot(), DEMO_REGIONS_FILE)));
  options.logger?.log(`demo data: ${counts.created} regions of Shangjie District (410106)`, 'Seed');

  // Demo poverty lines for the years after the confirmed national figures, marked as demo values.
  const ds = app.get(DataSource);
  await ds.query(
    `INSERT INTO poverty_lines (year, national_line, provincial_exit_line, source, is_demo) VALUES
       (2017, 3335, 3400, '示例值，未经核实 (demo value, not confirmed)', true),
       (2018, 3535, 3600, '示例值，未经核实 (demo value, not confirmed)', true)
     ON CONFLICT (year) DO NOTHING`,
  );
  const registry = await loadRegistry(ds, app.get<Secrets>(SECRETS as never).cipher, {
    households: DEMO_HOUSEHOLDS,
    seed: 'shangjie-2018',
    assistance: true,
  });
  options.logger?.log(
    `demo data: ${registry.households} households, ${registry.members} members, ${registry.events} events, ` +
      `${registry.helpers} helpers, ${registry.visits} visits`,
    'Seed',
  );

  const password = `Demo-${randomBytes(9).toString('base64url')}`;
  await createAccountsAsSystem(app, DEMO_ACCOUNTS.map((a) => ({ ...a, password })));
  const text =
    `Demo accounts (embedded demo database only): ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}\n` +
    `Password of each: ${password}\n` +
    'Sign in: mutation { login(input: { username: "admin", password: "…" }) { accessToken } }\n';
  if (options.dataDir) writeFileSync(join(resolve(options.dataDir), 'demo-accounts.txt'), text, { mode: 0o600 });
  process.stderr.write(`\n${text}${options.dataDir ? `(also in ${join(options.dataDir, 'demo-accounts.txt')})\n` : ''}\n`);
  return true;
}
