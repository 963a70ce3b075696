import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../../households/households.module';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/** Streaming export of the registry (CSV, XLSX, NDJSON) and the import template. */
@Module({
  imports: [HouseholdsModule],
  controllers: [ExportsController],
  providers: [ExportsRepository, ExportsService],
})
export class ExportsModule {}
