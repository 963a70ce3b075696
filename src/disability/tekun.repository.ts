import { Injectable } from "@nestjs/common";
import { InjectDataSource } from "@nestjs/typeorm";
import { DataSource } from "typeorm";
import { Principal } from "../common/access/principal";
import { yearsBefore } from "../common/dates/local-date";
import { Connection, ConnectionArgs } from "../common/pagination/connection";
import { paginate } from "../common/pagination/keyset";
import { INCOME_SQL } from "../households/household-income";
import { MemberEntity } from "../households/member.entity";
import {
  memberAsOfSql,
  MembersRepository,
} from "../households/members.repository";
import { DisabilityType } from "../households/registry-codes";
import { KnownDisability, NoLabourRules, TekunVerdict } from "./tekun-rules";

/** What the 特困 SQL is built from: the day, the year, the rules read (null: not configured). */
export interface TekunSqlInput {
  asOf: string;
  year: number;
  rules: NoLabourRules | null;
  incomeMax: string | null;
}

/** The facts of a member on the day, as read for a page. */
export interface TekunFactsRow {
  memberId: string;
  birthDate: string;
  disabilities: KnownDisability[];
  atSchool: boolean;
  onTekunRoster: boolean;
  incomePerHead: string | null;
  ableSupporters: number;
  /** The 特困 roster entries covering the day: id and monthly amount. */
  tekunEntries: { id: string; monthlyAmount: string }[];
}

/** SQL: member `x` at school (the registry's 在校生状况: not 非在校生, not 学前). */
const AT_SCHOOL = (x: string) =>
  `(${x}.schooling_status IS NOT NULL AND ${x}.schooling_status NOT IN ('NOT_IN_SCHOOL', 'PRESCHOOL'))`;
/** SQL: member `x` on the 特困 roster covering :tkOn (matched by the ID number's blind index). */
const ON_TEKUN = (x: string) =>
  `EXISTS (SELECT 1 FROM social_assistance_roster_entries e WHERE e.category = 'TEKUN' AND e.id_number_hash = ${x}.id_number_hash AND e.starts_on <= CAST(:tkOn AS date) AND (e.ends_on IS NULL OR e.ends_on >= CAST(:tkOn AS date)))`;

/**
 * The SQL of the 特困 eligibility: the three criteria as SQL over a members alias (mirroring
 * tekunCriteria, which words them per member), the verdict filter, the page and its facts.
 */
