import { Module } from '@nestjs/common';
import { RegistryImportPort } from './registry-import.port';

/** The registry's import port (see registry-import.port.ts), registered with the kit's ImportPorts. */
@Module({ providers: [RegistryImportPort] })
export class HouseholdsImportModule {}
