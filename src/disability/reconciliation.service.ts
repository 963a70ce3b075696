import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { SOCIAL_ASSISTANCE_CASE_AUDIT } from './disability.audited';
import { applyRegionScope, applyWithin, inRegionScope } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { subtreeLikePattern, subtreePrefix } from '../common/region/region-code';
import { SOCIAL_ASSISTANCE_SECTOR } from './disability.declaration';
import { DisabilityErrors } from './disability.errors';
import { caseActionOf, factsDigestOf } from './social-assistance-rules';
import { ReconciliationCaseStatus, ReconciliationKind, ReconciliationOwner, ReconciliationResolution, SocialAssistanceCaseEntity } from './social-assistance.entities';

/** What a run found and did. */
export interface ReconciliationSummary {
  asOf: string;
  regionCode: string;
  /** People on both lists (the 低保 roster and a registered household not exited). */
  both: number;
  /** Cases found, by kind. */
  found: Record<ReconciliationKind, number>;
  opened: number;
  reopened: number;
  keptResolved: number;
  /** Cases of the region not found again (kept, present = false). */
  gone: number;
}

interface FoundCase {
  kind: ReconciliationKind;
  subjectKey: string;
  memberId: string | null;
  householdId: string | null;
  regionCode: string;
  facts: Record<string, unknown>;
}

const OWNER: Record<ReconciliationKind, ReconciliationOwner> = {
  DIBAO_ONLY: ReconciliationOwner.REGISTRY,
  REGISTRY_ONLY: ReconciliationOwner.CIVIL_AFFAIRS,
  EXITED_ON_DIBAO: ReconciliationOwner.CIVIL_AFFAIRS,
  ATTR_MISMATCH: ReconciliationOwner.REGISTRY,
};

/** SQL: the 低保 roster entries covering :asOf (every region: a member is matched wherever civil affairs lists them). */
const ON_DIBAO = `SELECT e.id, e.version, e.id_number_hash, e.region_code FROM social_assistance_roster_entries e
  WHERE e.category = 'DIBAO' AND e.starts_on <= CAST($2 AS date) AND (e.ends_on IS NULL OR e.ends_on >= CAST($2 AS date))`;

