import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDecimal } from '../common/scalars/scalars';
import { HouseholdEntity } from '../households/household.entity';
import { EmploymentRegistryDisagreement, HouseholdEmploymentYear } from './employment-registry.service';

registerEnumType(EmploymentRegistryDisagreement, {
  name: 'EmploymentRegistryDisagreement',
  description: 'What disagrees between the employment records of a year and the registry.',
  valuesMap: {
    WAGES: { description: "The registry's wage income (工资性收入) of the year is below what the household's employment records of the year earned." },
    MONTHS: { description: "A current member's months worked in the registry (务工时间; empty = 0) differ from the months of the member's records of the year." },
  },
});

@ObjectType('MemberEmploymentMonths', { description: "A current member's months worked: the registry's beside the employment records' of the year." })
export class MemberEmploymentMonths {
  @Field(() => ID, { description: 'The member.' })
  memberId: string;

  @Field({ description: "The member's name." })
  name: string;

  @Field(() => Int, { nullable: true, description: "The registry's months worked (务工时间); null when empty." })
  registryMonthsWorked: number | null;

  @Field(() => Int, { description: "The records' months of the year (their sum, at most 12)." })
  monthsWorked: number;
}

@ObjectType('HouseholdEmploymentIncome', {
  description: "A household's year by the employment records beside the registry: wage income and each current member's months worked, and what disagrees. Nothing is written into the registry from here.",
})
export class HouseholdEmploymentIncome {
  @Field(() => ID, { description: 'The household.' })
  householdId: string;

  @Field({ description: "The household's number (户编号)." })
  householdNumber: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'Whether the registry has an income record of the year (without one its wages count as 0).' })
  registryRecorded: boolean;

  @Field(() => GraphQLDecimal, { description: "The registry's wage income of the year (yuan)." })
  registryWages: string;

  @Field(() => GraphQLDecimal, { description: "What the household's employment records of the year earned: Σ months worked × monthly income (yuan)." })
  employmentWages: string;

  @Field(() => [MemberEmploymentMonths], { description: 'Current members, head first.' })
  members: MemberEmploymentMonths[];

  @Field(() => [EmploymentRegistryDisagreement], { description: 'What disagrees; empty when the two agree.' })
  disagreements: EmploymentRegistryDisagreement[];

  static from(h: HouseholdEntity, year: number, f: HouseholdEmploymentYear): HouseholdEmploymentIncome {
    return Object.assign(new HouseholdEmploymentIncome(), { householdId: h.id, householdNumber: h.householdNumber, year, ...f });
  }
}

@ObjectType({ description: connectionDescription("households' employment years beside the registry") })
export class HouseholdEmploymentIncomeConnection extends ConnectionType(HouseholdEmploymentIncome) {}

@ArgsType()
export class HouseholdEmploymentIncomeArgs {
  @Field(() => ID, { description: 'The household (in your region).' })
  @IsUUID()
  householdId: string;

  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;
}
