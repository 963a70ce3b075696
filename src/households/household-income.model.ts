import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLDateTimeScalar, GraphQLDecimal } from '../common/scalars/scalars';
import { HouseholdIncomeEntity } from './household-income.entity';
import { incomeTotals } from './household-income';

/** A household's income of one year (national structure); the totals are computed, never stored. */
@ObjectType('HouseholdIncome', { description: '家庭收入 (one year). Totals are computed from the components.' })
export class HouseholdIncome {
  @Field(() => ID, { description: 'Id of the household.' })
  householdId: string;

  @Field(() => Int, { description: 'The income year.' })
  year: number;

  @Field(() => GraphQLDecimal, { description: '工资性收入' })
  wages: string;

  @Field(() => GraphQLDecimal, { description: '生产经营性收入' })
  productionBusiness: string;

  @Field(() => GraphQLDecimal, { description: '财产性收入 (incl. 资产收益扶贫分红)' })
  property: string;

  @Field(() => GraphQLDecimal, { description: 'of which 资产收益扶贫分红' })
  assetIncomeDividend: string;

  @Field(() => GraphQLDecimal, { description: '计划生育金' })
  transferFamilyPlanning: string;

  @Field(() => GraphQLDecimal, { description: '低保金' })
  transferLowIncome: string;

  @Field(() => GraphQLDecimal, { description: '特困供养金' })
  transferExtremePoverty: string;

  @Field(() => GraphQLDecimal, { description: '养老保险金' })
  transferPension: string;

  @Field(() => GraphQLDecimal, { description: '生态补偿金' })
  transferEcological: string;

  @Field(() => GraphQLDecimal, { description: '其他转移性收入' })
  transferOther: string;

  @Field(() => GraphQLDecimal, { description: '生产经营性支出' })
  productionCosts: string;

  @Field(() => GraphQLDecimal, { description: '转移性收入 = the six transfers (computed).' })
  transfers: string;

  @Field(() => GraphQLDecimal, { description: '年收入 = wages + production/business + property + transfers (computed).' })
  annualIncome: string;

  @Field(() => GraphQLDecimal, { description: '纯收入 = annual income − production costs (computed).' })
  netIncome: string;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with an update; a stale one answers CONFLICT (VERSION_MISMATCH).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: HouseholdIncomeEntity): HouseholdIncome {
    const t = incomeTotals(e);
    return Object.assign(new HouseholdIncome(), {
      householdId: e.householdId,
      year: Number(e.year),
      wages: e.wages,
      productionBusiness: e.productionBusiness,
      property: e.property,
      assetIncomeDividend: e.assetIncomeDividend,
      transferFamilyPlanning: e.transferFamilyPlanning,
      transferLowIncome: e.transferLowIncome,
      transferExtremePoverty: e.transferExtremePoverty,
      transferPension: e.transferPension,
      transferEcological: e.transferEcological,
      transferOther: e.transferOther,
      productionCosts: e.productionCosts,
      transfers: t.transfers,
      annualIncome: t.annualIncome,
      netIncome: t.netIncome,
      version: e.version,
      updatedAt: e.updatedAt,
    });
  }
}
