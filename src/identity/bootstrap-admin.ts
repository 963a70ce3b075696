import type { INestApplication, LoggerService } from '@nestjs/common';
import { AccessPolicy } from '../common/access/access-policy';
import { Role } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { subtreePrefix } from '../common/region/region-code';
import { RegionsService } from '../regions/regions.service';
import { UsersRepository } from './users.repository';
import { CreateUser, UsersService } from './users.service';

const SYSTEM_ID = '00000000-0000-0000-0000-000000000000';

/** Acting as the system (no person): used only to create the first accounts. */
async function systemPrincipalFor(app: INestApplication, regionCode: string): Promise<Principal> {
  const region = await app.get(RegionsService).findByCode(regionCode);
  if (!region) throw new Error(`region ${regionCode} does not exist: load the division list first (npm run regions:import)`);
  return {
    kind: 'user',
    id: SYSTEM_ID,
    personId: SYSTEM_ID,
    name: 'system',
    roles: [Role.DISTRICT_ADMIN],
    permissions: app.get(AccessPolicy).permissionsOf([Role.DISTRICT_ADMIN]),
    regionCode: region.code,
    scopePrefix: subtreePrefix(region.code, region.level),
  };
}

/**
 * Creates accounts as the operator (the first district administrator, admin:create, the demo
 * seed): their roles are granted at once, with no second administrator to approve them, and no
 * password change is required at first sign-in.
 */
export async function createAccountsAsSystem(app: INestApplication, accounts: CreateUser[]): Promise<void> {
  const users = app.get(UsersService);
  for (const account of accounts) {
    await users.create(await systemPrincipalFor(app, account.regionCode), account, { asOperator: true });
  }
}

/**
 * The first district administrator, from BOOTSTRAP_ADMIN_* at start-up: created only while no
 * district administrator exists, so the variables can stay set without effect afterwards.
 * There is no built-in account or default password.
 */
export async function ensureBootstrapAdmin(
  app: INestApplication,
  spec: { username: string; password: string; regionCode: string } | undefined,
  logger?: LoggerService,
): Promise<boolean> {
  if (!spec) return false;
  const users = app.get(UsersRepository);
  if ((await users.countWithRole(Role.DISTRICT_ADMIN)) > 0) {
    // Said once a start when it matters: the named account does not exist, so the variables did nothing.
    if (!(await users.findByUsernameForAuth(spec.username))) {
      logger?.warn?.(`BOOTSTRAP_ADMIN_USERNAME "${spec.username}" not created: a district administrator already exists`, 'Bootstrap');
    }
    return false;
  }
  if (!(await app.get(RegionsService).findByCode(spec.regionCode))) {
    throw new Error(
      `BOOTSTRAP_ADMIN_REGION ${spec.regionCode} is not in the division list: load the list first (npm run regions:import -- FILE.csv)`,
    );
  }
  await createAccountsAsSystem(app, [
    { username: spec.username, displayName: '系统管理员', password: spec.password, regionCode: spec.regionCode, roles: [Role.DISTRICT_ADMIN] },
  ]);
  logger?.log(`created the first district administrator "${spec.username}" for region ${spec.regionCode}`, 'Bootstrap');
  return true;
}
