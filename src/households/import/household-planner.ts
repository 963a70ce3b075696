/**
 * Decides what one checked household of an import does to the registry, given what the
 * registry holds for it (read and locked by import-reads.ts): create, update, unchanged or
 * reject, and the rows that change per table, the counters, the problems and the audit record.
 * No database and no clock of its own (`today` comes in; new ids too, or time-ordered ones from
 * timeOrderedId, see PlanContext.newId); the staged writer writes the rows of a batch's plans.
 */
import { AuditDescriptor, auditChange, AuditChangeRecord } from '../../audit/audit-descriptor';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { timeOrderedId } from '../../common/random/time-ordered-id';
import { ImportMode } from '../../common/imports/import-port';
import { ImportStrategy, ProblemSeverity } from '../../common/imports/import-types';
import { decryptField, encryptField } from '../../common/protection/protected-field';
import type { Row } from '../../database/staged-writer';
import { INCOME_COMPONENTS } from '../household-income';
import { LeaveReason } from '../member.entity';
import { HOUSEHOLD_AUDIT } from '../households.audited';
import { BANK_ACCOUNT, CONTACT_PHONE, DISABILITY_CERTIFICATE, ID_NUMBER, normalizeBankAccount } from '../protected-fields';
import { HouseholdRows, ImportProblem, ParsedHousehold } from './household-assembler';
import { CellValue, COLUMN_BY_KEY, COLUMNS, ExchangeColumn } from './registry-columns';

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

export function addCounts(into: BatchCounts, more: BatchCounts): void {
  for (const k of Object.keys(more) as (keyof BatchCounts)[]) into[k] += more[k];
}

/** What the planner needs to know of the import (WriterOptions without the writing). */
export interface PlanOptions {
  strategy: ImportStrategy;
  /** SYNC (default): households land active. PROPOSE: new ones land as candidates, a status change is refused (STATUS_NEEDS_PROCEDURE), and so is a registered household's move to another village (REGION_CHANGE_NOT_PROPOSABLE). */
  mode?: ImportMode;
  /** A dry run's report lists the households it would create or update (INFO rows WOULD_CREATE / WOULD_UPDATE). */
  listChanges?: boolean;
  jobId: string;
  /**
   * The date the file's records hold from: events, joins and leaves are dated by it. Today for an
   * upload; an earlier date for a SYNC of records as they were then (ImportContext.effectiveOn).
   */
  today: string;
  /** The file's columns: only these are compared and written on update. */
  columns: readonly ExchangeColumn[];
  /** Null when an existing household's village is in the import's scope. */
  checkRegion(code: string): { code: string; message: string } | null;
}

/** What the registry holds for one household of the batch (rows as SELECT * answers them, snake_case). */
export interface ExistingState {
  /** The household with the same number, in the import's scope or not; undefined when the number is free. */
  household?: Row;
  /** Its active members. */
  members: readonly Row[];
  /** Its income of the file's year (when the file has income columns). */
  income?: Row;
  /** Its members' insurance of the file's year, by member id (when the file has insurance columns). */
  insuranceOf: ReadonlyMap<string, Row>;
  /** The household (id) where each person (blind index) of the household is an active member now, if any. */
  holderOf: ReadonlyMap<string, string>;
  /** Persons (blind index) already taken by an earlier household of the batch: its household number. */
  claimedInBatch: ReadonlyMap<string, string>;
}

/** The rows one household writes, per table and kind of write. */
export interface PlanRows {
  newHouseholds: Row[];
  changedHouseholds: Row[];
  newMembers: Row[];
  changedMembers: Row[];
  /** Members no longer in the file: ended today (active false, left_on, leave_reason). */
  leftMembers: Row[];
  incomes: Row[];
  insurance: Row[];
  events: Row[];
  digests: Row[];
}

export const emptyRows = (): PlanRows => ({
  newHouseholds: [],
  changedHouseholds: [],
  newMembers: [],
  changedMembers: [],
  leftMembers: [],
  incomes: [],
  insurance: [],
  events: [],
  digests: [],
});

