import type { ModuleDeclaration } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { AuditEntryEntity } from './audit-entry.entity';

/** The audit trail (append-only, keyed chain): what the audit module brings to the app (merged in src/app.modules.ts). */
export const AUDIT: ModuleDeclaration = {
  name: 'audit',
  entities: [AuditEntryEntity],
  permissions: {
    'audit.read': { roles: [Role.AUDITOR], secondParty: true },
  },
  protectedFields: [],
  settings: {
    AUDIT_CHAIN_KEY: 'keys of the audit hash chain, id:base64key[,id:base64key…] (32+ random bytes each): the first signs new rows (HMAC-SHA256), the others still verify rows signed before a rotation',
    AUDIT_CHECKPOINT_FILE: 'file (outside the database) for signed checkpoints of the audit chain\'s head; unset = no checkpoints, and removed newest rows go unseen',
    AUDIT_CHECKPOINT_INTERVAL_MS: 'how often the checkpoint advances (also once at start)',
  },
};
