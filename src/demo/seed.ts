import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Role, Sector } from '../common/access/permissions';
import { projectRoot } from '../common/project-root';
import { createAccountsAsSystem } from '../identity/bootstrap-admin';
import { RegionsService } from '../regions/regions.service';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { loadDemoDisability } from './disability-loader';
import { loadDemoEducationHealth } from './education-health-loader';
import { loadDemoFunds } from './funds-loader';
import { loadDemoEmployment } from './employment-loader';
import { loadDemoProjects } from './projects-loader';
import { loadDemoRegistry } from './registry-loader';
import { loadDemoSupervision } from './supervision-loader';
import { REFERENCE_YEAR } from './generator';

export const DEMO_REGIONS_FILE = join('seeds', 'regions', '410106.csv');
/** Demo accounts: one per kind of user, all sharing one random password made at seeding. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '区扶贫办系统管理员', regionCode: '410106000000', roles: [Role.DISTRICT_ADMIN] },
  // The second administrator, who approves the roles the first asks for (separation of duties).
  { username: 'admin2', displayName: '区扶贫办系统管理员（复核）', regionCode: '410106000000', roles: [Role.DISTRICT_ADMIN] },
  { username: 'district', displayName: '区扶贫办', regionCode: '410106000000', roles: [Role.DISTRICT_OFFICER] },
  { username: 'xiawo', displayName: '峡窝镇', regionCode: '410106100000', roles: [Role.TOWN_OFFICER] },
  { username: 'beixiawo', displayName: '北峡窝村驻村工作队', regionCode: '410106100201', roles: [Role.VILLAGE_OFFICER] },
  { username: 'education', displayName: '区教育局', regionCode: '410106000000', roles: [Role.SECTOR_OFFICER], sector: Sector.EDUCATION },
  { username: 'renshe', displayName: '区人社局', regionCode: '410106000000', roles: [Role.SECTOR_OFFICER], sector: Sector.HUMAN_RESOURCES },
  { username: 'health', displayName: '区卫健委', regionCode: '410106000000', roles: [Role.SECTOR_OFFICER], sector: Sector.HEALTH },
  { username: 'supervisor', displayName: '区纪委监委', regionCode: '410106000000', roles: [Role.SUPERVISOR] },
  { username: 'auditor', displayName: '安全审计员', regionCode: '410106000000', roles: [Role.AUDITOR] },
];

/**
 * Whether this start seeds demo data: SEED_DEMO=true (which the configuration refuses in
 * production), or `auto` on the embedded database outside production.
 */
export function seedDemoWanted(config: Pick<AppConfig, 'seedDemo' | 'databaseUrl' | 'nodeEnv'>): boolean {
  return config.seedDemo === 'true' || (config.seedDemo === 'auto' && !config.databaseUrl && config.nodeEnv !== 'production');
}

/**
 * The demo data an empty database gets on first start (embedded mode by default, see
 * SEED_DEMO): Shangjie District's real division tree, a deterministic registry of
 * SEED_DEMO_HOUSEHOLDS households (1000 by default) with their history 2014–2018 (exits through
 * the whole procedure), helpers and visits, industry projects, the employment ledger, education
 * and health records, and one demo account per role. It runs once: a
 * database that already holds regions is left as it is.
 *
 * Two steps, with the bootstrap administrator between them (bootstrap.ts): the division list
 * first, since an account needs its region; the registry and the demo accounts after it, so
 * the demo's own district administrator does not stop BOOTSTRAP_ADMIN_* from being created.
 */
export async function seedDemoRegions(app: INestApplication, options: { logger?: LoggerService } = {}): Promise<boolean> {
  const regions = app.get(RegionsService);
  if ((await regions.count()) > 0) return false;
  const counts = await regions.importCsvAsSystem(readFileSync(join(projectRoot(), DEMO_REGIONS_FILE)));
  options.logger?.log(`demo data: ${counts.created} regions of Shangjie District (410106)`, 'Seed');

  // No demo poverty lines: the lines are policy parameters seeded from docs/RULES.md (issue #13).
  return true;
}

/** The demo registry's generator options (seedDemoRegistry): the same households for every demo of a given size. */
export const DEMO_REGISTRY = { seed: 'shangjie-2018', assistance: true } as const;

/**
 * The demo registry and accounts (after seedDemoRegions). The demo password is random, printed
 * once and kept in DATA_DIR/demo-accounts.txt (mode 600), on a server as with the embedded
 * database. A demo account whose name is taken (e.g. by BOOTSTRAP_ADMIN_USERNAME) is left out.
 */
