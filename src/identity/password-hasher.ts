import { randomBytes, scrypt as scryptCb, timingSafeEqual, ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const KEY_LENGTH = 32;

/**
 * Passwords hashed with scrypt (memory-hard; node:crypto, no native add-on). Stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>` so the cost can rise later: a hash made
 * with a lower cost is recognised by `needsRehash` and replaced at the next sign-in.
 */
export class PasswordHasher {
  constructor(private readonly log2N: number) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const r = 8;
    const p = 1;
    const key = await scrypt(password, salt, KEY_LENGTH, this.options(this.log2N, r, p));
    return ['scrypt', this.log2N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [, n, r, p, salt, hash] = parts;
    const expected = Buffer.from(hash, 'base64');
    const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, this.options(Number(n), Number(r), Number(p)));
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  needsRehash(stored: string): boolean {
    return Number(stored.split('$')[1]) < this.log2N;
  }

  private options(log2N: number, r: number, p: number): ScryptOptions {
    const N = 2 ** log2N;
    return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  }
}

/** Password rules: 12+ characters with at least three of lower, upper, digit, symbol. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 12) return '密码至少 12 位 (at least 12 characters)';
  if (password.length > 128) return '密码最多 128 位 (at most 128 characters)';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类 (use three of: lower, upper, digit, symbol)';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名 (must not contain the username)';
  return null;
}
