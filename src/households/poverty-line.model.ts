import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLDateTimeScalar, GraphQLDecimal } from '../common/scalars/scalars';
import { PovertyLineEntity } from './poverty-line.entity';

/** 贫困线 of a year, yuan per person per year. */
@ObjectType('PovertyLine', { description: '贫困线 (yuan per person per year): the national line and the provincial exit line, kept apart.' })
export class PovertyLine {
  @Field(() => Int, { description: 'The year the line applies to.' })
  year: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: '国家扶贫标准 (current prices)' })
  nationalLine: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '省定脱贫标准 applied by the district' })
  provincialExitLine: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from (document, notice); null if not given.' })
  source: string | null;

  @Field({ description: 'A demo value, not a confirmed figure.' })
  isDemo: boolean;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with an update; a stale one answers CONFLICT (VERSION_MISMATCH).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: PovertyLineEntity): PovertyLine {
    return Object.assign(new PovertyLine(), {
      year: Number(e.year),
      nationalLine: e.nationalLine,
      provincialExitLine: e.provincialExitLine,
      source: e.source,
      isDemo: e.isDemo,
      version: e.version,
      updatedAt: e.updatedAt,
    });
  }
}
