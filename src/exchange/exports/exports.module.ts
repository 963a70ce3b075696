import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../../households/households.module';
import { ExportsController, KindExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';
import { KindExportsService } from './kind-exports.service';

/** Streaming export of the registry (CSV, XLSX, NDJSON), of other modules' kinds in their import columns, and the import template. */
@Module({
  imports: [HouseholdsModule],
  controllers: [ExportsController, KindExportsController],
  providers: [ExportsRepository, ExportsService, KindExportsService],
})
export class ExportsModule {}
