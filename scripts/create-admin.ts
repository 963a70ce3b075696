/**
 * Creates an account as the operator: `npm run admin:create -- --username NAME --region CODE [--name 显示名] [--role ROLE]`
 * A district administrator unless `--role` names another role (e.g. `district_officer`, the first
 * account that issues API keys). The operator grants the role directly: no second administrator
 * approves it (see README, separation of duties). The password is read from the ADMIN_PASSWORD
 * environment variable or, when it is not set, from standard input (one line). There is no
 * default password.
 */
import { Role } from '../src/common/access/permissions';
import { createAccountsAsSystem } from '../src/identity/bootstrap-admin';
import { flags, withService } from './cli-context';

/** Roles of people; integration access is by API key. Sector officers need a sector: create them in the API. */
const OPERATOR_ROLES: readonly Role[] = Object.values(Role).filter((r) => r !== Role.INTEGRATION && r !== Role.SECTOR_OFFICER);

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (12+ characters, three of lower/upper/digit/symbol): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

const f = flags(process.argv.slice(2));
const role = (f.role ?? Role.DISTRICT_ADMIN) as Role;
if (!f.username || !f.region || !OPERATOR_ROLES.includes(role)) {
  process.stderr.write(
    `usage: npm run admin:create -- --username NAME --region 12-DIGIT-CODE [--name DISPLAY_NAME] [--role ${OPERATOR_ROLES.join('|')}]\n`,
  );
  process.exit(2);
}
void (async () => {
  const password = await readPassword();
  await withService(async (service) => {
    await createAccountsAsSystem(service.app, [
      { username: f.username, displayName: f.name ?? (role === Role.DISTRICT_ADMIN ? '系统管理员' : f.username), password, regionCode: f.region, roles: [role] },
    ]);
    process.stdout.write(`created ${role} ${f.username.toLowerCase()} for region ${f.region}\n`);
  });
})();
