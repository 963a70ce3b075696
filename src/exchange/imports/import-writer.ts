/**
 * Writes one batch of checked households, inside the caller's transaction: reads what the
 * registry holds for them (locked), decides per household create / update / unchanged / reject,
 * stages the rows that change (COPY on a PostgreSQL server, one jsonb parameter on the embedded
 * database, which does not speak COPY FROM STDIN) and merges them with set-based SQL. A
 * household and its members land together or not at all (a rejected household writes nothing);
 * unchanged records write nothing, not even audit rows. Change-feed entries come from the
 * tables' triggers in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import { AuditRecord } from '../../audit/audit.service';
import { diffChanges } from '../../audit/audit-diff';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { INCOME_COMPONENTS } from '../../households/household-income';
import {
  BANK_ACCOUNT_DOMAIN,
  CITIZEN_ID_DOMAIN,
  decryptOptional,
  encryptOptional,
  normalizeBankAccount,
  normalizeDisabilityCertificate,
  PROTECTED_MASKS,
} from '../../households/protected-fields';
import { CellValue, COLUMN_BY_KEY, COLUMNS, ExchangeColumn } from '../format/registry-columns';
import { HouseholdRows, ImportProblem, ParsedHousehold } from './household-assembler';
import { ImportStrategy } from './import-job.entity';
import { ProblemSeverity } from './import-problem.entity';

export interface BatchCounts {
  householdsCreated: number;
  householdsUpdated: number;
  householdsUnchanged: number;
  householdsRejected: number;
  membersCreated: number;
  membersUpdated: number;
  membersUnchanged: number;
  membersLeft: number;
}

export const zeroCounts = (): BatchCounts => ({
  householdsCreated: 0,
  householdsUpdated: 0,
  householdsUnchanged: 0,
  householdsRejected: 0,
  membersCreated: 0,
  membersUpdated: 0,
  membersUnchanged: 0,
  membersLeft: 0,
});

export interface BatchResult {
  counts: BatchCounts;
  problems: ImportProblem[];
  audit: AuditRecord[];
  /** Households found unchanged by their import digest alone (neither checked nor compared). */
  settledByDigest: number;
}

export interface WriterOptions {
  strategy: ImportStrategy;
  dryRun: boolean;
  /** A dry run's report lists the households it would create or update (INFO rows WOULD_CREATE / WOULD_UPDATE). */
  listChanges?: boolean;
  jobId: string;
  today: string;
  /** The file's columns: only these are compared and written on update. */
  columns: readonly ExchangeColumn[];
  /** Null when an existing household's village is in the import's scope. */
  checkRegion(code: string): { code: string; message: string } | null;
}

type Row = Record<string, unknown>;

