import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { ParametersController } from './parameters.controller';
import { ParametersRepository } from './parameters.repository';
import { ParametersResolver } from './parameters.resolver';
import { ParametersService } from './parameters.service';

/**
 * Policy parameters (issue #13). Exports ParametersService (valueAt, valuesAt, ParametersUsed,
 * workingDayDeadline) for the modules whose rules read amounts, thresholds and deadlines.
 */
@Module({
  imports: [RegionsModule],
  controllers: [ParametersController],
  providers: [ParametersRepository, ParametersService, ParametersResolver],
  exports: [ParametersService],
})
export class ParametersModule {}