/**
 * The reconciliation (§18) of civil affairs' 低保 roster with the registry, by the blind index of
 * the ID number (never the clear value), as of a day, over a region's subtree: the people on both
 * lists (counted), and the discrepancies as cases in a queue (DIBAO_ONLY, REGISTRY_ONLY,
 * EXITED_ON_DIBAO, ATTR_MISMATCH) with their owner, resolution and date. Set-based: four
 * statements read what a run finds, whatever the size of the lists.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Runs the reconciliation for the caller's region (or a subtree) as of a day (default today): civil affairs only. */
  async run(principal: Principal, input: { regionCode?: string; asOf?: string }): Promise<ReconciliationSummary> {
    const asOf = input.asOf ?? todayInChina();
    if (!isLocalDate(asOf)) throw DisabilityErrors.invalidValue('input.asOf', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
    if (asOf > todayInChina()) throw DisabilityErrors.invalidPeriod('input.asOf', '核对日期不能晚于今天 (not after today)');
    const regionCode = input.regionCode ?? principal.regionCode;
    if (!inRegionScope(principal, regionCode, { sector: { value: SOCIAL_ASSISTANCE_SECTOR, access: 'write' } })) throw DisabilityErrors.outOfScope('input.regionCode');
    const prefix = input.regionCode ? subtreePrefix(input.regionCode) : principal.scopePrefix;
    return this.dataSource.transaction(async (m) => {
      // One run of a subtree at a time: a second waits for the first.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('social_assistance_reconciliation'))`);
      const { cases, both } = await this.find(m, prefix, asOf);
      return this.settle(m, principal, prefix, asOf, regionCode, cases, both);
    });
  }

  /** The cases of a run, read set-based. */
  private async find(m: EntityManager, prefix: string, asOf: string): Promise<{ cases: FoundCase[]; both: number }> {
    const like = subtreeLikePattern(prefix);
    const cases: FoundCase[] = [];
    // On the roster: matched to an active member by hash (one active membership per person), or not.
    const roster: { hash: string; region: string; entries: { id: string; version: number }[]; member_id: string | null; household_id: string | null; status: string | null; exit_year: number | null; validity: string | null; member_region: string | null }[] = await m.query(
      `WITH r AS (${ON_DIBAO})
       SELECT r.id_number_hash AS hash, min(r.region_code) AS region, json_agg(json_build_object('id', r.id, 'version', r.version) ORDER BY r.id) AS entries,
              mb.id AS member_id, mb.household_id, h.status::text AS status, h.exit_year, h.validity::text AS validity, mb.region_code AS member_region
         FROM r LEFT JOIN members mb ON mb.id_number_hash = r.id_number_hash AND mb.active
         LEFT JOIN households h ON h.id = mb.household_id
        GROUP BY r.id_number_hash, mb.id, mb.household_id, h.status, h.exit_year, h.validity, mb.region_code
       HAVING min(r.region_code) LIKE $1 OR mb.region_code LIKE $1`,
      [like, asOf],
    );
    let both = 0;
    const inScope = (code: string | null) => code !== null && code.startsWith(prefix);
    for (const r of roster) {
      const registered = r.member_id !== null && r.validity === 'ACTIVE';
      if (!registered) {
        if (inScope(r.region)) cases.push({ kind: ReconciliationKind.DIBAO_ONLY, subjectKey: r.hash, memberId: null, householdId: null, regionCode: r.region, facts: { entries: r.entries } });
      } else if (r.status === 'EXITED' || r.status === 'EXITED_NO_POLICY') {
        if (inScope(r.member_region)) cases.push({ kind: ReconciliationKind.EXITED_ON_DIBAO, subjectKey: r.hash, memberId: r.member_id, householdId: r.household_id, regionCode: r.member_region!, facts: { entries: r.entries, memberId: r.member_id, status: r.status, exitYear: r.exit_year } });
      } else if (inScope(r.member_region)) both++;
    }
    // On the registry as 享受低保, not on the roster.
    const registryOnly: { id: string; household_id: string; region_code: string; hash: string; status: string | null }[] = await m.query(
      `SELECT mb.id, mb.household_id, mb.region_code, mb.id_number_hash AS hash, h.status::text AS status
         FROM members mb JOIN households h ON h.id = mb.household_id
        WHERE mb.active AND mb.low_income_support AND h.validity = 'ACTIVE' AND mb.region_code LIKE $1
          AND NOT EXISTS (SELECT 1 FROM (${ON_DIBAO}) r WHERE r.id_number_hash = mb.id_number_hash)`,
      [like, asOf],
    );
    for (const r of registryOnly) cases.push({ kind: ReconciliationKind.REGISTRY_ONLY, subjectKey: r.hash, memberId: r.id, householdId: r.household_id, regionCode: r.region_code, facts: { memberId: r.id, lowIncomeSupport: true, status: r.status } });
    // 低保贫困户 with no member on the roster.
    const mismatched: { id: string; region_code: string; status: string | null }[] = await m.query(
      `SELECT h.id, h.region_code, h.status::text AS status FROM households h
        WHERE h.attribute = 'LOW_INCOME_POOR' AND h.validity = 'ACTIVE' AND h.region_code LIKE $1
          AND NOT EXISTS (SELECT 1 FROM members mb JOIN (${ON_DIBAO}) r ON r.id_number_hash = mb.id_number_hash WHERE mb.household_id = h.id AND mb.active)`,
      [like, asOf],
    );
    for (const h of mismatched) cases.push({ kind: ReconciliationKind.ATTR_MISMATCH, subjectKey: h.id, memberId: null, householdId: h.id, regionCode: h.region_code, facts: { householdId: h.id, attribute: 'LOW_INCOME_POOR', membersOnDibao: 0 } });
    return { cases, both };
  }

  /** Opens, keeps, reopens and marks gone the cases of the subtree: one read, one write per action. */
  private async settle(m: EntityManager, principal: Principal, prefix: string, asOf: string, regionCode: string, cases: FoundCase[], both: number): Promise<ReconciliationSummary> {
    const like = subtreeLikePattern(prefix);
    const existing: { id: string; kind: ReconciliationKind; subject_key: string; status: 'OPEN' | 'RESOLVED'; factsDigest: string }[] = await m.query(
      `SELECT id, kind::text AS kind, subject_key, status::text AS status, facts_digest AS "factsDigest" FROM social_assistance_cases WHERE region_code LIKE $1 FOR UPDATE`,
      [like],
    );
    const byKey = new Map(existing.map((e) => [`${e.kind}|${e.subject_key}`, e]));
    const seen = new Set<string>();
    const summary: ReconciliationSummary = { asOf, regionCode, both, found: { DIBAO_ONLY: 0, REGISTRY_ONLY: 0, EXITED_ON_DIBAO: 0, ATTR_MISMATCH: 0 }, opened: 0, reopened: 0, keptResolved: 0, gone: 0 };
    const inserts: unknown[][] = [];
    const refresh: { id: string; digest: string; facts: string; reopen: boolean }[] = [];
    for (const c of cases) {
      summary.found[c.kind]++;
      const key = `${c.kind}|${c.subjectKey}`;
      seen.add(key);
      const digest = factsDigestOf(c.facts);
      const e = byKey.get(key);
      const action = caseActionOf(e, digest);
      if (action === 'OPEN_NEW') {
        summary.opened++;
        inserts.push([c.kind, c.subjectKey, c.memberId, c.householdId, JSON.stringify(c.facts), digest, OWNER[c.kind], c.regionCode]);
      } else {
        if (action === 'KEEP_RESOLVED') summary.keptResolved++;
        if (action === 'REOPEN') summary.reopened++;
        refresh.push({ id: e!.id, digest, facts: JSON.stringify(c.facts), reopen: action === 'REOPEN' });
      }
    }
    if (inserts.length) {
      const cols = (i: number) => inserts.map((r) => r[i]);
      await m.query(
        `INSERT INTO social_assistance_cases (kind, subject_key, member_id, household_id, facts, facts_digest, owner, region_code, sector, as_of)
         SELECT k::social_assistance_case_kind, s, mid, hid, f::jsonb, d, o::social_assistance_case_owner, rc, $9::sector, CAST($10 AS date)
           FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(k, s, mid, hid, f, d, o, rc)
         ON CONFLICT (kind, subject_key) DO UPDATE SET facts = EXCLUDED.facts, facts_digest = EXCLUDED.facts_digest, region_code = EXCLUDED.region_code, member_id = EXCLUDED.member_id,
           household_id = EXCLUDED.household_id, present = true, as_of = EXCLUDED.as_of, status = 'OPEN', resolution = NULL, resolution_reason = NULL, resolved_on = NULL, resolved_by_name = NULL,
           version = social_assistance_cases.version + 1, updated_at = now()`,
        [cols(0), cols(1), cols(2), cols(3), cols(4), cols(5), cols(6), cols(7), SOCIAL_ASSISTANCE_SECTOR, asOf],
      );
    }
    if (refresh.length) {
      await m.query(
        `UPDATE social_assistance_cases c SET facts = t.f::jsonb, facts_digest = t.d, present = true, as_of = CAST($5 AS date),
            status = CASE WHEN t.r THEN 'OPEN'::social_assistance_case_status ELSE c.status END,
            resolution = CASE WHEN t.r THEN NULL ELSE c.resolution END, resolution_reason = CASE WHEN t.r THEN NULL ELSE c.resolution_reason END,
            resolved_on = CASE WHEN t.r THEN NULL ELSE c.resolved_on END, resolved_by_name = CASE WHEN t.r THEN NULL ELSE c.resolved_by_name END,
            version = c.version + CASE WHEN t.r OR c.facts_digest <> t.d OR NOT c.present THEN 1 ELSE 0 END, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[]) AS t(id, f, d, r) WHERE c.id = t.id`,
        [refresh.map((r) => r.id), refresh.map((r) => r.facts), refresh.map((r) => r.digest), refresh.map((r) => r.reopen), asOf],
      );
    }
    const gone = existing.filter((e) => !seen.has(`${e.kind}|${e.subject_key}`)).map((e) => e.id);
    if (gone.length) await m.query(`UPDATE social_assistance_cases SET present = false, version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[]) AND present`, [gone]);
    summary.gone = gone.length;
    void principal;
    return summary;
  }

  /** The cases of the caller's region (or a subtree), by kind and status; present ones unless asked. */
  list(principal: Principal, filter: { kind?: ReconciliationKind; status?: ReconciliationCaseStatus; regionCode?: string; includeGone?: boolean }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<SocialAssistanceCaseEntity>> {
    const qb = this.dataSource.getRepository(SocialAssistanceCaseEntity).createQueryBuilder('c');
    applyRegionScope(qb, 'c.region_code', principal);
    if (filter.regionCode) applyWithin(qb, 'c.region_code', subtreePrefix(filter.regionCode));
    if (filter.kind) qb.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (!filter.includeGone) qb.andWhere('c.present');
    return paginate(qb, args, { tag: 'case', column: 'c.region_code', type: 'text', idColumn: 'c.id', key: (c) => [c.regionCode, c.id] }, { withTotalCount });
  }

  /** Resolves a case (civil affairs): corrected, justified with a reason, or referred, on a day not after today; send the version read. */
  async resolve(principal: Principal, input: { id: string; version: number; resolution: ReconciliationResolution; reason?: string | null; resolvedOn?: string | null }): Promise<SocialAssistanceCaseEntity> {
    const resolvedOn = input.resolvedOn ?? todayInChina();
    if (!isLocalDate(resolvedOn) || resolvedOn > todayInChina()) throw DisabilityErrors.invalidPeriod('input.resolvedOn', '处理日期应为不晚于今天的日期 (a date not after today)');
    const reason = input.reason?.trim() || null;
    if (input.resolution === ReconciliationResolution.JUSTIFIED && !reason) throw DisabilityErrors.invalidValue('input.reason', '说明理由 (a justified case gives its reason)');
    if (reason && reason.length > 500) throw DisabilityErrors.invalidValue('input.reason', '理由最多 500 字 (at most 500 characters)');
    return this.dataSource.transaction(async (m) => {
      const qb = m.getRepository(SocialAssistanceCaseEntity).createQueryBuilder('c').where('c.id = :id', { id: input.id });
      applyRegionScope(qb, 'c.region_code', principal, { sector: { column: 'c.sector', access: 'write' } });
      const found = await qb.setLock('pessimistic_write').getOne();
      if (!found) throw DisabilityErrors.caseNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      if (found.status === ReconciliationCaseStatus.RESOLVED) throw DisabilityErrors.caseResolved();
      await m.update(SocialAssistanceCaseEntity, { id: found.id }, { status: ReconciliationCaseStatus.RESOLVED, resolution: input.resolution, resolutionReason: reason, resolvedOn, resolvedByName: principal.name.slice(0, 100), version: found.version + 1 });
      const after = await m.findOneByOrFail(SocialAssistanceCaseEntity, { id: found.id });
      await this.audit.change(m, SOCIAL_ASSISTANCE_CASE_AUDIT, 'disability.resolveAssistanceCase', found, after);
      return after;
    });
  }
}