/** Column names of keys, computed once per key (the writer asks for them per cell). */
const SNAKE = new Map<string, string>();
const snake = (key: string): string => {
  let col = SNAKE.get(key);
  if (col === undefined) SNAKE.set(key, (col = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return col;
};
const MASK = PROTECTED_MASKS;
const IMPORTED = '省级平台数据导入 (provincial data import)';
/** The one answer for a person who is a current member of a household in the registry, wherever it is. */
const IN_OTHER_HOUSEHOLD = '该证件号码的人员已是其他贫困户的在册成员，一人只能属于一个贫困户 (this person is already a member of another household)';

/** Stored columns written as they are (protected ones, income and insurance are handled apart). */
const plainKeys = (scope: 'household' | 'member') =>
  new Set(COLUMNS.filter((c) => c.scope === scope && c.role === 'stored' && !c.protected && !c.key.includes('.') && c.key !== 'householdNumber').map((c) => c.key));
const PLAIN_HOUSEHOLD_KEYS = plainKeys('household');
const PLAIN_MEMBER_KEYS = plainKeys('member');
/** Columns whose stored value is NOT NULL with a default: a blank cell means the default. */
const DEFAULTS: Record<string, unknown> = {
  identificationStandard: 'NATIONAL',
  otherCauses: [],
  militaryFamily: false,
  onlyChild: false,
  twoDaughters: false,
  relocated: false,
  idType: 'RESIDENT_ID_CARD',
  health: ['HEALTHY'],
  lowIncomeSupport: false,
  extremePovertySupport: false,
};
const INSURANCE_KEYS = COLUMNS.filter((c) => c.key.startsWith('insurance.')).map((c) => c.key.slice('insurance.'.length));

/** A value as stored compares equal to the same value parsed from a file. */
function norm(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return `{${v.join(',')}}`;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

const valueOr = (key: string, v: CellValue | undefined): unknown => (v === null || v === undefined ? (DEFAULTS[key] ?? null) : v);

export class ImportWriter {
  constructor(
    private readonly cipher: FieldCipher,
    /** COPY FROM STDIN into staging tables (a PostgreSQL server) or a jsonb parameter (embedded). */
    private readonly useCopy: boolean,
  ) {}

  /**
   * `assemble` checks a household's rows when the runner has not done so yet; households whose
   * rows have the digest the last import of them stored are unchanged and never checked.
   */
  async apply(m: EntityManager, households: readonly HouseholdRows[], o: WriterOptions, assemble: (h: HouseholdRows) => ParsedHousehold): Promise<BatchResult> {
    const counts = zeroCounts();
    const problems: ImportProblem[] = [];
    const audit: AuditRecord[] = [];
    const present = new Set(o.columns.map((c) => c.key));
    const householdKeys = [...PLAIN_HOUSEHOLD_KEYS].filter((key) => present.has(key));
    const memberKeys = [...PLAIN_MEMBER_KEYS].filter((key) => present.has(key) || key === 'sex' || key === 'birthDate');
    const insuranceInFile = INSURANCE_KEYS.some((k) => present.has(`insurance.${k}`));
    const certificateInFile = present.has('disabilityCertificate');
    const reject = (h: ParsedHousehold, p: Omit<ImportProblem, 'severity' | 'householdNumber'>) => {
      problems.push({ severity: ProblemSeverity.ERROR, householdNumber: h.householdNumber, ...p });
    };

    // The file's own problems first; warnings travel with households that land.
    const { settled, rest } = await this.settleByDigest(m, households, o);
    counts.householdsUnchanged += settled.length;
    for (const { household: h, warnings } of settled) {
      counts.membersUnchanged += h.rows.length;
      // Unchanged, unchecked: the warnings its last check found are still true of the same rows.
      for (const w of warnings) problems.push(fromStoredWarning(w, h));
    }
    const rowsOf = new Map<ParsedHousehold, HouseholdRows>();
    const batch = rest.map((h) => {
      const parsed = h.parsed ?? assemble(h);
      rowsOf.set(parsed, h);
      return parsed;
    });
    const digestRows: Row[] = [];

    const candidates: ParsedHousehold[] = [];
    for (const h of batch) {
      // One at a time: a spread of a long list overflows the call stack.
      for (const p of h.problems) problems.push(p);
      if (h.valid) candidates.push(h);
      else counts.householdsRejected += 1;
    }
    const hashes = new Map<ParsedHousehold, string[]>();
    for (const h of candidates) hashes.set(h, h.members.map((x) => this.cipher.blindIndex(x.idNumber, CITIZEN_ID_DOMAIN)));

    const numbers = candidates.map((h) => h.householdNumber);
    const existing: Row[] = numbers.length
      ? await m.query(`SELECT * FROM households WHERE household_number = ANY($1::varchar[])${o.dryRun ? '' : ' ORDER BY id FOR UPDATE'}`, [numbers])
      : [];
    const byNumber = new Map(existing.map((r) => [r.household_number as string, r]));
    const existingIds = existing.map((r) => r.id as string);
    const activeMembers: Row[] = existingIds.length ? await m.query(`SELECT * FROM members WHERE household_id = ANY($1::uuid[]) AND active`, [existingIds]) : [];
    const membersOf = new Map<string, Row[]>();
    for (const r of activeMembers) {
      const list = membersOf.get(r.household_id as string) ?? [];
      list.push(r);
      membersOf.set(r.household_id as string, list);
    }
    const allHashes = [...hashes.values()].flat();
    const elsewhere: Row[] = allHashes.length
      ? await m.query(
          `SELECT m.id_number_hash, m.household_id, h.household_number, h.region_code FROM members m JOIN households h ON h.id = m.household_id
           WHERE m.active AND m.id_number_hash = ANY($1::varchar[])`,
          [allHashes],
        )
      : [];
    // Which household holds a person is never told (in the import's scope or not): one neutral refusal.
    const holderOf = new Map(elsewhere.map((r) => [r.id_number_hash as string, r.household_id as string]));
    const incomeYears = [...new Set(candidates.map((h) => h.values['income.year']).filter((y): y is number => typeof y === 'number'))];
    const incomes: Row[] =
      existingIds.length && incomeYears.length && present.has('income.year')
        ? await m.query(`SELECT * FROM household_incomes WHERE household_id = ANY($1::uuid[]) AND year = ANY($2::int[])`, [existingIds, incomeYears])
        : [];
    const incomeOf = new Map(incomes.map((r) => [`${r.household_id}/${r.year}`, r]));
    const insuranceRows: Row[] =
      activeMembers.length && incomeYears.length && insuranceInFile
        ? await m.query(`SELECT * FROM member_insurance WHERE member_id = ANY($1::uuid[]) AND year = ANY($2::int[])`, [activeMembers.map((r) => r.id), incomeYears])
        : [];
    const insuranceOf = new Map(insuranceRows.map((r) => [`${r.member_id}/${r.year}`, r]));

    const newHouseholds: Row[] = [];
    const changedHouseholds: Row[] = [];
    const newMembers: Row[] = [];
    const changedMembers: Row[] = [];
    const leftMembers: Row[] = [];
    const events: Row[] = [];
    const incomeRows: Row[] = [];
    const insuranceOut: Row[] = [];
    const seenInBatch = new Map<string, string>();
    const actor = { actor_name: IMPORTED };

    for (const h of candidates) {
      const found = byNumber.get(h.householdNumber);
      const hs = hashes.get(h)!;
      // A household outside the import's scope is, to this import, a number in use and nothing
      // more: its answers are those of a number taken (create) or missing (update), and its
      // members are "another household" like any other (existence never leaks; README).
      const outOfScope = !!found && !!o.checkRegion(found.region_code as string);
      const before = outOfScope ? undefined : found;
      // One person, one active household: in the registry and within the batch.
      let conflict = false;
      h.members.forEach((mem, i) => {
        const holder = holderOf.get(hs[i]);
        const inBatch = seenInBatch.get(hs[i]);
        if (holder && holder !== before?.id) {
          reject(h, { rowNumber: mem.rowNumber, column: '证件号码', field: 'members.idNumber', code: 'ID_NUMBER_IN_OTHER_HOUSEHOLD', message: IN_OTHER_HOUSEHOLD });
          conflict = true;
        } else if (inBatch && inBatch !== h.householdNumber) {
          reject(h, {
            rowNumber: mem.rowNumber,
            column: '证件号码',
            field: 'members.idNumber',
            code: 'ID_NUMBER_IN_OTHER_HOUSEHOLD',
            message: `该证件号码已在本文件的户 ${inBatch} 中，一人只能属于一个贫困户 (this person is already a member of household ${inBatch} of this file)`,
          });
          conflict = true;
        }
      });
      const numberProblem = (code: string, message: string) => {
        reject(h, { rowNumber: h.members[0]?.rowNumber ?? null, column: '户编号', field: 'householdNumber', code, message });
        conflict = true;
      };
      if (found && (outOfScope ? o.strategy !== ImportStrategy.UPDATE : o.strategy === ImportStrategy.CREATE)) {
        numberProblem('HOUSEHOLD_NUMBER_TAKEN', `户编号 ${h.householdNumber} 已被使用，不能新增 (household number already in use)`);
      } else if (!before && o.strategy === ImportStrategy.UPDATE) {
        numberProblem('HOUSEHOLD_NOT_FOUND', `户编号 ${h.householdNumber} 不存在（仅更新模式）(not found; the strategy updates only)`);
      }
      if (conflict) {
        counts.householdsRejected += 1;
        continue;
      }
      hs.forEach((x) => seenInBatch.set(x, h.householdNumber));

      const id = (before?.id as string) ?? randomUUID();
      const region = (h.values.regionCode as string) ?? (before?.region_code as string);
      const target: Row = {};
      for (const key of householdKeys) target[snake(key)] = valueOr(key, h.values[key]);
      if (!present.has('dilapidatedHousing') && h.values.dilapidatedHousing !== undefined) target.dilapidated_housing = h.values.dilapidatedHousing;
      if (!before && !('status' in target && target.status)) target.status = 'NOT_EXITED';
      const phone = present.has('contactPhone') ? ((h.values.contactPhone as string | null) ?? null) : undefined;
      const account = present.has('bankAccount') ? normalizeBankAccount(h.values.bankAccount as string | null) : undefined;

      let householdChanged = false;
      const auditBefore: Row = {};
      const auditAfter: Row = {};
      if (!before) {
        const row: Row = { id, household_number: h.householdNumber, validity: 'ACTIVE', ...target, region_code: region };
        if (phone !== undefined) row.contact_phone_enc = phone ? this.cipher.encrypt(phone) : null;
        if (account !== undefined) {
          row.bank_account_enc = account ? this.cipher.encrypt(account) : null;
          row.bank_account_hash = account ? this.cipher.blindIndex(account, BANK_ACCOUNT_DOMAIN) : null;
        }
        newHouseholds.push(row);
        Object.assign(auditAfter, { householdNumber: h.householdNumber, ...camel(target), contactPhone: phone ?? undefined, bankAccount: account ?? undefined });
        events.push({ household_id: id, region_code: region, kind: 'STATUS_CHANGED', effective_on: o.today, from_status: null, to_status: target.status, from_validity: null, to_validity: 'ACTIVE', reason: IMPORTED, ...actor });
      } else {
        const patch: Row = {};
        for (const [col, v] of Object.entries(target)) {
          if (norm(before[col]) !== norm(v)) {
            patch[col] = v;
            auditBefore[camelKey(col)] = before[col];
            auditAfter[camelKey(col)] = v;
          }
        }
        if (phone !== undefined) {
          const old = before.contact_phone_enc ? this.cipher.decrypt(before.contact_phone_enc as string) : null;
          if ((old ?? '') !== (phone ?? '')) {
            patch.contact_phone_enc = phone ? this.cipher.encrypt(phone) : null;
            auditBefore.contactPhone = old;
            auditAfter.contactPhone = phone;
          }
        }
        if (account !== undefined) {
          const hash = account ? this.cipher.blindIndex(account, BANK_ACCOUNT_DOMAIN) : null;
          if ((before.bank_account_hash ?? null) !== hash) {
            patch.bank_account_enc = account ? this.cipher.encrypt(account) : null;
            patch.bank_account_hash = hash;
            auditBefore.bankAccount = before.bank_account_enc ? this.cipher.decrypt(before.bank_account_enc as string) : null;
            auditAfter.bankAccount = account;
          }
        }
        if ('status' in patch) {
          events.push({ household_id: id, region_code: region, kind: 'STATUS_CHANGED', effective_on: o.today, from_status: before.status, to_status: patch.status, from_validity: null, to_validity: null, reason: IMPORTED, ...actor });
        }
        if (Object.keys(patch).length) {
          changedHouseholds.push({ id, ...patch });
          householdChanged = true;
        }
      }

      // Members, matched by the blind index of the ID number.
      const stored = new Map((membersOf.get(id) ?? []).map((r) => [r.id_number_hash as string, r]));
      const keep = new Set<string>();
      let headId: string | null = null;
      let headWas: string | null = null;
      let insuranceChanged = false;
      const memberAudit = { added: [] as string[], updated: [] as string[], left: [] as string[] };
      h.members.forEach((mem, i) => {
        const hash = hs[i];
        const old = stored.get(hash);
        const fields: Row = {};
        for (const key of memberKeys) fields[snake(key)] = valueOr(key, mem.values[key]);
        fields.sex = mem.sex;
        fields.birth_date = mem.birthDate;
        // Protected: stored encrypted, compared on the clear value (a fresh IV differs every time).
        const certificate = certificateInFile ? normalizeDisabilityCertificate(mem.values.disabilityCertificate as string | null) : undefined;
        let memberId: string;
        if (!old) {
          if (certificate !== undefined) fields.disability_certificate_enc = encryptOptional(this.cipher, certificate);
          memberId = randomUUID();
          newMembers.push({
            id: memberId,
            household_id: id,
            region_code: region,
            active: true,
            id_number_enc: this.cipher.encrypt(mem.idNumber),
            id_number_hash: hash,
            joined_on: o.today,
            join_reason: before ? 'MOVED_IN' : 'REGISTRATION',
            ...fields,
          });
          counts.membersCreated += 1;
          memberAudit.added.push(MASK.idNumber(mem.idNumber));
          if (before) events.push({ household_id: id, region_code: region, member_id: memberId, kind: 'MEMBER_JOINED', effective_on: o.today, reason: IMPORTED, ...actor });
        } else {
          memberId = old.id as string;
          keep.add(memberId);
          const patch: Row = {};
          for (const [col, v] of Object.entries(fields)) if (norm(old[col]) !== norm(v)) patch[col] = v;
          if (certificate !== undefined && decryptOptional(this.cipher, old.disability_certificate_enc as string | null) !== certificate) {
            patch.disability_certificate_enc = encryptOptional(this.cipher, certificate);
          }
          if (old.region_code !== region) patch.region_code = region;
          if (Object.keys(patch).length) {
            changedMembers.push({ id: memberId, ...patch });
            counts.membersUpdated += 1;
            memberAudit.updated.push(MASK.idNumber(mem.idNumber));
          } else counts.membersUnchanged += 1;
        }
        if (mem.values.relation === 'HEAD') {
          headId = memberId;
          headWas = old && old.relation !== 'HEAD' ? (old.relation as string) : null;
        }
        const year = h.values['income.year'];
        // Blank insurance cells say nothing (no record is made up for the year).
        if (typeof year === 'number' && insuranceInFile && INSURANCE_KEYS.some((k) => mem.values[`insurance.${k}`] != null)) {
          const ins: Row = { member_id: memberId, year };
          for (const k of INSURANCE_KEYS) ins[snake(k)] = mem.values[`insurance.${k}`] === true;
          const prev = insuranceOf.get(`${memberId}/${year}`);
          if (!prev || INSURANCE_KEYS.some((k) => norm(prev[snake(k)]) !== norm(ins[snake(k)]))) {
            insuranceOut.push(ins);
            insuranceChanged = true;
          }
        }
      });
      for (const [, old] of stored) {
        if (keep.has(old.id as string)) continue;
        leftMembers.push({ id: old.id });
        counts.membersLeft += 1;
        memberAudit.left.push(old.id as string);
        events.push({ household_id: id, region_code: region, member_id: old.id, kind: 'MEMBER_LEFT', effective_on: o.today, reason: IMPORTED, ...actor });
      }
      // Who heads it from today (HEAD_CHANGED: lists as of a date read the head from these).
      if ((!before || before.head_member_id !== headId) && headId) {
        events.push({ household_id: id, region_code: region, member_id: headId, kind: 'HEAD_CHANGED', effective_on: o.today, step: headWas, reason: IMPORTED, ...actor });
      }
      if (!before) newHouseholds[newHouseholds.length - 1].head_member_id = headId;
      else if (headId && before.head_member_id !== headId) {
        const changed = changedHouseholds.find((r) => r.id === id);
        if (changed) changed.head_member_id = headId;
        else changedHouseholds.push({ id, head_member_id: headId });
        householdChanged = true;
      }

      const year = h.values['income.year'];
      let incomeChanged = false;
      if (typeof year === 'number') {
        const inc: Row = { household_id: id, year };
        for (const k of INCOME_COMPONENTS) inc[snake(k)] = (h.values[`income.${k}`] as string | null) ?? '0.00';
        const prev = incomeOf.get(`${id}/${year}`);
        if (!prev || INCOME_COMPONENTS.some((k) => norm(prev[snake(k)]) !== norm(inc[snake(k)]))) {
          incomeRows.push(inc);
          incomeChanged = true;
        }
      }

      const membersChanged = memberAudit.added.length + memberAudit.updated.length + memberAudit.left.length > 0;
      const source = rowsOf.get(h)!;
      if (source.digest) digestRows.push({ household_id: id, digest: source.digest, warnings: storedWarnings(h, source) });
      if (!before) counts.householdsCreated += 1;
      else if (householdChanged || membersChanged || incomeChanged || insuranceChanged) counts.householdsUpdated += 1;
      else {
        counts.householdsUnchanged += 1;
        continue;
      }
      if (o.listChanges) {
        const what = [
          ...Object.keys(auditAfter).filter((k) => k !== 'householdNumber'),
          ...(membersChanged ? ['members'] : []),
          ...(incomeChanged ? ['income'] : []),
          ...(insuranceChanged ? ['insurance'] : []),
        ];
        problems.push(wouldChange(h, source, before ? 'WOULD_UPDATE' : 'WOULD_CREATE', what, h.members.length));
      }
      audit.push({
        operation: before ? 'households.import.update' : 'households.import.create',
        entityType: 'Household',
        entityId: id,
        regionCode: region,
        changes: {
          ...diffChanges(before ? auditBefore : null, auditAfter, { mask: MASK }),
          ...(membersChanged ? { members: { from: null, to: { added: memberAudit.added, updated: memberAudit.updated, left: memberAudit.left.length } } } : {}),
          ...(incomeChanged ? { income: { from: null, to: { year } } } : {}),
          importJob: { from: null, to: o.jobId },
        },
      });
    }

    if (!o.dryRun) {
      await this.write(m, 'households', 'INSERT', newHouseholds);
      await this.write(m, 'members', 'INSERT', newMembers);
      await this.write(m, 'households', 'UPDATE', changedHouseholds);
      await this.write(m, 'members', 'UPDATE', changedMembers);
      if (leftMembers.length) {
        await m.query(`UPDATE members SET active = false, left_on = $2, leave_reason = 'OTHER', version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [
          leftMembers.map((r) => r.id),
          o.today,
        ]);
      }
      await this.write(m, 'household_incomes', 'UPSERT', incomeRows, ['household_id', 'year']);
      await this.write(m, 'member_insurance', 'UPSERT', insuranceOut, ['member_id', 'year']);
      await this.write(m, 'household_events', 'INSERT', events);
      // Last: the writes above forget the digests of the households they touch (triggers).
      await this.write(m, 'import_digests', 'UPSERT', digestRows, ['household_id']);
    }
    return { counts, problems, audit, settledByDigest: settled.length };
  }

  /**
   * Households whose rows are those the last import of them wrote, with nothing changed since
   * (any other change deletes the digest), are unchanged: the answer the full comparison would
   * give, without it. Never under the create-only strategy (an existing household is an error
   * there) nor for a household outside the import's scope.
   */
  private async settleByDigest(
    m: EntityManager,
    households: readonly HouseholdRows[],
    o: WriterOptions,
  ): Promise<{ settled: { household: HouseholdRows; warnings: StoredWarning[] }[]; rest: HouseholdRows[] }> {
    const keyed = households.filter((h) => h.digest && h.householdNumber);
    if (o.strategy === ImportStrategy.CREATE || !keyed.length) return { settled: [], rest: [...households] };
    const known: Row[] = await m.query(
      `SELECT h.household_number, h.region_code, d.digest, d.warnings FROM import_digests d JOIN households h ON h.id = d.household_id WHERE h.household_number = ANY($1::varchar[])`,
      [keyed.map((h) => h.householdNumber)],
    );
    const byNumber = new Map(known.map((r) => [r.household_number as string, r]));
    const settled: { household: HouseholdRows; warnings: StoredWarning[] }[] = [];
    const rest: HouseholdRows[] = [];
    for (const h of households) {
      const k = h.digest ? byNumber.get(h.householdNumber) : undefined;
      if (k && k.digest === h.digest && !o.checkRegion(k.region_code as string)) {
        settled.push({ household: h, warnings: ((k.warnings as { list?: StoredWarning[] } | null)?.list ?? []) });
      } else rest.push(h);
    }
    return { settled, rest };
  }

  /**
   * Stages rows in a temporary table shaped LIKE the target, then merges set-based:
   * INSERT … SELECT, UPDATE … FROM (only the columns staged), or INSERT … ON CONFLICT DO UPDATE.
   */
  private async write(m: EntityManager, table: string, mode: 'INSERT' | 'UPDATE' | 'UPSERT', rows: Row[], key: string[] = ['id']): Promise<void> {
    if (!rows.length) return;
    // Rows of one statement share one column list: group by the set of columns present.
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      const cols = Object.keys(r).sort().join(',');
      const g = groups.get(cols) ?? [];
      g.push(r);
      groups.set(cols, g);
    }
    for (const [colList, group] of groups) {
      const cols = colList.split(',');
      // Shaped like the target's columns (types, enums, arrays) without its constraints.
      const stage = `import_stage_${table}`;
      await m.query(`DROP TABLE IF EXISTS pg_temp.${stage}`);
      await m.query(`CREATE TEMP TABLE ${stage} AS SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM ${table} WITH NO DATA`);
      await this.stage(m, stage, cols, group);
      const list = cols.map((c) => `"${c}"`).join(', ');
      if (mode === 'INSERT') {
        await m.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM ${stage}`);
      } else if (mode === 'UPDATE') {
        const sets = cols.filter((c) => !key.includes(c)).map((c) => `"${c}" = s."${c}"`);
        await m.query(
          `UPDATE ${table} t SET ${sets.join(', ')}, version = t.version + 1, updated_at = now() FROM ${stage} s WHERE ${key.map((k) => `t."${k}" = s."${k}"`).join(' AND ')}`,
        );
      } else {
        const sets = cols.filter((c) => !key.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`);
        await m.query(
          `INSERT INTO ${table} (${list}) SELECT ${list} FROM ${stage} ON CONFLICT (${key.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${sets.join(', ')}, updated_at = now()`,
        );
      }
    }
  }

  private async stage(m: EntityManager, stage: string, cols: string[], rows: Row[]): Promise<void> {
    if (this.useCopy) {
      const client = (await m.queryRunner!.connect()) as PoolClient;
      const stream = client.query(copyFrom(`COPY ${stage} (${cols.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(copyLines(cols, rows)), stream);
      return;
    }
    // jsonb_populate_recordset keeps every column's type (enums, arrays, numerics) from the table.
    for (let i = 0; i < rows.length; i += 5000) {
      const part = rows.slice(i, i + 5000);
      await m.query(
        `INSERT INTO ${stage} (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${cols.map((c) => `x."${c}"`).join(', ')} FROM jsonb_populate_recordset(NULL::${stage}, $1::jsonb) x`,
        [JSON.stringify(part)],
      );
    }
  }
}

/** A warning of a household as its digest keeps it: row as an offset from the household's first row. */
interface StoredWarning {
  offset: number;
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}

/** The household's warnings for its digest row (a plain object: jsonb on either staging path), or null. */
function storedWarnings(h: ParsedHousehold, source: HouseholdRows): { list: StoredWarning[] } | null {
  const first = source.rows[0].rowNumber;
  const list = h.problems
    .filter((p) => p.severity === ProblemSeverity.WARNING)
    .map((p) => ({ offset: (p.rowNumber ?? first) - first, column: p.column, field: p.field, code: p.code, message: p.message }));
  return list.length ? { list } : null;
}

function fromStoredWarning(w: StoredWarning, h: HouseholdRows): ImportProblem {
  return { severity: ProblemSeverity.WARNING, rowNumber: h.rows[0].rowNumber + w.offset, householdNumber: h.householdNumber, column: w.column, field: w.field, code: w.code, message: w.message };
}

/** A dry run's line for a household it would create or update, naming what would change. */
function wouldChange(h: ParsedHousehold, source: HouseholdRows, code: 'WOULD_CREATE' | 'WOULD_UPDATE', what: string[], members: number): ImportProblem {
  const headers = what.map((k) => COLUMN_BY_KEY.get(k)?.header ?? CHANGE_LABELS[k] ?? k);
  return {
    severity: ProblemSeverity.INFO,
    rowNumber: source.rows[0].rowNumber,
    householdNumber: h.householdNumber,
    column: null,
    field: null,
    code,
    message:
      code === 'WOULD_CREATE'
        ? `将新增该户及 ${members} 名成员 (would be created with ${members} members)`
        : `将更新：${headers.join('、')} (would be updated: ${what.join(', ')})`,
  };
}

const CHANGE_LABELS: Record<string, string> = { members: '成员', income: '收入', insurance: '参保', contactPhone: '联系电话', bankAccount: '银行账号', headMemberId: '户主' };

/** COPY text format, a chunk of lines at a time. */
function* copyLines(cols: string[], rows: Row[]): Generator<string> {
  let chunk = '';
  for (const r of rows) {
    chunk += cols.map((c) => copyValue(r[c])).join('\t') + '\n';
    if (chunk.length > 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Characters COPY's text format escapes. */
const COPY_SPECIAL = /[\\\t\n\r]/;

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && !COPY_SPECIAL.test(v)) return v;
  if (Array.isArray(v)) return `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`.replace(/\\/g, '\\\\');
  // A plain object is a jsonb value.
  if (typeof v === 'object' && !(v instanceof Date)) return copyValue(JSON.stringify(v));
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const CAMEL = new Map<string, string>();
const camelKey = (col: string): string => {
  let key = CAMEL.get(col);
  if (key === undefined) CAMEL.set(col, (key = col.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())));
  return key;
};
const camel = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [camelKey(k), v]));
