import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ForeignKeys1795916000000 } from '../../migrations/1795916000000-ForeignKeys';
import { Role } from '../../src/common/access/permissions';
import { DEMO_REGIONS_FILE } from '../../src/demo/seed';
import { createAccountsAsSystem } from '../../src/identity/bootstrap-admin';
import { RegionsService } from '../../src/regions/regions.service';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Reference columns (`*_id`, `*_code`, `*_by`) deliberately left without a foreign key, and why.
 * Anything else named like a reference must have one (declared with @ForeignKey on its entity).
 */
const FREE: Record<string, string> = {
  'audit_log.actor_id': 'append-only history: names a user or an API key, and outlives both',
  'audit_log.entity_id': 'append-only history: any entity type, including ones since removed',
  'audit_log.region_code': 'append-only history: the region as it was; a trail must not block removing a region',
  'audit_log.request_id': 'a request id, not a row',
  'change_feed.root_id': 'any aggregate root type (households, later projects, ...): the feed records what changed, also after it is gone',
  'change_feed.region_code': 'history of published changes, kept as published',
  'change_feed.transaction_id': "a PostgreSQL transaction id (the feed's ordering), not a row",
  'jobs.region_code': 'the region whose callers may see a job (the job runner sits below the regions module); a finished job is history and must not block removing a region',
  'hospital_stays.icd10_code': 'an ICD-10 diagnosis code as written on the discharge summary (its shape checked), not a row of this database',
  'fund_documents.function_code': 'a government function classification code (政府收支分类科目, its shape checked), not a row of this database',
  'household_events.actor_id': 'the acting principal: a user or an API key (principal id, text)',
  'project_events.actor_id': 'the acting principal: a user or an API key (principal id, text), or the public (an objection filed publicly)',
  'supervision_finding_events.actor_id': 'the acting principal: a user or an API key (principal id, text), or null for the system (the overdue job)',
  'supervision_progress_notes.actor_id': 'the acting principal: a user or an API key (principal id, text)',
  'supervision_evidence_files.uploaded_by_id': 'the uploading principal: a user or an API key (principal id, text)',
  'supervision_accountability_actions.actor_id': 'the acting principal: a user or an API key (principal id, text)',
  'household_proposals.proposed_by': 'the acting principal: a user or an API key; the demo loader\'s historical proposals have no recorded actor (nil UUID)',
  'household_proposals.town_reviewed_by': 'the acting principal: a user or an API key',
  'household_proposals.district_approved_by': 'the acting principal: a user or an API key',
  'household_proposals.decided_by': 'the acting principal: a user or an API key',
  'import_jobs.error_code': 'an error code, not a reference',
  'policy_parameters.scope_code': "'' for national, and the province's and city's codes, which a district's database need not load",
  'policy_parameters.created_by': 'the acting principal: a user or an API key; null for seeded rows',
  'fund_allocation_runs.run_by': 'the acting principal who ran it: a user or an API key',
  'supervision_appraisal_entries.submitted_by': 'the acting principal who submitted the entry (a user or an API key), kept to refuse its self-approval',
  'working_calendars.scope_code': "'' for national (the State Council's calendar)",
  'implementing_entities.credit_code': 'the unified social credit code (GB 32100) of the entity, a national identifier, not a row',
  'projects.library_code': 'the project\'s number in the library file it came from (项目库编号), an outside identifier, not a row',
  'disclosure_notices.subject_id': 'the record a notice discloses, of any module (subject_type names it: an exit proposal, an allocation, a project); a notice is public history and outlives it',
};

/** A foreign key declared by a TypeORM relation before @ForeignKey existed, named by TypeORM. */
const RELATION_NAMED = new Set(['import_digests.household_id']);

interface Fk {
  table: string;
  /** The key's first column (it names the key). */
  column: string;
  /** All its columns, in order, `,`-separated: more than one for a key that carries its parent's columns along. */
  columns: string;
  name: string;
  refTable: string;
  onDelete: string;
}

