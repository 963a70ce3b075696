/** Prints fresh JWT_SECRET, FIELD_KEYS, FIELD_KEY_ACTIVE, BLIND_INDEX_KEY and AUDIT_CHAIN_KEY lines for an env file. */
import { generateSecretsEnv } from '../src/config/secrets';

process.stdout.write(`${generateSecretsEnv()}\n`);