export async function seedDemoRegistry(
  app: INestApplication,
  options: { households: number; dataDir?: string; logger?: LoggerService },
): Promise<void> {
  const ds = app.get(DataSource);
  const registry = await loadDemoRegistry(app, { ...DEMO_REGISTRY, households: options.households, logger: options.logger });
  options.logger?.log(
    `demo data: ${registry.households} households, ${registry.members} members, ${registry.events} events, ${registry.procedures} procedures, ` +
      `${registry.helpers} helpers, ${registry.visits} visits`,
    'Seed',
  );
  const projects = await loadDemoProjects(app);
  options.logger?.log(
    `demo data: ${projects.projects} industry projects, ${projects.entities} cooperatives, ${projects.linkages} benefit linkages, ${projects.payments} payments, ${projects.assets} assets`,
    'Seed',
  );
  const employment = await loadDemoEmployment(ds);
  options.logger?.log(
    `demo data: ${employment.records} employment records of ${REFERENCE_YEAR}, from the registry's months worked; ${employment.workshops} workshops (${employment.workshopWorkers} workers), ` +
      `${employment.posts} public-welfare posts (${employment.postHolders} holders), ${employment.courses} training courses (${employment.trainees} trainees), ${employment.openings} job openings`,
    'Seed',
  );
  const eh = await loadDemoEducationHealth(ds);
  options.logger?.log(
    `demo data: ${eh.enrolments} enrolments of the ${REFERENCE_YEAR}–${REFERENCE_YEAR + 1} school year, ${eh.aidRecords} student aid records (${eh.studentsWithoutDueAid} autumn enrolments without their due aid), ` +
      `${eh.homeTeaching} home-teaching arrangements, ${eh.returnCases} return-to-school cases (${eh.returnCaseSteps} steps)`,
    'Seed',
  );
  options.logger?.log(
    `demo data: ${eh.insuranceEnrolments} insurance enrolments of ${REFERENCE_YEAR}${eh.insuranceNotLoaded ? ` (none loaded: ${eh.insuranceNotLoaded})` : ''}, ` +
      `${eh.familyDoctorContracts} family-doctor contracts (${eh.followUps} follow-ups), ${eh.hospitalStays} hospital stays`,
    'Seed',
  );
  const dis = await loadDemoDisability(app);
  options.logger?.log(
    `demo data: ${dis.certificates} disability certificates (${dis.uncertified} disabled members without one), ${dis.subsidyPayments} subsidy payments` +
      `${dis.subsidiesNotConfigured ? ` (${dis.subsidiesNotConfigured} eligible member-months unpaid: the amount is not configured)` : ''}, ` +
      `${dis.dibaoEntries} 低保 and ${dis.tekunEntries} 特困 roster entries, reconciliation as of ${REFERENCE_YEAR}-12-31: ${dis.reconciliation.both} on both lists, ` +
      `cases ${Object.entries(dis.reconciliation.found).map(([k, n]) => `${k} ${n}`).join(', ')}; ${dis.needs} assistance needs, ${dis.providers} providers, ${dis.matches} matches; ` +
      `service needs ${Object.entries(dis.services.needs).map(([k, n]) => `${k} ${n}`).join(', ')} (${dis.services.delivered} delivered, ${dis.services.unmet} unmet; the rehabilitation after 2018-10-01 of the youngest certified member, aged ${dis.services.childAge ?? '—'}: children's aid ${dis.services.childRehabAid ?? 'none'})`,
    'Seed',
  );
  const funds = await loadDemoFunds(app);
  options.logger?.log(
    funds.notConfigured
      ? `demo data: no funds ledger (not configured: ${funds.notConfigured})`
      : `demo data: funds of ${REFERENCE_YEAR}: ${funds.documents} documents, ${funds.allocations} allocations, ${funds.fundings} project fundings, ${funds.reimbursements} reimbursements, ${funds.payments} payments`,
    'Seed',
  );
  const sup = await loadDemoSupervision(app);
  options.logger?.log(
    `demo data: supervision of ${REFERENCE_YEAR}: ${sup.inspections} inspection (${sup.sampled} households sampled, ${sup.visits} visited), ${sup.findings} findings ` +
      `(${Object.entries(sup.stages).map(([k, n]) => `${k} ${n}`).join(', ')}; ${sup.overdue} overdue), ${sup.hotlineCases} hotline cases, ${sup.accountabilityCases} accountability cases, ` +
      `fault-tolerance requests ${Object.entries(sup.faultTolerance).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; town appraisal ${sup.appraisal.entries} entries ` +
      `(${Object.entries(sup.appraisal.grades).map(([k, n]) => `${k} ${n}`).join(', ')}; follow-ups ${Object.entries(sup.appraisal.followUps).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}), ` +
      `${sup.attendance.days} attendance days of ${sup.attendance.assignments} village assignments` +
      `${sup.notConfigured.length ? ` (not configured, left out: ${sup.notConfigured.join(', ')})` : ''}`,
    'Seed',
  );

  const taken = new Set<string>(
    (await ds.query(`SELECT username FROM users WHERE username = ANY($1)`, [DEMO_ACCOUNTS.map((a) => a.username)])).map(
      (r: { username: string }) => r.username,
    ),
  );
  const accounts = DEMO_ACCOUNTS.filter((a) => !taken.has(a.username));
  const password = `Demo-${randomBytes(9).toString('base64url')}`;
  await createAccountsAsSystem(app, accounts.map((a) => ({ ...a, password })));
  const text =
    `Demo accounts (demo database only): ${accounts.map((a) => a.username).join(', ')}\n` +
    (taken.size ? `Not created (the name is taken): ${[...taken].join(', ')}\n` : '') +
    `Password of each: ${password}\n` +
    'Sign in: mutation { login(input: { username: "admin", password: "…" }) { accessToken } }\n';
  let kept = '';
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    const file = join(dir, 'demo-accounts.txt');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, text, { mode: 0o600 });
      kept = `(also in ${file})\n`;
    } catch (e) {
      // The accounts exist; only the note is lost. Say so rather than stop the start.
      kept = `(not kept in ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; note the password now)\n`;
    }
  }
  process.stderr.write(`\n${text}${kept}\n`);
}
