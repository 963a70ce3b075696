import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { ChangeFeedEntryEntity } from './feed/change-feed-entry.entity';
import { ImportJobEntity } from './imports/import-job.entity';
import { ImportProblemEntity } from './imports/import-problem.entity';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhooks/webhook.entities';

/** The permissions of the exchange module: what each allows and who holds it. */
export const EXCHANGE_PERMISSIONS = definePermissions({
  'exchange.import': {
    description: 'Use bulk import (批量导入): upload files, follow one\'s import jobs, download templates; each kind also needs its module\'s permission (households.import, projects.write, …).',
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.INTEGRATION],
  },
  'exchange.export': {
    description: 'Use bulk export (批量导出): download files of the kinds one\'s module permissions allow (households.export for the registry, projects.read for projects and linkages, …).',
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.INTEGRATION],
  },
  'exchange.feed': { description: 'Read the change feed.', roles: [Role.DISTRICT_OFFICER, Role.INTEGRATION] },
  'webhooks.manage': { description: 'Manage webhook subscriptions to the change feed.', roles: [Role.DISTRICT_OFFICER, Role.INTEGRATION] },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof EXCHANGE_PERMISSIONS> {}
}

/**
 * Bulk import, export, the change feed and webhooks: what the exchange module brings to the app
 * (merged in src/app.modules.ts). The provincial platform and departments' systems use it through
 * API keys (the integration role); the district office manages the feed and webhooks.
 */
export const EXCHANGE: ModuleDeclaration = {
  name: 'exchange',
  entities: [ImportJobEntity, ImportProblemEntity, ChangeFeedEntryEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity],
  permissions: EXCHANGE_PERMISSIONS,
  protectedFields: [],
  settings: {
    WEBHOOKS_ENABLED: 'run the webhook dispatcher in this process',
    WEBHOOK_POLL_INTERVAL_MS: 'how often the dispatcher looks for due subscriptions',
    WEBHOOK_BATCH_SIZE: 'feed entries per delivery (1–1000)',
    WEBHOOK_TIMEOUT_MS: 'a receiver\'s time to answer before the attempt counts as failed',
    WEBHOOK_BACKOFF_BASE_MS: 'retry delay after the n-th failure: base · 2^(n−1), at most max',
    WEBHOOK_BACKOFF_MAX_MS: 'retry delay after the n-th failure: base · 2^(n−1), at most max',
    WEBHOOK_MAX_ATTEMPTS: 'failed attempts of one batch before it becomes a dead letter',
    WEBHOOK_PRIVATE_TARGETS: 'allow webhook URLs that reach loopback, private or link-local addresses (development, closed networks)',
    IMPORT_MAX_FILE_BYTES: 'upload size limit of POST /exchange/imports',
    IMPORT_MAX_ROW_BYTES: 'longest CSV record / NDJSON line; a longer one stops the file (ROW_TOO_LONG)',
    IMPORT_BATCH_HOUSEHOLDS: 'households per import transaction (the resume checkpoint)',
    IMPORT_WORKER_ENABLED: 'run queued imports in this process (the job runner\'s queue imports.run)',
    IMPORT_THREAD: 'run each import in a worker thread with a heap of its own (auto: on a PostgreSQL server; never on the embedded database, nor with modules plugged in from outside src/)',
    IMPORT_THREAD_HEAP_MB: 'ceiling of an import thread\'s old generation, MB (64–65536); V8 sizes its growth from it: lower keeps less garbage for more GC CPU; a thread that runs out of it fails the attempt',
    IMPORT_THREAD_IDLE_MS: 'an import thread without an import this long is closed (the next import starts one)',
    IMPORT_CONCURRENCY: 'imports one process runs at once (their batches still write one at a time)',
    IMPORT_STALE_AFTER_MS: 'the lease of an import\'s job on the job runner: a running import without heartbeat this long belongs to a dead process and another runner resumes it',
    IMPORT_MAX_ATTEMPTS: 'an import started this many times without ending (the process died while running it) is a dead job and fails as TOO_MANY_ATTEMPTS instead of resuming again',
    IMPORT_PART_MAX_AGE_MS: 'an upload\'s temporary file (imports/upload-*.part) untouched this long is left from an aborted upload or a killed process: deleted',
    IMPORT_PART_SWEEP_INTERVAL_MS: 'how often such files are looked for (and once at start)',
    IMPORT_MAX_HOUSEHOLD_ROWS: 'rows (members) one household may span; a longer one is refused as HOUSEHOLD_TOO_MANY_ROWS (only that many rows are held)',
    IMPORT_MAX_CELL_BYTES: 'XLSX: longest cell (CELL_TOO_LONG)',
    IMPORT_XLSX_MAX_PART_BYTES: 'XLSX: largest part of the zip once decompressed (XLSX_PART_TOO_LARGE)',
    IMPORT_XLSX_MAX_SHARED_STRINGS: 'XLSX: shared strings held in memory while the sheet is read, count and text bytes (XLSX_TOO_MANY_SHARED_STRINGS, XLSX_SHARED_STRINGS_TOO_LARGE)',
    IMPORT_XLSX_MAX_SHARED_STRING_BYTES: 'XLSX: shared strings held in memory while the sheet is read, count and text bytes (XLSX_TOO_MANY_SHARED_STRINGS, XLSX_SHARED_STRINGS_TOO_LARGE)',
  },
};
