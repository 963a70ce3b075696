import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Role, Sector } from '../common/access/permissions';
import { projectRoot } from '../common/project-root';
import { createAccountsAsSystem } from '../identity/bootstrap-admin';
import { RegionsService } from '../regions/regions.service';

export const DEMO_REGIONS_FILE = join('seeds', 'regions', '410106.csv');

/** Demo accounts: one per kind of user, all sharing one random password made at seeding. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '区扶贫办系统管理员', regionCode: '410106000000', roles: [Role.DISTRICT_ADMIN] },
  { username: 'district', displayName: '区扶贫办', regionCode: '410106000000', roles: [Role.DISTRICT_OFFICER] },
  { username: 'xiawo', displayName: '峡窝镇', regionCode: '410106100000', roles: [Role.TOWN_OFFICER] },
  { username: 'beixiawo', displayName: '北峡窝村驻村工作队', regionCode: '410106100201', roles: [Role.VILLAGE_OFFICER] },
  { username: 'education', displayName: '区教育局', regionCode: '410106000000', roles: [Role.SECTOR_OFFICER], sector: Sector.EDUCATION },
  { username: 'supervisor', displayName: '区纪委监委', regionCode: '410106000000', roles: [Role.SUPERVISOR] },
  { username: 'auditor', displayName: '安全审计员', regionCode: '410106000000', roles: [Role.AUDITOR] },
];

/**
 * The demo data an empty database gets on first start (embedded mode by default, see
 * SEED_DEMO): Shangjie District's real division tree and one demo account per role. Runs once:
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