describe('foreign keys: every reference column has one or is listed as free, with the reason', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const referenceColumns = async (): Promise<string[]> =>
    (
      await t.dataSource.query(
        `SELECT c.table_name || '.' || c.column_name AS col FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
         WHERE c.table_schema = 'public' AND c.table_name <> 'migrations' AND c.column_name ~ '_(id|code|by)$' ORDER BY 1`,
      )
    ).map((r: { col: string }) => r.col);

  /** `query`: the connection to read on (default the pool). */
  const foreignKeys = async (query: (sql: string) => Promise<Fk[]> = (sql) => t.dataSource.query(sql)): Promise<Fk[]> =>
    query(
      `SELECT c.conrelid::regclass::text AS "table", a.attname AS "column", c.conname AS name, c.confrelid::regclass::text AS "refTable",
         (SELECT string_agg(x.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k (n, i) JOIN pg_attribute x ON x.attrelid = c.conrelid AND x.attnum = k.n) AS columns,
         CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' ELSE c.confdeltype::text END AS "onDelete"
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
       ORDER BY 1, 2`,
    );

  /** Every column some foreign key covers (`table.column`), with the key's ON DELETE. */
  const keyedColumns = async (): Promise<Map<string, string>> =>
    new Map((await foreignKeys()).flatMap((f) => f.columns.split(',').map((c) => [`${f.table}.${c}`, f.onDelete] as [string, string])));

  it('every *_id, *_code and *_by column references its table, or is in FREE', async () => {
    const keyed = await keyedColumns();
    const missing = (await referenceColumns()).filter((c) => !keyed.has(c) && !(c in FREE));
    expect(missing).toEqual([]);
  });

  it('FREE names real columns, each without a foreign key and with a reason', async () => {
    const columns = new Set(await referenceColumns());
    const keyed = await keyedColumns();
    for (const [column, reason] of Object.entries(FREE)) {
      expect({ column, exists: columns.has(column), keyed: keyed.has(column) }).toEqual({ column, exists: true, keyed: false });
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it('every foreign key column leads an index (deletes and joins of the referenced row do not scan), and is named <table>_<column>_fkey', async () => {
    const fks = await foreignKeys();
    expect(fks.length).toBeGreaterThanOrEqual(35);
    const indexed: { table: string; column: string }[] = await t.dataSource.query(
      `SELECT i.indrelid::regclass::text AS "table", a.attname AS "column" FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
       JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace AND i.indpred IS NULL`,
    );
    const leads = new Set(indexed.map((i) => `${i.table}.${i.column}`));
    expect(fks.filter((f) => !leads.has(`${f.table}.${f.column}`)).map((f) => `${f.table}.${f.column}`)).toEqual([]);
    expect(fks.filter((f) => !RELATION_NAMED.has(`${f.table}.${f.column}`) && f.name !== `${f.table}_${f.column}_fkey`).map((f) => f.name)).toEqual([]);
  });

  it('a household takes its parts with it; regions and accounts in use cannot be deleted', async () => {
    const byColumn = await keyedColumns();
    for (const part of ['members.household_id', 'household_incomes.household_id', 'member_insurance.member_id', 'member_insurance.household_id', 'household_events.household_id', 'household_proposals.household_id']) {
      expect([part, byColumn.get(part)]).toEqual([part, 'CASCADE']);
    }
    for (const link of ['pairings.household_id', 'visits.helper_id', 'households.region_code', 'users.region_code', 'import_jobs.created_by']) {
      expect([link, byColumn.get(link)]).toEqual([link, 'NO ACTION']);
    }
    expect(byColumn.get('households.head_member_id')).toBe('SET NULL');

    await t.get(RegionsService).importCsvAsSystem(readFileSync(join(__dirname, '..', '..', DEMO_REGIONS_FILE)));
    await createAccountsAsSystem(t.service.app, [
      { username: 'fk-admin', displayName: 'fk', password: 'Fk-Passw0rd-123', regionCode: '410106100000', roles: [Role.DISTRICT_ADMIN] },
    ]);
    await expect(t.dataSource.query(`DELETE FROM regions WHERE code = '410106100000'`)).rejects.toMatchObject({ code: '23503' });
    await expect(t.dataSource.query(`DELETE FROM users WHERE username = 'fk-admin'`)).resolves.toBeDefined();
  });

  it('the migration checks existing rows first and stops, changing nothing, with the count of orphans per reference', async () => {
    const migration = new ForeignKeys1795916000000();
    await createAccountsAsSystem(t.service.app, [
      { username: 'fk-owner', displayName: 'fk', password: 'Fk-Passw0rd-456', regionCode: '410106000000', roles: [Role.DISTRICT_ADMIN] },
    ]);
    // Everything on one connection (the embedded database serves all connections from one session anyway).
    const runner = t.dataSource.createQueryRunner();
    const onRunner = (sql: string): Promise<Fk[]> => runner.query(sql);
    try {
      await migration.down(runner);
      await runner.query(`INSERT INTO regions (code, name, level, parent_code) VALUES ('419999000000', '孤儿区', 'district', '419900000000')`);
      // Tokens of a real sign-in (refresh_tokens.family_id is keyed by its own migration) whose
      // user_id names no account.
      const [session] = await runner.query(`INSERT INTO auth_sessions (user_id) SELECT id FROM users WHERE username = 'fk-owner' RETURNING id`);
      await runner.query(
        `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
        SELECT gen_random_uuid(), gen_random_uuid(), $1, md5(random()::text) || md5(random()::text), now() FROM generate_series(1, 2)`,
        [session.id],
      );
      let error: Error | undefined;
      await migration.up(runner).catch((e: Error) => (error = e));
      expect(error?.message).toContain('regions.parent_code → regions.code: 1');
      expect(error?.message).toContain('refresh_tokens.user_id → users.id: 2');
      expect(error?.message).not.toContain('members.household_id');
      // What the migration did not add stays: the older key, and the keys of the tables that
      // came with their own (sign-in sessions, role grants, an import's proposer, the disclosure
      // tables, the project library, the employment ledger, the education records, the funds
      // ledger). An income's and an insurance row's keys, which now carry the household's village
      // along under the names this migration gave them, go with its down.
      const keyedElsewhere = [
        ...RELATION_NAMED,
        'auth_sessions.user_id',
        'benefit_linkage_payments.household_id',
        'benefit_linkage_payments.linkage_id',
        'benefit_linkage_payments.region_code',
        'benefit_linkage_payments.reverses_id',
        'benefit_linkages.entity_id',
        'benefit_linkages.household_id',
        'benefit_linkages.project_id',
        'benefit_linkages.region_code',
        'disclosure_notice_versions.notice_id',
        'disclosure_notice_versions.replaces_id',
        'disclosure_notices.region_code',
        'disclosure_objections.notice_id',
        'disclosure_objections.region_code',
        'implementing_entities.region_code',
        'import_jobs.proposed_by',
        'project_asset_incomes.asset_id',
        'project_asset_incomes.region_code',
        'project_assets.operator_id',
        'project_assets.owner_household_id',
        'project_assets.owner_region_code',
        'project_assets.project_id',
        'project_assets.region_code',
        'project_beneficiaries.household_id',
        'project_beneficiaries.project_id',
        'project_beneficiaries.region_code',
        'project_events.notice_id',
        'project_events.project_id',
        'project_events.region_code',
        'project_funding_lines.project_id',
        'project_funding_lines.region_code',
        'project_performance_targets.project_id',
        'project_performance_targets.region_code',
        'projects.region_code',
        'refresh_tokens.family_id',
        'role_grants.decided_by',
        'role_grants.requested_by',
        'role_grants.user_id',
        'village_collective_income_sources.check_id',
        'village_industry_check_cooperatives.check_id',
        'village_industry_check_cooperatives.entity_id',
        'village_industry_checks.region_code',
        'employment_records.employer_entity_id',
        'employment_records.household_id',
        'employment_records.member_id',
        'employment_records.opening_id',
        'employment_records.post_id',
        'employment_records.region_code',
        'employment_records.workshop_id',
        'education_aid_records.enrolment_id',
        'education_aid_records.household_id',
        'education_aid_records.member_id',
        'education_aid_records.region_code',
        'enrolments.household_id',
        'enrolments.member_id',
        'enrolments.region_code',
        'family_doctor_contracts.household_id',
        'family_doctor_contracts.member_id',
        'family_doctor_contracts.region_code',
        'family_doctor_follow_ups.contract_id',
        'family_doctor_follow_ups.region_code',
        'home_teaching_arrangements.household_id',
        'home_teaching_arrangements.member_id',
        'home_teaching_arrangements.region_code',
        'hospital_stays.household_id',
        'hospital_stays.member_id',
        'hospital_stays.region_code',
        'fund_allocations.document_id',
        'fund_allocations.region_code',
        'fund_allocations.run_id',
        'fund_allocation_run_lines.region_code',
        'fund_allocation_run_lines.run_id',
        'fund_allocation_runs.document_id',
        'fund_allocation_runs.parent_region_code',
        'fund_factor_values.region_code',
        'fund_documents.parent_id',
        'fund_documents.region_code',
        'fund_payment_households.household_id',
        'fund_payment_households.payment_id',
        'fund_payments.allocation_id',
        'fund_payments.document_id',
        'fund_payments.region_code',
        'fund_payments.reverses_id',
        'fund_payments.reimbursement_id',
        'fund_reimbursement_lines.reimbursement_id',
        'fund_reimbursement_vouchers.reimbursement_id',
        'fund_reimbursements.allocation_id',
        'fund_reimbursements.document_id',
        'fund_reimbursements.funding_id',
        'fund_reimbursements.project_id',
        'fund_reimbursements.region_code',
        'project_fundings.allocation_id',
        'project_fundings.document_id',
        'project_fundings.project_id',
        'project_fundings.region_code',
        'insurance_enrolments.household_id',
        'insurance_enrolments.member_id',
        'insurance_enrolments.region_code',
        'return_to_school_cases.household_id',
        'return_to_school_cases.member_id',
        'return_to_school_cases.region_code',
        'return_to_school_steps.case_id',
        'job_openings.employer_entity_id',
        'job_openings.region_code',
        'labour_not_seeking_marks.household_id',
        'labour_not_seeking_marks.member_id',
        'labour_not_seeking_marks.region_code',
        'poverty_workshops.entity_id',
        'poverty_workshops.region_code',
        'public_welfare_posts.funding_asset_id',
        'public_welfare_posts.region_code',
        'returnee_startups.household_id',
        'returnee_startups.member_id',
        'returnee_startups.region_code',
        'training_courses.provider_entity_id',
        'training_courses.region_code',
        'training_participations.course_id',
        'training_participations.household_id',
        'training_participations.member_id',
        'training_participations.region_code',
        'disability_certificates.household_id',
        'disability_certificates.member_id',
        'disability_certificates.region_code',
        'disability_subsidy_payments.certificate_id',
        'disability_subsidy_payments.household_id',
        'disability_subsidy_payments.member_id',
        'disability_subsidy_payments.region_code',
        'social_assistance_cases.household_id',
        'social_assistance_cases.member_id',
        'social_assistance_cases.region_code',
        'social_assistance_roster_entries.region_code',
        'assistance_matches.need_id',
        'assistance_matches.provider_id',
        'assistance_matches.region_code',
        'assistance_needs.household_id',
        'assistance_needs.member_id',
        'assistance_needs.region_code',
        'assistance_providers.region_code',
        'disability_service_needs.household_id',
        'disability_service_needs.member_id',
        'disability_service_needs.region_code',
        'disability_services.household_id',
        'disability_services.member_id',
        'disability_services.need_id',
        'disability_services.region_code',
        'supervision_accountability_actions.case_id',
        'supervision_accountability_actions.region_code',
        'supervision_accountability_cases.finding_id',
        'supervision_accountability_cases.hotline_case_id',
        'supervision_accountability_cases.region_code',
        'supervision_appraisal_entries.region_code',
        'supervision_appraisal_entries.round_id',
        'supervision_appraisal_entries.round_region_code',
        'supervision_appraisal_entries.target_assignment_id',
        'supervision_appraisal_entries.target_helper_id',
        'supervision_appraisal_entries.target_region_code',
        'supervision_appraisal_follow_ups.entry_id',
        'supervision_appraisal_follow_ups.region_code',
        'supervision_appraisal_follow_ups.round_id',
        'supervision_appraisal_follow_ups.round_region_code',
        'supervision_appraisal_rounds.region_code',
        'supervision_evidence_files.finding_id',
        'supervision_evidence_files.region_code',
        'supervision_fault_tolerance_requests.case_id',
        'supervision_fault_tolerance_requests.region_code',
        'supervision_finding_events.finding_id',
        'supervision_finding_events.region_code',
        'supervision_findings.household_id',
        'supervision_findings.inspection_id',
        'supervision_findings.project_id',
        'supervision_findings.region_code',
        'supervision_hotline_cases.finding_id',
        'supervision_hotline_cases.region_code',
        'supervision_inspection_samples.household_id',
        'supervision_inspection_samples.inspection_id',
        'supervision_inspection_samples.town_code',
        'supervision_inspection_samples.village_code',
        'supervision_inspection_visits.finding_id',
        'supervision_inspection_visits.household_id',
        'supervision_inspection_visits.inspection_id',
        'supervision_inspection_visits.region_code',
        'supervision_inspection_visits.sample_id',
        'supervision_inspection_visits.town_code',
        'supervision_inspection_visits.village_code',
        'supervision_inspections.region_code',
        'supervision_letters.finding_id',
        'supervision_letters.region_code',
        'supervision_progress_notes.finding_id',
        'supervision_progress_notes.region_code',
        'supervision_work_team_attendance.assignment_id',
        'supervision_work_team_attendance.region_code',
      ].sort();
      expect((await foreignKeys(onRunner)).map((f) => `${f.table}.${f.column}`)).toEqual(keyedElsewhere);
      await runner.query(`DELETE FROM regions WHERE code = '419999000000'`);
      await runner.query(`DELETE FROM refresh_tokens WHERE user_id NOT IN (SELECT id FROM users)`);
      await migration.up(runner);
      expect((await foreignKeys(onRunner)).length).toBeGreaterThanOrEqual(35);
    } finally {
      await runner.release();
    }
  });
});
