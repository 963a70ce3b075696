import { ageOn, todayInChina } from '../common/dates/local-date';
import { column, columns, computed, list, masked, ReadDeclaration, row } from '../common/graphql/compiled-read';
import { divideAmount } from '../common/money/money';
import { HouseholdIncomeEntity } from './household-income.entity';
import { IncomeComponents, INCOME_COMPONENTS, incomeTotals } from './household-income';
import { HouseholdEntity } from './household.entity';
import { MemberEntity } from './member.entity';
import { memberAtYearEndSql, membersOrderSql } from './members.repository';
import { BANK_ACCOUNT, CONTACT_PHONE, DISABILITY_CERTIFICATE, ID_NUMBER } from './protected-fields';
import { coded, codedList } from './registry-enums';
import * as Codes from './registry-codes';

type Codes = Parameters<typeof coded>[0];
const one = (list: Codes) => column<string | null>((v) => coded(list, v));
const many = (list: Codes) => column<string[] | null>((v) => codedList(list, v));
/** An income row's totals, computed once for the fields that show them. */
const totalsOf = (() => {
  const memo = new WeakMap<IncomeComponents, ReturnType<typeof incomeTotals>>();
  return (i: IncomeComponents) => {
    let t = memo.get(i);
    if (!t) memo.set(i, (t = incomeTotals(i)));
    return t;
  };
})();

/**
 * How the registry's types are read by a compiled read (src/common/graphql/compiled-read.ts): the
 * same values as the models' `from` and the field resolvers of households.resolver.ts,
 * members.resolver.ts and household-income.resolver.ts (test/households/compiled-read.e2e-spec.ts
 * compares both paths). As-of reads are not compiled (the resolvers read them as of their date).
 */
export const HOUSEHOLDS_READS: readonly ReadDeclaration[] = [
  {
    type: 'Household',
    entity: HouseholdEntity,
    values: {
      memberCount: (h) => `(SELECT count(*)::int FROM members ${h}_mc WHERE ${h}_mc.household_id = ${h}.id AND ${h}_mc.active)`,
    },
    fields: {
      ...columns(
        'id', 'householdNumber', 'regionCode', 'headMemberId', 'validity', 'exitYear', 'yearRegistered', 'militaryFamily', 'onlyChild', 'twoDaughters',
        'relocated', 'resettlementSite', 'foodClothingSecure', 'safeDrinkingWater', 'drinkingWaterDifficulty', 'hasElectricity', 'ownsHousing',
        'dilapidatedHousing', 'housingArea', 'sanitaryToilet', 'distanceToRoadKm', 'cooperativeMember', 'cultivatedLandMu', 'forestLandMu', 'bankName',
        'version', 'createdAt', 'updatedAt',
      ),
      status: one(Codes.PovertyStatus),
      identificationStandard: one(Codes.IdentificationStandard),
      attribute: one(Codes.HouseholdAttribute),
      primaryCause: one(Codes.PovertyCause),
      otherCauses: many(Codes.PovertyCause),
      relocationScope: one(Codes.RelocationScope),
      resettlementMode: one(Codes.ResettlementMode),
      dilapidationGrade: one(Codes.DilapidationGrade),
      roadType: one(Codes.RoadType),
      mainFuel: one(Codes.Fuel),
      contactPhone: masked(CONTACT_PHONE),
      bankAccount: masked(BANK_ACCOUNT),
      memberCount: computed(['memberCount'], (h) => h.memberCount),
      region: row('Region', (h, r) => `regions ${r} WHERE ${r}.code = ${h}.region_code`),
      // The head, current or not (the resolver reads it by id when it is not a current member), in the caller's scope.
      head: row('Member', (h, m, _args, scope) => `members ${m} WHERE ${m}.id = ${h}.head_member_id AND ${scope.regionScope(`${m}.region_code`)}`),
      members: list(
        'Member',
        (h, m, { includeFormer }) => `members ${m} WHERE ${m}.household_id = ${h}.id${includeFormer ? '' : ` AND ${m}.active`}`,
        membersOrderSql,
      ),
      incomes: list(
        'HouseholdIncome',
        (h, i, { year }, scope) => `household_incomes ${i} WHERE ${i}.household_id = ${h}.id${year == null ? '' : ` AND ${i}.year = ${scope.param(year)}`}`,
        (i) => `${i}.year DESC`,
      ),
    },
  },
  {
    type: 'Member',
    entity: MemberEntity,
    fields: {
      ...columns(
        'id', 'householdId', 'regionCode', 'active', 'name', 'birthDate', 'ethnicity', 'politicalStatus', 'schoolingExemption', 'disabilityGrade',
        'monthsWorked', 'lowIncomeSupport', 'extremePovertySupport', 'diedOn', 'joinedOn', 'joinReason', 'leftOn', 'leaveReason', 'version',
        'createdAt', 'updatedAt',
      ),
      idType: one(Codes.IdType),
      sex: one(Codes.Sex),
      relation: one(Codes.Relation),
      educationLevel: one(Codes.EducationLevel),
      schoolingStatus: one(Codes.SchoolingStatus),
      health: many(Codes.HealthCondition),
      disabilityType: one(Codes.DisabilityType),
      labourSkill: one(Codes.LabourSkill),
      workPlace: one(Codes.WorkPlace),
      idNumber: masked(ID_NUMBER, ''),
      disabilityCertificate: masked(DISABILITY_CERTIFICATE),
      age: computed<Pick<MemberEntity, 'birthDate'>, { on?: string | null }>(['birthDate'], (m, { on }) => ageOn(m.birthDate, on ?? todayInChina())),
      // The household in the caller's scope (HouseholdsLoaders.householdById), null outside it.
      household: row('Household', (m, h, _args, scope) => `households ${h} WHERE ${h}.id = ${m}.household_id AND ${scope.regionScope(`${h}.region_code`)}`),
    },
  },
  {
    type: 'HouseholdIncome',
    entity: HouseholdIncomeEntity,
    values: {
      // The household's size at the end of the year (HouseholdsLoaders.sizeAtYearEnd's condition).
      sizeAtYearEnd: (i) => `(SELECT count(*)::int FROM members ${i}_sz WHERE ${i}_sz.household_id = ${i}.household_id AND ${memberAtYearEndSql(`${i}_sz`, `${i}.year`)})`,
    },
    fields: {
      ...columns('householdId', ...INCOME_COMPONENTS, 'version', 'updatedAt'),
      year: column<string | number>(Number),
      transfers: computed<IncomeComponents>(INCOME_COMPONENTS, (i) => totalsOf(i).transfers),
      annualIncome: computed<IncomeComponents>(INCOME_COMPONENTS, (i) => totalsOf(i).annualIncome),
      netIncome: computed<IncomeComponents>(INCOME_COMPONENTS, (i) => totalsOf(i).netIncome),
      householdSize: computed(['sizeAtYearEnd'], (i) => i.sizeAtYearEnd),
      perCapitaNetIncome: computed<IncomeComponents & { sizeAtYearEnd: number }>([...INCOME_COMPONENTS, 'sizeAtYearEnd'], (i) => divideAmount(totalsOf(i).netIncome, i.sizeAtYearEnd)),
    },
  },
];
