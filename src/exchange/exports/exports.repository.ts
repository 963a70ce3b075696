import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/access/principal';
import { regionScopeSql } from '../../common/access/region-scope';

/** Which households to export; region scope of the caller is always applied on top. */
export interface ExportFilter {
  /** Code prefix of a region subtree (narrower than the caller's scope). */
  regionPrefix?: string;
  status?: string;
  /** null = any validity. */
  validity: string | null;
  yearRegistered?: number;
}

/** Keyset position: the last household written. */
export interface ExportCursor {
  householdNumber: string;
  id: string;
}

/** A household row under its exchange keys (see registry-columns), encrypted fields still encrypted. */
export interface ExportHouseholdRow extends Record<string, unknown> {
  id: string;
  householdNumber: string;
  regionCode: string;
  headMemberId: string | null;
  contactPhoneEnc: string | null;
  bankAccountEnc: string | null;
}

export interface ExportMemberRow extends Record<string, unknown> {
  id: string;
  householdId: string;
  relation: string;
  idNumberEnc: string;
  disabilityCertificateEnc: string | null;
}

export interface ExportIncomeRow extends Record<string, unknown> {
  householdId: string;
  year: number;
}

export interface ExportInsuranceRow {
  memberId: string;
  year: number;
  basicMedical: boolean;
  seriousIllness: boolean;
  pension: boolean;
  supplementaryMedical: boolean;
  accidentSubsidy: boolean;
}

const HOUSEHOLD_SELECT = `
  h.id, h.household_number AS "householdNumber", h.region_code AS "regionCode", r.name AS "villageName",
  h.head_member_id AS "headMemberId", h.identification_standard AS "identificationStandard", h.attribute,
  h.primary_cause AS "primaryCause", h.other_causes::text[] AS "otherCauses", h.year_registered AS "yearRegistered",
  h.status, h.exit_year AS "exitYear", h.military_family AS "militaryFamily", h.only_child AS "onlyChild",
  h.two_daughters AS "twoDaughters", h.food_clothing_secure AS "foodClothingSecure", h.owns_housing AS "ownsHousing", h.safe_drinking_water AS "safeDrinkingWater",
  h.drinking_water_difficulty AS "drinkingWaterDifficulty", h.has_electricity AS "hasElectricity",
  h.dilapidated_housing AS "dilapidatedHousing", h.dilapidation_grade AS "dilapidationGrade", h.housing_area AS "housingArea",
  h.sanitary_toilet AS "sanitaryToilet", h.road_type AS "roadType", h.main_fuel AS "mainFuel",
  h.distance_to_road_km AS "distanceToRoadKm", h.cooperative_member AS "cooperativeMember",
  h.cultivated_land_mu AS "cultivatedLandMu", h.forest_land_mu AS "forestLandMu", h.relocated,
  h.relocation_scope AS "relocationScope", h.resettlement_mode AS "resettlementMode",
  h.contact_phone_enc AS "contactPhoneEnc", h.bank_name AS "bankName", h.bank_account_enc AS "bankAccountEnc"`;

const MEMBER_SELECT = `
  m.id, m.household_id AS "householdId", m.name, m.sex, m.id_type AS "idType", m.id_number_enc AS "idNumberEnc",
  m.birth_date::text AS "birthDate", m.relation, m.ethnicity, m.political_status AS "politicalStatus",
  m.education_level AS "educationLevel", m.schooling_status AS "schoolingStatus", m.health::text[] AS health,
  m.disability_type AS "disabilityType", m.disability_grade AS "disabilityGrade",
  m.disability_certificate_enc AS "disabilityCertificateEnc", m.labour_skill AS "labourSkill", m.work_place AS "workPlace",
  m.months_worked AS "monthsWorked", m.low_income_support AS "lowIncomeSupport",
  m.extreme_poverty_support AS "extremePovertySupport"`;

const INCOME_SELECT = `
  i.household_id AS "householdId", i.year, i.wages, i.production_business AS "productionBusiness", i.property,
  i.asset_income_dividend AS "assetIncomeDividend", i.transfer_family_planning AS "transferFamilyPlanning",
  i.transfer_low_income AS "transferLowIncome", i.transfer_extreme_poverty AS "transferExtremePoverty",
  i.transfer_pension AS "transferPension", i.transfer_ecological AS "transferEcological",
  i.transfer_other AS "transferOther", i.production_costs AS "productionCosts"`;

/**
 * The export's reads, read-only SQL across the registry's tables (a report's own repository):
 * keyset pages of households in (household_number, id) order, then their members, incomes and
 * insurance by `= ANY($1)`. Each is one short statement outside any transaction, so a long
 * export never holds a transaction (or the embedded database's single session) open.
 */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The next page of households in the caller's scope after `after`. */
  householdPage(principal: Principal, filter: ExportFilter, after: ExportCursor | undefined, limit: number): Promise<ExportHouseholdRow[]> {
    const params: unknown[] = [];
    const where = [regionScopeSql('h.region_code', principal, params, { within: filter.regionPrefix || null })];
    const bind = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.validity !== null) bind((p) => `h.validity = ${p}`, filter.validity);
    if (filter.status) bind((p) => `h.status = ${p}`, filter.status);
    if (filter.yearRegistered !== undefined) bind((p) => `h.year_registered = ${p}`, filter.yearRegistered);
    if (after) {
      params.push(after.householdNumber, after.id);
      where.push(`(h.household_number, h.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${HOUSEHOLD_SELECT}
         FROM households h LEFT JOIN regions r ON r.code = h.region_code
        WHERE ${where.join(' AND ')}
        ORDER BY h.household_number, h.id
        LIMIT $${params.length}`,
      params,
    );
  }

  /** Current members of these households: head first, then by relation and birth date. */
  membersOf(householdIds: readonly string[]): Promise<ExportMemberRow[]> {
    if (!householdIds.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT ${MEMBER_SELECT}
         FROM members m
        WHERE m.household_id = ANY($1::uuid[]) AND m.active
        ORDER BY m.household_id, CASE WHEN m.relation = 'HEAD' THEN 0 ELSE 1 END, m.relation, m.birth_date, m.id`,
      [[...householdIds]],
    );
  }

  /** One income per household: of `year`, or the latest one it has. */
  incomesOf(householdIds: readonly string[], year: number | undefined): Promise<ExportIncomeRow[]> {
    if (!householdIds.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT DISTINCT ON (i.household_id) ${INCOME_SELECT}
         FROM household_incomes i
        WHERE i.household_id = ANY($1::uuid[]) AND ($2::int IS NULL OR i.year = $2::int)
        ORDER BY i.household_id, i.year DESC`,
      [[...householdIds], year ?? null],
    );
  }

  /** Insurance records of these members, newest year first (a few years each). */
  insuranceOf(memberIds: readonly string[]): Promise<ExportInsuranceRow[]> {
    if (!memberIds.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT mi.member_id AS "memberId", mi.year, mi.basic_medical AS "basicMedical", mi.serious_illness AS "seriousIllness",
              mi.pension, mi.supplementary_medical AS "supplementaryMedical", mi.accident_subsidy AS "accidentSubsidy"
         FROM member_insurance mi
        WHERE mi.member_id = ANY($1::uuid[])
        ORDER BY mi.member_id, mi.year DESC`,
      [[...memberIds]],
    );
  }
}
