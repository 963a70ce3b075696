import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { FindingSeverity } from './finding.entity';

/**
 * The fields a finding raised from another record takes from its caller (a substantiated hotline
 * case, an inspection visit): the classification and the responsibility. Source, place and the
 * record it came from are the record's. Each input adds its record's id and version, the
 * description and the found date with its own default.
 */
@InputType({ isAbstract: true })
export abstract class FindingFromRecordFields {
  @Field({ description: 'The category: a code of supervision.finding_categories in force on the found date.' })
  @IsString()
  @MaxLength(100)
  category: string;

  @Field(() => String, { nullable: true, description: 'The sub-item: a listed code of supervision.finding_subitems.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subitem?: string | null;

  @Field(() => FindingSeverity, { description: 'How grave it is.' })
  @IsEnum(FindingSeverity)
  severity: FindingSeverity;

  @Field({ description: 'The lead unit (牵头单位).' })
  @IsString()
  @MaxLength(100)
  leadUnit: string;

  @Field({ description: 'The responsible unit (责任单位).' })
  @IsString()
  @MaxLength(100)
  responsibleUnit: string;

  @Field({ description: 'The responsible person (责任人).' })
  @IsString()
  @MaxLength(50)
  responsiblePerson: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The rectification deadline (not before the found date).' })
  @IsString()
  deadline: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The registration date (default today).' })
  @IsOptional()
  registeredOn?: string | null;
}
