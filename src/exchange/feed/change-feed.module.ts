import { Module } from '@nestjs/common';
import { RegionsModule } from '../../regions/regions.module';
import { ChangeFeedRepository } from './change-feed.repository';
import { ChangeFeedResolver } from './change-feed.resolver';
import { ChangeFeedService } from './change-feed.service';

/** The change feed's read side (the migration's triggers write it). */
@Module({
  imports: [RegionsModule],
  providers: [ChangeFeedRepository, ChangeFeedService, ChangeFeedResolver],
  exports: [ChangeFeedService],
})
export class ChangeFeedModule {}
