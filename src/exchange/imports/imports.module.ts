import { Module } from '@nestjs/common';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportRunner } from './import-runner';
import { ImportThreads } from './import-thread';
import { ImportWorker } from './import-worker';
import { ImportsController } from './imports.controller';
import { ImportsResolver } from './imports.resolver';
import { ImportsService } from './imports.service';

/** Bulk import as jobs: upload, job rows, readers, runner, worker and report; what a file means is the import port of its kind (src/common/imports, the registry's in src/households/import). */
@Module({
  controllers: [ImportsController],
  providers: [ImportJobsRepository, ImportRunner, ImportThreads, ImportWorker, ImportsService, ImportsResolver],
  exports: [ImportsService, ImportRunner],
})
export class ImportsModule {}