export interface HouseholdPlan {
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';
  counts: BatchCounts;
  /** Why it is rejected (ERROR), or what a dry run would change (INFO). */
  problems: ImportProblem[];
  rows: PlanRows;
  audit: AuditChangeRecord | null;
  /** The persons (blind indexes) this household holds from now on in the batch. */
  claims: string[];
  /**
   * SYNC of a candidate (待识别, created in GraphQL or by a PROPOSE import): the authority's
   * file registers it (validity ACTIVE, with a status, as a SYNC-created household lands), and
   * the writer's caller closes its open registration proposal (SUPERSEDED_BY_SYNC).
   */
  registersCandidate: boolean;
}

/** A column key and the stored column it writes (snake_case). */
type KeyColumn = readonly [key: string, column: string];

/** The file's columns as the planner uses them, computed once per import. */
export interface FileColumns {
  present: ReadonlySet<string>;
  householdKeys: readonly KeyColumn[];
  memberKeys: readonly KeyColumn[];
  insuranceInFile: boolean;
  certificateInFile: boolean;
}

/** A warning of a household as its digest keeps it: row as an offset from the household's first row. */
export interface StoredWarning {
  offset: number;
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}

/** Column names of keys, computed once per key (the planner asks for them per cell). */
const SNAKE = new Map<string, string>();
export const snake = (key: string): string => {
  let col = SNAKE.get(key);
  if (col === undefined) SNAKE.set(key, (col = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return col;
};
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
const keyColumn = (key: string, column = key): KeyColumn => [key, snake(column)];
/** Insurance and income cells (`insurance.basicMedical`) and the columns they write (`basic_medical`). */
const INSURANCE_CELLS = INSURANCE_KEYS.map((k) => keyColumn(`insurance.${k}`, k));
const INCOME_CELLS = INCOME_COMPONENTS.map((k) => keyColumn(`income.${k}`, k));

export function fileColumns(columns: readonly ExchangeColumn[]): FileColumns {
  const present = new Set(columns.map((c) => c.key));
  return {
    present,
    householdKeys: [...PLAIN_HOUSEHOLD_KEYS].filter((key) => present.has(key)).map((key) => keyColumn(key)),
    memberKeys: [...PLAIN_MEMBER_KEYS].filter((key) => present.has(key) || key === 'sex' || key === 'birthDate').map((key) => keyColumn(key)),
    insuranceInFile: INSURANCE_KEYS.some((k) => present.has(`insurance.${k}`)),
    certificateInFile: present.has('disabilityCertificate'),
  };
}

/** The blind indexes of a household's members (the ID numbers as the registry looks them up). */
export function memberHashes(cipher: FieldCipher, h: ParsedHousehold): string[] {
  return h.members.map((x) => cipher.blindIndex(x.idNumber, ID_NUMBER.blindIndex!.domain));
}

/** A value as stored compares equal to the same value parsed from a file. */
function norm(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return `{${v.join(',')}}`;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

const valueOr = (key: string, v: CellValue | undefined): unknown => (v === null || v === undefined ? (DEFAULTS[key] ?? null) : v);

export interface PlanInput {
  /** A valid checked household (no ERROR problem). */
  household: ParsedHousehold;
  /** Its rows as read (digest, first row number). */
  source: HouseholdRows;
  /** memberHashes of the household, in member order. */
  hashes: readonly string[];
  existing: ExistingState;
}

export interface PlanContext {
  cipher: FieldCipher;
  options: PlanOptions;
  file: FileColumns;
  /**
   * New row ids (households, members, events). Default: time-ordered UUIDs (version 7, RFC 9562),
   * so that an import's new rows go to the right-hand end of the indexes on their ids and on the
   * ids they reference, instead of a random leaf page each: at 1 M members, the database's CPU for
   * a first import fell by 29–36 % against random (version 4) ids (bench/README.md, import).
   */
  newId?: () => string;
}

/** The plan of one household (see the file comment). */
export function planHousehold(input: PlanInput, ctx: PlanContext): HouseholdPlan {
  const { household: h, source, hashes: hs, existing } = input;
  const { cipher, options: o, file } = ctx;
  const newId = ctx.newId ?? timeOrderedId;
  const counts = zeroCounts();
  const problems: ImportProblem[] = [];
  const rows = emptyRows();
  const reject = (p: Omit<ImportProblem, 'severity' | 'householdNumber'>) => {
    problems.push({ severity: ProblemSeverity.ERROR, householdNumber: h.householdNumber, ...p });
  };
  const actor = { actor_name: IMPORTED };

  const found = existing.household;
  // A household outside the import's scope is, to this import, a number in use and nothing
  // more: its answers are those of a number taken (create) or missing (update), and its
  // members are "another household" like any other (existence never leaks; README).
  const outOfScope = !!found && !!o.checkRegion(found.region_code as string);
  const before = outOfScope ? undefined : found;
  // One person, one active household: in the registry and within the batch.
  let conflict = false;
  h.members.forEach((mem, i) => {
    const holder = existing.holderOf.get(hs[i]);
    const inBatch = existing.claimedInBatch.get(hs[i]);
    if (holder && holder !== before?.id) {
      reject({ rowNumber: mem.rowNumber, column: '证件号码', field: 'members.idNumber', code: 'ID_NUMBER_IN_OTHER_HOUSEHOLD', message: IN_OTHER_HOUSEHOLD });
      conflict = true;
    } else if (inBatch && inBatch !== h.householdNumber) {
      reject({
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
    reject({ rowNumber: h.members[0]?.rowNumber ?? null, column: '户编号', field: 'householdNumber', code, message });
    conflict = true;
  };
  if (found && (outOfScope ? o.strategy !== ImportStrategy.UPDATE : o.strategy === ImportStrategy.CREATE)) {
    numberProblem('HOUSEHOLD_NUMBER_TAKEN', `户编号 ${h.householdNumber} 已被使用，不能新增 (household number already in use)`);
  } else if (!before && o.strategy === ImportStrategy.UPDATE) {
    numberProblem('HOUSEHOLD_NOT_FOUND', `户编号 ${h.householdNumber} 不存在（仅更新模式）(not found; the strategy updates only)`);
  }
  if (conflict) {
    counts.householdsRejected += 1;
    return { outcome: 'REJECTED', counts, problems, rows, audit: null, claims: [], registersCandidate: false };
  }

  const id = (before?.id as string) ?? newId();
  const region = (h.values.regionCode as string) ?? (before?.region_code as string);
  const target: Row = {};
  for (const [key, column] of file.householdKeys) target[column] = valueOr(key, h.values[key]);
  if (!file.present.has('dilapidatedHousing') && h.values.dilapidatedHousing !== undefined) target.dilapidated_housing = h.values.dilapidatedHousing;
  if (!before && !('status' in target && target.status)) target.status = 'NOT_EXITED';
  const phone = file.present.has('contactPhone') ? ((h.values.contactPhone as string | null) ?? null) : undefined;
  const account = file.present.has('bankAccount') ? normalizeBankAccount(h.values.bankAccount as string | null) : undefined;

  // PROPOSE: a status changes through its procedure (registration, exit, return, removal), never
  // by a file; a new household is a candidate without a status (as createHousehold registers it).
  const proposing = o.mode === ImportMode.PROPOSE;
  if (proposing) {
    const candidate = !before || before.validity === 'CANDIDATE';
    const needsProcedure: string[] = [];
    if ('status' in target) {
      const asked = (target.status as string | null) ?? null;
      if (candidate ? asked !== null && asked !== 'NOT_EXITED' : asked !== null && norm(before!.status) !== asked) needsProcedure.push('status');
      // Blank: the stored status stays; a candidate's stays none.
      if (candidate || asked === null) delete target.status;
    }
    if ('exit_year' in target) {
      if (target.exit_year == null && before) delete target.exit_year;
      else if (norm(before?.exit_year) !== norm(target.exit_year)) needsProcedure.push('exitYear');
    }
    // A registered household moves to another village only by the authority's file (SYNC): a
    // proposing file cannot take it out of the village that registered it.
    const moves = !candidate && 'region_code' in target && target.region_code != null && norm(before!.region_code) !== norm(target.region_code);
    if (moves) {
      reject({
        rowNumber: h.members[0]?.rowNumber ?? null,
        column: COLUMN_BY_KEY.get('regionCode')!.header,
        field: 'regionCode',
        code: 'REGION_CHANGE_NOT_PROPOSABLE',
        message: `导入（申报模式）不能把已识别的户迁到另一个村（${String(before!.region_code)} → ${String(target.region_code)}）(PROPOSE: a registered household's village changes only by a SYNC import)`,
      });
    }
    if (needsProcedure.length || moves) {
      for (const key of needsProcedure) {
        reject({
          rowNumber: h.members[0]?.rowNumber ?? null,
          column: COLUMN_BY_KEY.get(key)!.header,
          field: key,
          code: 'STATUS_NEEDS_PROCEDURE',
          message: `导入（申报模式）不能改变“${COLUMN_BY_KEY.get(key)!.header}”，请走脱贫、返贫或识别纳入程序 (PROPOSE: the status changes through its procedure, not by a file)`,
        });
      }
      counts.householdsRejected += 1;
      return { outcome: 'REJECTED', counts, problems, rows, audit: null, claims: [], registersCandidate: false };
    }
  }

  // SYNC: the authority's record says the household is registered. A candidate lands as a
  // SYNC-created household does: active, with the file's status (blank: 未脱贫).
  const registering = !proposing && !!before && before.validity === 'CANDIDATE';
  if (registering && !target.status) target.status = 'NOT_EXITED';

  let householdChanged = false;
  const auditBefore: Row = {};
  const auditAfter: Row = {};
  let newHousehold: Row | undefined;
  if (!before) {
    // The spread first: V8 clones its shape, then adds the rest (spread after other properties, it
    // defines them one by one: a quarter of the planner's own time, issue #12). target has no id,
    // number or validity; its region_code is the one set here either way.
    newHousehold = proposing
      ? { ...target, id, household_number: h.householdNumber, validity: 'CANDIDATE', status: null, region_code: region }
      : { ...target, id, household_number: h.householdNumber, validity: 'ACTIVE', region_code: region };
    if (phone !== undefined) Object.assign(newHousehold, encryptField(cipher, CONTACT_PHONE, phone, { keys: 'column', normalized: true }));
    if (account !== undefined) Object.assign(newHousehold, encryptField(cipher, BANK_ACCOUNT, account, { keys: 'column', normalized: true }));
    rows.newHouseholds.push(newHousehold);
    auditAfter.householdNumber = h.householdNumber;
    camelInto(auditAfter, target);
    auditAfter.contactPhone = phone ?? undefined;
    auditAfter.bankAccount = account ?? undefined;
    // A candidate has no status yet: its registration procedure records the change.
    if (!proposing) rows.events.push({ id: newId(), household_id: id, region_code: region, kind: 'STATUS_CHANGED', effective_on: o.today, from_status: null, to_status: target.status, from_validity: null, to_validity: 'ACTIVE', reason: IMPORTED, ...actor });
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
      const old = decryptField(cipher, CONTACT_PHONE, before, 'column');
      if ((old ?? '') !== (phone ?? '')) {
        Object.assign(patch, encryptField(cipher, CONTACT_PHONE, phone, { keys: 'column', normalized: true }));
        auditBefore.contactPhone = old;
        auditAfter.contactPhone = phone;
      }
    }
    if (account !== undefined) {
      const stored = encryptField(cipher, BANK_ACCOUNT, account, { keys: 'column', normalized: true });
      if ((before.bank_account_hash ?? null) !== stored.bank_account_hash) {
        Object.assign(patch, stored);
        auditBefore.bankAccount = decryptField(cipher, BANK_ACCOUNT, before, 'column');
        auditAfter.bankAccount = account;
      }
    }
    if (registering) {
      patch.validity = 'ACTIVE';
      auditBefore.validity = before.validity;
      auditAfter.validity = 'ACTIVE';
    }
    if ('status' in patch || registering) {
      rows.events.push({
        id: newId(),
        household_id: id,
        region_code: region,
        kind: 'STATUS_CHANGED',
        effective_on: o.today,
        from_status: before.status,
        to_status: 'status' in patch ? patch.status : before.status,
        from_validity: registering ? before.validity : null,
        to_validity: registering ? 'ACTIVE' : null,
        reason: IMPORTED,
        ...actor,
      });
    }
    if (Object.keys(patch).length) {
      rows.changedHouseholds.push({ id, ...patch });
      householdChanged = true;
    }
  }

  // Members, matched by the blind index of the ID number.
  const stored = new Map(existing.members.map((r) => [r.id_number_hash as string, r]));
  const keep = new Set<string>();
  let headId: string | null = null;
  let headWas: string | null = null;
  let insuranceChanged = false;
  const memberAudit = { added: [] as string[], updated: [] as string[], left: [] as string[] };
  const year = h.values['income.year'];
  h.members.forEach((mem, i) => {
    const hash = hs[i];
    const old = stored.get(hash);
    // Protected: stored encrypted, compared on the clear value (a fresh IV differs every time).
    const certificate = file.certificateInFile ? DISABILITY_CERTIFICATE.normalize((mem.values.disabilityCertificate as string | null) ?? '') : undefined;
    let memberId: string;
    if (!old) {
      memberId = newId();
      // Records as of a past date (effectiveOn) may hold a member born since: they join at birth.
      const born = mem.birthDate > o.today;
      // The file's fields first: the row keeps fast properties (src/common/fast-properties.ts).
      const row: Row = {
        ...memberFields({}, mem, file),
        id: memberId,
        household_id: id,
        region_code: region,
        active: true,
        id_number_enc: cipher.encrypt(mem.idNumber),
        id_number_hash: hash,
        joined_on: born ? mem.birthDate : o.today,
        join_reason: born ? 'BIRTH' : before ? 'MOVED_IN' : 'REGISTRATION',
      };
      if (certificate !== undefined) Object.assign(row, encryptField(cipher, DISABILITY_CERTIFICATE, certificate, { keys: 'column', normalized: true }));
      rows.newMembers.push(row);
      counts.membersCreated += 1;
      memberAudit.added.push(ID_NUMBER.mask(mem.idNumber));
      if (before || born) {
        rows.events.push({ id: newId(), household_id: id, region_code: region, member_id: memberId, kind: 'MEMBER_JOINED', effective_on: born ? mem.birthDate : o.today, step: born ? 'BIRTH' : null, reason: IMPORTED, ...actor });
      }
    } else {
      memberId = old.id as string;
      keep.add(memberId);
      const fields = memberFields({}, mem, file);
      const patch: Row = {};
      for (const [col, v] of Object.entries(fields)) if (norm(old[col]) !== norm(v)) patch[col] = v;
      if (certificate !== undefined && decryptField(cipher, DISABILITY_CERTIFICATE, old, 'column') !== certificate) {
        Object.assign(patch, encryptField(cipher, DISABILITY_CERTIFICATE, certificate, { keys: 'column', normalized: true }));
      }
      if (old.region_code !== region) patch.region_code = region;
      if (Object.keys(patch).length) {
        rows.changedMembers.push({ id: memberId, ...patch });
        counts.membersUpdated += 1;
        memberAudit.updated.push(ID_NUMBER.mask(mem.idNumber));
      } else counts.membersUnchanged += 1;
    }
    if (mem.values.relation === 'HEAD') {
      headId = memberId;
      headWas = old && old.relation !== 'HEAD' ? (old.relation as string) : null;
    }
    // Blank insurance cells say nothing (no record is made up for the year).
    if (typeof year === 'number' && file.insuranceInFile && INSURANCE_CELLS.some(([k]) => mem.values[k] != null)) {
      // The member's household and village with it: the row's foreign key checks them.
      const ins: Row = { member_id: memberId, year, household_id: id, region_code: region };
      for (const [k, column] of INSURANCE_CELLS) ins[column] = mem.values[k] === true;
      const prev = existing.insuranceOf.get(memberId);
      if (!prev || INSURANCE_CELLS.some(([, column]) => norm(prev[column]) !== norm(ins[column]))) {
        rows.insurance.push(ins);
        insuranceChanged = true;
      }
    }
  });
  for (const [, old] of stored) {
    if (keep.has(old.id as string)) continue;
    rows.leftMembers.push({ id: old.id, active: false, left_on: o.today, leave_reason: LeaveReason.OTHER });
    counts.membersLeft += 1;
    memberAudit.left.push(old.id as string);
    rows.events.push({ id: newId(), household_id: id, region_code: region, member_id: old.id, kind: 'MEMBER_LEFT', effective_on: o.today, reason: IMPORTED, ...actor });
  }
  // Who heads it from today (HEAD_CHANGED: lists as of a date read the head from these).
  if ((!before || before.head_member_id !== headId) && headId) {
    rows.events.push({ id: newId(), household_id: id, region_code: region, member_id: headId, kind: 'HEAD_CHANGED', effective_on: o.today, step: headWas, reason: IMPORTED, ...actor });
  }
  if (newHousehold) newHousehold.head_member_id = headId;
  else if (headId && before?.head_member_id !== headId) {
    const changed = rows.changedHouseholds.find((r) => r.id === id);
    if (changed) changed.head_member_id = headId;
    else rows.changedHouseholds.push({ id, head_member_id: headId });
    householdChanged = true;
  }

  let incomeChanged = false;
  if (typeof year === 'number') {
    const inc: Row = { household_id: id, year, region_code: region };
    for (const [k, column] of INCOME_CELLS) inc[column] = (h.values[k] as string | null) ?? '0.00';
    const prev = existing.income;
    if (!prev || INCOME_CELLS.some(([, column]) => norm(prev[column]) !== norm(inc[column]))) {
      rows.incomes.push(inc);
      incomeChanged = true;
    }
  }

  const membersChanged = memberAudit.added.length + memberAudit.updated.length + memberAudit.left.length > 0;
  if (source.digest) rows.digests.push({ household_id: id, digest: source.digest, warnings: storedWarnings(h, source) });
  const claims = [...hs];
  if (before && !(householdChanged || membersChanged || incomeChanged || insuranceChanged)) {
    counts.householdsUnchanged += 1;
    return { outcome: 'UNCHANGED', counts, problems, rows, audit: null, claims, registersCandidate: false };
  }
  if (!before) counts.householdsCreated += 1;
  else counts.householdsUpdated += 1;
  if (o.listChanges) {
    const what = [
      ...Object.keys(auditAfter).filter((k) => k !== 'householdNumber'),
      ...(membersChanged ? ['members'] : []),
      ...(incomeChanged ? ['income'] : []),
      ...(insuranceChanged ? ['insurance'] : []),
    ];
    problems.push(wouldChange(h, source, before ? 'WOULD_UPDATE' : 'WOULD_CREATE', what, h.members.length));
  }
  // The household's descriptor diffs the views of the file's columns (partial households: only
  // what the file has is compared); members, income and the job are facts merged after the diff.
  const audit: AuditChangeRecord = auditChange(HOUSEHOLD_AUDIT as unknown as AuditDescriptor<Row>, before ? 'households.import.update' : 'households.import.create', before ? auditBefore : null, auditAfter, {
    entityId: id,
    regionCode: region,
    extra: {
      ...(membersChanged ? { members: { from: null, to: { added: memberAudit.added, updated: memberAudit.updated, left: memberAudit.left.length } } } : {}),
      ...(incomeChanged ? { income: { from: null, to: { year } } } : {}),
      importJob: { from: null, to: o.jobId },
    },
  });
  return { outcome: before ? 'UPDATED' : 'CREATED', counts, problems, rows, audit, claims, registersCandidate: registering };
}

/** The household's warnings for its digest row (a plain object: jsonb on either staging path), or null. */
function storedWarnings(h: ParsedHousehold, source: HouseholdRows): { list: StoredWarning[] } | null {
  const first = source.rows[0].rowNumber;
  const list = h.problems
    .filter((p) => p.severity === ProblemSeverity.WARNING)
    .map((p) => ({ offset: (p.rowNumber ?? first) - first, column: p.column, field: p.field, code: p.code, message: p.message }));
  return list.length ? { list } : null;
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

const CAMEL = new Map<string, string>();
const camelKey = (col: string): string => {
  let key = CAMEL.get(col);
  if (key === undefined) CAMEL.set(col, (key = col.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())));
  return key;
};
/** Copies the row's properties into `out` with their keys in camelCase (a loop: no [key, value] arrays per property, issue #12). */
const camelInto = (out: Row, row: Row): Row => {
  for (const k in row) if (Object.hasOwn(row, k)) out[camelKey(k)] = row[k];
  return out;
};

/** A member's stored fields from the file, set on `into` (also returned). */
function memberFields(into: Row, mem: ParsedHousehold['members'][number], file: FileColumns): Row {
  for (const [key, column] of file.memberKeys) into[column] = valueOr(key, mem.values[key]);
  into.sex = mem.sex;
  into.birth_date = mem.birthDate;
  return into;
}
