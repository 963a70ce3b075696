import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
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
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: '12-digit statistical division code, e.g. 410106100201.' })
  code: string;

  @Field({ description: 'Official name, e.g. 北峡窝村.' })
  name: string;

  @Field(() => RegionLevel, { description: 'Level in the tree (province … village).' })
  level: RegionLevel;

  @Field(() => String, { nullable: true, description: 'Code of the parent region; null for the top of the loaded tree.' })
  parentCode: string | null;

  @Field(() => Int, { description: 'Send it back with an update; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
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

@ObjectType({ description: connectionDescription('administrative divisions (行政区划)') })
export class RegionConnection extends ConnectionType(Region) {}
