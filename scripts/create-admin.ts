/**
 * Creates a district administrator: `npm run admin:create -- --username NAME --region CODE [--name 显示名]`
 * The password is read from the ADMIN_PASSWORD environment variable or, when it is not set, from
 * standard input (one line). There is no default password.
 */
import { Role } from '../src/common/access/permissions';
import { createAccountsAsSystem } from '../src/identity/bootstrap-admin';
import { flags, withService } from './cli-context';

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (12+ characters, three of lower/upper/digit/symbol): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

const f = flags(process.argv.slice(2));
if (!f.username || !f.region) {
  process.stderr.write('usage: npm run admin:create -- --username NAME --region 12-DIGIT-CODE [--name DISPLAY_NAME]\n');
  process.exit(2);
}
void (async () => {
  const password = await readPassword();
  await withService(async (service) => {
    await createAccountsAsSystem(service.app, [
      { username: f.username, displayName: f.name ?? '系统管理员', password, regionCode: f.region, roles: [Role.DISTRICT_ADMIN] },
    ]);
    process.stdout.write(`created district administrator ${f.username.toLowerCase()} for region ${f.region}\n`);
  });
})();
