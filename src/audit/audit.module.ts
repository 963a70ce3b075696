import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SECRETS, Secrets } from '../config/secrets';
import { AuditCheckpointFile } from './audit-checkpoint';
import { AuditCheckpointer } from './audit-checkpointer';
import { AUDIT_CHAIN_KEYS, AUDIT_CHECKPOINTS, AuditVerifier } from './audit-verifier';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The audit trail: every module records into it; it knows none of them. */
@Global()
@Module({
  providers: [
    AuditRepository,
    { provide: AUDIT_CHAIN_KEYS, useFactory: (secrets: Secrets) => secrets.auditChain.byId, inject: [SECRETS] },
    {
      provide: AUDIT_CHECKPOINTS,
      useFactory: (config: AppConfig, secrets: Secrets) =>
        config.audit.checkpointFile ? new AuditCheckpointFile(config.audit.checkpointFile, secrets.auditChain) : null,
      inject: [APP_CONFIG, SECRETS],
    },
    AuditVerifier,
    AuditService,
    AuditCheckpointer,
    AuditResolver,
  ],
  exports: [AuditService],
})
export class AuditModule {}
