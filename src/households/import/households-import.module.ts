import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { RegistryImportPort } from './registry-import.port';

/** The registry's import port (see registry-import.port.ts), registered with the kit's ImportPorts; PROPOSE proposes through the lifecycle's ProposalsService. */
@Module({ imports: [LifecycleModule], providers: [RegistryImportPort] })
export class HouseholdsImportModule {}
