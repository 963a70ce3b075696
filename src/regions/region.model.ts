import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../common/scalars/scalars';
import { RegionEntity, RegionLevel } from './region.entity';

registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Level in the division tree: 省, 市, 区/县, 镇/街道, 村/社区.',
  valuesMap: {
    PROVINCE: { description: '省' },
    CITY: { description: '市' },
    DISTRICT: { description: '区/县' },
    TOWN: { description: '镇/街道' },
    VILLAGE: { description: '村/社区' },
  },
});

@ObjectType('Region', { description: 'A region of the statistical division tree (行政区划).' })
export class Region {
  @Field(() => ID)
  id: string;

  @Field({ description: '12-digit statistical division code, e.g. 410106100201.' })
  code: string;

  @Field()
  name: string;

  @Field(() => RegionLevel)
  level: RegionLevel;

  @Field(() => String, { nullable: true })
  parentCode: string | null;

  @Field(() => Int, { description: 'Send it back with an update; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar)
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar)
  updatedAt: Date;

  static from(e: RegionEntity): Region {
    const r = new Region();
    r.id = e.id;
    r.code = e.code;
    r.name = e.name;
    r.level = e.level;
    r.parentCode = e.parentCode;
    r.version = e.version;
    r.createdAt = e.createdAt;
    r.updatedAt = e.updatedAt;
    return r;
  }
}

@ObjectType()
export class RegionConnection extends ConnectionType(Region) {}