@Injectable()
export class TekunRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
  ) {}

  /** The named parameters of the SQL below. */
  params(input: TekunSqlInput): Record<string, unknown> {
    const p: Record<string, unknown> = {
      tkOn: input.asOf,
      tkYear: input.year,
      tkIncomeMax: input.incomeMax,
    };
    const r = input.rules;
    if (r?.ageFrom != null) p.tkBornBy = yearsBefore(input.asOf, r.ageFrom);
    if (r?.ageUnder != null)
      p.tkBornAfter = yearsBefore(input.asOf, r.ageUnder);
    r?.disabilities.forEach((d, i) =>
      Object.assign(p, {
        [`tkCats${i}`]: d.categories,
        [`tkMin${i}`]: d.minGrade,
        [`tkMax${i}`]: d.maxGrade,
      }),
    );
    return p;
  }

  /** SQL: member `x` without labour by the list (age on :tkOn, or a covered disability: a certificate valid on the day or the registry's). */
  noLabourSql(x: string, rules: NoLabourRules): string {
    const parts: string[] = [];
    if (rules.ageFrom !== null)
      parts.push(`${x}.birth_date <= CAST(:tkBornBy AS date)`);
    if (rules.ageUnder !== null)
      parts.push(`${x}.birth_date > CAST(:tkBornAfter AS date)`);
    const clause = (cat: string, grade: string) =>
      rules.disabilities
        .map(
          (_, i) =>
            `(${cat}::text = ANY(:tkCats${i}) AND ${grade} BETWEEN :tkMin${i} AND :tkMax${i})`,
        )
        .join(" OR ");
    if (rules.disabilities.length) {
      parts.push(
        `EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = ${x}.id AND c.issued_on <= CAST(:tkOn AS date) AND c.valid_until >= CAST(:tkOn AS date) AND (c.revoked_on IS NULL OR c.revoked_on > CAST(:tkOn AS date)) AND (${clause("c.category", "c.grade")}))`,
      );
      parts.push(
        `(${x}.disability_type IS NOT NULL AND ${x}.disability_grade IS NOT NULL AND (${clause(`${x}.disability_type`, `${x}.disability_grade`)}))`,
      );
    }
    return parts.length ? `(${parts.join(" OR ")})` : "false";
  }

  /** SQL: the number of other members of `x`'s household on the day with labour (not without labour by the list, not 丧失/无劳动力, not at school). */
  ableSupportersSql(x: string, rules: NoLabourRules): string {
    return `(SELECT count(*)::int FROM members s WHERE s.household_id = ${x}.household_id AND s.id <> ${x}.id AND ${memberAsOfSql("s", "CAST(:tkOn AS date)")}
      AND NOT ${this.noLabourSql("s", rules)} AND (s.labour_skill IS NULL OR s.labour_skill NOT IN ('LOST', 'NONE')) AND NOT ${AT_SCHOOL("s")})`;
  }

  /** SQL: the household's net income per head of :tkYear without its 低保 and 特困 transfers, by its size on the day (null: no income recorded). */
  incomePerHeadSql(x: string): string {
    return `(SELECT ROUND((${INCOME_SQL.netIncome} - i.transfer_low_income - i.transfer_extreme_poverty)
        / NULLIF((SELECT count(*) FROM members s WHERE s.household_id = i.household_id AND ${memberAsOfSql("s", "CAST(:tkOn AS date)")}), 0), 2)
      FROM household_incomes i WHERE i.household_id = ${x}.household_id AND i.year = :tkYear)`;
  }

  /** SQL: each criterion's status (MET, NOT_MET, NOT_CONFIGURED, NO_DATA) for member `x`, as tekunCriteria gives it. */
  statusSql(
    x: string,
    input: TekunSqlInput,
  ): { noLabour: string; noIncome: string; noSupporter: string } {
    const r = input.rules;
    const noLabour = !r
      ? `'NOT_CONFIGURED'`
      : `CASE WHEN ${this.noLabourSql(x, r)}${r.ageUnder !== null ? ` OR (${AT_SCHOOL(x)} AND ${ON_TEKUN(x)})` : ""} THEN 'MET' ELSE 'NOT_MET' END`;
    const inc = this.incomePerHeadSql(x);
    const noIncome =
      input.incomeMax === null
        ? `'NOT_CONFIGURED'`
        : `CASE WHEN ${inc} IS NULL THEN 'NO_DATA' WHEN ${inc} <= CAST(:tkIncomeMax AS numeric) THEN 'MET' ELSE 'NOT_MET' END`;
    const noSupporter = !r
      ? `'NOT_CONFIGURED'`
      : `CASE WHEN ${this.ableSupportersSql(x, r)} = 0 THEN 'MET' ELSE 'NOT_MET' END`;
    return { noLabour, noIncome, noSupporter };
  }

  /** SQL: member `x`'s verdict is `verdict` (as tekunVerdict decides it). */
  verdictSql(x: string, input: TekunSqlInput, verdict: TekunVerdict): string {
    const s = this.statusSql(x, input);
    const all = [s.noLabour, s.noIncome, s.noSupporter];
    const anyNotMet = `(${all.map((e) => `(${e}) = 'NOT_MET'`).join(" OR ")})`;
    const allMet = `(${all.map((e) => `(${e}) = 'MET'`).join(" AND ")})`;
    if (verdict === "NOT_ELIGIBLE") return anyNotMet;
    if (verdict === "ELIGIBLE") return allMet;
    return `(NOT ${anyNotMet} AND NOT ${allMet})`;
  }

  /** The caller's members on the day (of active registered households; a subtree), by name; only `verdict` when given. */
  page(
    principal: Principal,
    filter: { regionPrefix?: string; verdict?: TekunVerdict },
    input: TekunSqlInput,
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<MemberEntity>> {
    const qb = this.members
      .query(principal, { regionPrefix: filter.regionPrefix, asOf: input.asOf })
      .andWhere(
        `EXISTS (SELECT 1 FROM households hv WHERE hv.id = m.household_id AND hv.validity = 'ACTIVE')`,
      );
    if (filter.verdict)
      qb.andWhere(
        this.verdictSql("m", input, filter.verdict),
        this.params(input),
      );
    return paginate(
      qb,
      args,
      {
        tag: "name",
        column: "m.name",
        type: "text",
        idColumn: "m.id",
        key: (mm) => [mm.name, mm.id],
      },
      { withTotalCount },
    );
  }

  /** The facts of the page's members on the day, in one statement. */
  async facts(
    memberIds: readonly string[],
    input: TekunSqlInput,
  ): Promise<Map<string, TekunFactsRow>> {
    if (!memberIds.length) return new Map();
    const r = input.rules;
    const qb = this.dataSource
      .createQueryBuilder()
      .from("members", "m")
      .select("m.id", "memberId")
      .addSelect(`to_char(m.birth_date, 'YYYY-MM-DD')`, "birthDate")
      .addSelect(`m.disability_type::text`, "disabilityType")
      .addSelect("m.disability_grade", "disabilityGrade")
      .addSelect(
        `(SELECT coalesce(json_agg(json_build_object('category', c.category::text, 'grade', c.grade) ORDER BY c.grade, c.id), '[]') FROM disability_certificates c
           WHERE c.member_id = m.id AND c.issued_on <= CAST(:tkOn AS date) AND c.valid_until >= CAST(:tkOn AS date) AND (c.revoked_on IS NULL OR c.revoked_on > CAST(:tkOn AS date)))`,
        "certificates",
      )
      .addSelect(AT_SCHOOL("m"), "atSchool")
      .addSelect(`${this.incomePerHeadSql("m")}::text`, "incomePerHead")
      .addSelect(r ? this.ableSupportersSql("m", r) : "0", "ableSupporters")
      .addSelect(
        `(SELECT coalesce(json_agg(json_build_object('id', e.id, 'monthlyAmount', e.monthly_amount::text) ORDER BY e.starts_on, e.id), '[]') FROM social_assistance_roster_entries e
           WHERE e.category = 'TEKUN' AND e.id_number_hash = m.id_number_hash AND e.starts_on <= CAST(:tkOn AS date) AND (e.ends_on IS NULL OR e.ends_on >= CAST(:tkOn AS date)))`,
        "tekunEntries",
      )
      .where("m.id = ANY(:ids)", { ids: [...memberIds] })
      .setParameters(this.params(input));
    const rows: {
      memberId: string;
      birthDate: string;
      disabilityType: DisabilityType | null;
      disabilityGrade: number | null;
      certificates: { category: DisabilityType; grade: number }[];
      atSchool: boolean;
      incomePerHead: string | null;
      ableSupporters: number;
      tekunEntries: { id: string; monthlyAmount: string }[];
    }[] = await qb.getRawMany();
    return new Map(
      rows.map((row) => {
        const disabilities: KnownDisability[] = row.certificates.map((c) => ({
          category: c.category,
          grade: Number(c.grade),
          source: "CERTIFICATE" as const,
        }));
        if (row.disabilityType && row.disabilityGrade !== null)
          disabilities.push({
            category: row.disabilityType,
            grade: Number(row.disabilityGrade),
            source: "REGISTRY",
          });
        return [
          row.memberId,
          {
            memberId: row.memberId,
            birthDate: row.birthDate,
            disabilities,
            atSchool: row.atSchool,
            onTekunRoster: row.tekunEntries.length > 0,
            incomePerHead: row.incomePerHead,
            ableSupporters: Number(row.ableSupporters),
            tekunEntries: row.tekunEntries,
          },
        ];
      }),
    );
  }
}
