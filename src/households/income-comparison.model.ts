import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLDecimal } from '../common/scalars/scalars';

/**
 * The household and the registry's side of an income comparison (src/households/income-comparison.ts):
 * each module that pays households extends it with what it paid by component and the disagreements.
 */
@ObjectType({ isAbstract: true })
export abstract class RegistryIncomeBeside {
  @Field(() => ID, { description: 'The household.' })
  householdId: string;

  @Field({ description: '户编号.' })
  householdNumber: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'Whether the registry has an income record for the year (without one, its components read 0).' })
  registryRecorded: boolean;

  @Field(() => GraphQLDecimal, { description: "The registry's wages for the year." })
  registryWages: string;

  @Field(() => GraphQLDecimal, { description: "The registry's production and business income." })
  registryProductionBusiness: string;

  @Field(() => GraphQLDecimal, { description: "The registry's property income (asset-income dividends included)." })
  registryProperty: string;

  @Field(() => GraphQLDecimal, { description: "The registry's asset-income dividends." })
  registryAssetIncomeDividend: string;
}
