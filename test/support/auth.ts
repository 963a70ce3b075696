import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role, Sector } from '../../src/common/access/permissions';
import { DEMO_REGIONS_FILE } from '../../src/demo/seed';
import { createAccountsAsSystem } from '../../src/identity/bootstrap-admin';
import { RegionsService } from '../../src/regions/regions.service';
import { TestApp } from './test-app';

export const PASSWORD = 'Test-Passw0rd!';

/** Region codes of Shangjie used by access tests, with the tree relations between them. */
export const R = {
  district: '410106000000',
  town: '410106100000', // 峡窝镇
  village: '410106100201', // 北峡窝村, in town
  villageSameTown: '410106100202',
  siblingTown: '410106001000', // 济源路街道
  villageOfSiblingTown: '410106001001',
  otherDistrict: '410102000000', // 中原区 (loaded by loadRegions)
  otherDistrictTown: '410102001000',
} as const;

/** Shangjie's tree plus a neighbouring district, so cross-district checks have a target. */
export async function loadRegions(t: TestApp): Promise<void> {
  const regions = t.get(RegionsService);
  await regions.importCsvAsSystem(readFileSync(join(__dirname, '..', '..', DEMO_REGIONS_FILE)));
  await regions.importCsvAsSystem(
    'code,name,parent_code,level\n' +
      `${R.otherDistrict},中原区,410100000000,district\n` +
      `${R.otherDistrictTown},林山寨街道,${R.otherDistrict},town\n`,
  );
}

export interface SignedIn {
  userId: string;
  username: string;
  token: string;
  refreshToken: string;
  headers: Record<string, string>;
}

/** Creates an account with the given role and home region, and signs it in through GraphQL. */
export async function signIn(
  t: TestApp,
  role: Role,
  regionCode: string,
  extra: { sector?: Sector; phone?: string; username?: string } = {},
): Promise<SignedIn> {
  const username = extra.username ?? `${role.replace(/_/g, '')}-${randomBytes(3).toString('hex')}`;
  await createAccountsAsSystem(t.service.app, [
    {
      username,
      displayName: username,
      password: PASSWORD,
      regionCode,
      roles: [role],
      sector: extra.sector ?? (role === Role.SECTOR_OFFICER ? Sector.EDUCATION : null),
      phone: extra.phone,
    },
  ]);
  return login(t, username);
}

export async function login(t: TestApp, username: string, password = PASSWORD): Promise<SignedIn> {
  const res = await t.gql<{ login: { accessToken: string; refreshToken: string; user: { id: string } } }>(
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken user { id } } }`,
    { u: username, p: password },
  );
  if (!res.body.data?.login) throw new Error(`login failed: ${JSON.stringify(res.body.errors)}`);
  const { accessToken, refreshToken, user } = res.body.data.login;
  return { userId: user.id, username, token: accessToken, refreshToken, headers: { authorization: `Bearer ${accessToken}` } };
}

/**
 * First sign-in of an account an administrator created with `createUser`: it must change the
 * password (chosen by someone else) before anything else, which ends that sign-in; then signs in
 * with the new one.
 */
export async function signInFirstTime(t: TestApp, username: string, initialPassword: string, newPassword = `${PASSWORD}-new`): Promise<SignedIn> {
  const first = await login(t, username, initialPassword);
  const res = await t.gql(
    `mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { ok } }`,
    { c: initialPassword, n: newPassword },
    first.headers,
  );
  if (!(res.body.data as { changePassword?: { ok: boolean } } | undefined)?.changePassword?.ok) {
    throw new Error(`password change failed: ${JSON.stringify(res.body.errors)}`);
  }
  return login(t, username, newPassword);
}
