import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { FieldCipher } from '../common/crypto/field-cipher';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { defineLazyValue, maskedField } from '../common/protection/protected-field';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { SOCIAL_ASSISTANCE_ID_NUMBER } from './disability.declaration';
import { SocialAssistanceCategory, SocialAssistanceRosterEntryEntity } from './social-assistance.entities';

registerEnumType(SocialAssistanceCategory, {
  name: 'SocialAssistanceCategory',
  description: 'What a civil-affairs social-assistance roster lists (社会救助, RULES.md §7).',
  valuesMap: {
    DIBAO: { description: '农村最低生活保障 (低保).' },
    TEKUN: { description: '特困人员救助供养 (特困).' },
    TEMPORARY: { description: '临时救助.' },
  },
});

@ObjectType('SocialAssistanceRosterEntry', {
  description:
    'A person on a civil-affairs social-assistance roster (低保, 特困, 临时救助), as imported (kind social-assistance). The ID number is masked; see revealPersonalData (SOCIAL_ASSISTANCE_ID_NUMBER). Its region is the village the roster places the household in; civil affairs (民政) keeps it.',
})
export class SocialAssistanceRosterEntry {
  @Field(() => ID, { description: 'Unique id of the roster entry (a UUID).' })
  id: string;

  @Field(() => SocialAssistanceCategory, { description: '救助类别.' })
  category: SocialAssistanceCategory;

  @Field({ description: '民政户编号: the civil-affairs household the person is covered in.' })
  civilHouseholdNumber: string;

  @Field({ description: '姓名.' })
  personName: string;

  @Field(() => String, { nullable: true, description: '身份证号, masked as the registry masks ID numbers.' })
  idNumber: string | null;

  @Field(() => GraphQLDecimal, { description: '月救助金额 (yuan per month, the person’s share as the roster lists it).' })
  monthlyAmount: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '低保标准 applied (元/人/年); null where the roster gives none.' })
  dibaoStandard: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'Covered from (享受起始日期).' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Covered until (inclusive); null while still covered.' })
  endsOn: string | null;

  @Field({ description: 'The village (12-digit division code).' })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (CIVIL_AFFAIRS).' })
  sector: Sector;

  @Field(() => Int, { description: 'Optimistic-lock version of the entry (a re-import that changes it raises it).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the entry was first imported (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the entry last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** The answer from the row: the ciphertext and blind index never leave; the ID number is masked when read. */
  static from(e: SocialAssistanceRosterEntryEntity, cipher: FieldCipher): SocialAssistanceRosterEntry {
    const { idNumberEnc: _enc, idNumberHash: _hash, ...rest } = e;
    const out = Object.assign(new SocialAssistanceRosterEntry(), rest);
    defineLazyValue(out, 'idNumber', () => maskedField(cipher, SOCIAL_ASSISTANCE_ID_NUMBER, e));
    return out;
  }
}

@ObjectType({ description: connectionDescription('social-assistance roster entries (低保, 特困, 临时救助)') })
export class SocialAssistanceRosterEntryConnection extends ConnectionType(SocialAssistanceRosterEntry) {}

@ArgsType()
export class SocialAssistanceRosterArgs extends ConnectionArgs {
  @Field(() => SocialAssistanceCategory, { nullable: true, description: 'Only this category.' })
  @IsOptional()
  @IsEnum(SocialAssistanceCategory)
  category?: SocialAssistanceCategory;

  @Field(() => String, { nullable: true, description: 'Only this civil-affairs household (民政户编号).' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  civilHouseholdNumber?: string;

  @Field(() => String, { nullable: true, description: "Only entries in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Only entries covering this day (started by it, not ended before it).' })
  @IsOptional()
  @IsString()
  coveredOn?: string;

  @Field(() => String, { nullable: true, description: 'Only the entries of the person with this ID number (looked up by its blind index, never stored or compared in clear).' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  idNumber?: string;
}
