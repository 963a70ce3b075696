import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { AuditEntryEntity } from './audit-entry.entity';

/** The permissions of the audit module: what each allows and who holds it. */
export const AUDIT_PERMISSIONS = definePermissions({
  'audit.read': { description: 'Read the audit trail (审计日志) and verify its hash chain.', roles: [Role.AUDITOR], secondParty: true },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof AUDIT_PERMISSIONS> {}
}

/** The audit trail (append-only, keyed chain): what the audit module brings to the app (merged in src/app.modules.ts). */
export const AUDIT: ModuleDeclaration = {
  name: 'audit',
  entities: [AuditEntryEntity],
  permissions: AUDIT_PERMISSIONS,
  protectedFields: [],
  settings: {
    AUDIT_CHAIN_KEY: 'keys of the audit hash chain, id:base64key[,id:base64key…] (32+ random bytes each): the first signs new rows (HMAC-SHA256), the others still verify rows signed before a rotation',
    AUDIT_CHECKPOINT_FILE: 'file (outside the database) for signed checkpoints of the audit chain\'s head; unset = no checkpoints, and removed newest rows go unseen',
    AUDIT_CHECKPOINT_INTERVAL_MS: 'how often the checkpoint advances (also once at start)',
  },
};
