import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLDateTimeScalar, GraphQLDecimal } from '../common/scalars/scalars';
import { PovertyLineEntity } from './poverty-line.entity';

/** 贫困线 of a year, yuan per person per year. */
@ObjectType('PovertyLine', { description: '贫困线 (yuan per person per year): the national line and the provincial exit line, kept apart.' })
export class PovertyLine {
  @Field(() => Int)
  year: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: '国家扶贫标准 (current prices)' })
  nationalLine: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '省定脱贫标准 applied by the district' })
  provincialExitLine: string | null;

  @Field(() => String, { nullable: true })
  source: string | null;

  @Field({ description: 'A demo value, not a confirmed figure.' })
  isDemo: boolean;

  @Field(() => Int)
  version: number;

  @Field(() => GraphQLDateTimeScalar)
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
