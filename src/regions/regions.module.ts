import { Module } from '@nestjs/common';
import { RegionsLoaders } from './regions.loaders';
import { RegionsRepository } from './regions.repository';
import { RegionsResolver } from './regions.resolver';
import { RegionsService } from './regions.service';

@Module({
  providers: [RegionsRepository, RegionsService, RegionsLoaders, RegionsResolver],
  exports: [RegionsService, RegionsLoaders],
})
export class RegionsModule {}
