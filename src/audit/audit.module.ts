import { Global, Module } from '@nestjs/common';
import { AuditVerifier } from './audit-verifier';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The audit trail: every module records into it; it knows none of them. */
@Global()
@Module({
  providers: [AuditRepository, AuditVerifier, AuditService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
