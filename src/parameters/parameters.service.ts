import { addDays, isLocalDate } from '../common/dates/local-date';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { Principal } from '../common/access/principal';
import { DeclaredParameter, DeclaredParameters } from '../common/kit/module-declaration';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { AppError, FieldProblem } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { projectRoot } from '../common/project-root';
import { isWithin, subtreePrefix } from '../common/region/region-code';
import { RegionsService } from '../regions/regions.service';
import { ParameterStatus, ParameterType, SeedCalendar, SeedParameter } from './parameter-types';
import { listedCodes, parseValue, valueText } from './parameter-values';
import { POLICY_PARAMETER_AUDIT, WORKING_CALENDAR_AUDIT } from './parameters.audited';
import { ParametersErrors, ParametersReason } from './parameters.errors';
import { ParametersRepository } from './parameters.repository';
import { PolicyParameterEntity } from './policy-parameter.entity';
import { WorkingCalendarEntity } from './working-calendar.entity';

export const PARAMETER_SEED_FILE = join('seeds', 'policy-parameters.json');
export const CALENDAR_SEED_FILE = join('seeds', 'working-calendars.json');

/**
 * A parameter as it applies on a date in a region. `configured` is false when no version is in
 * force there and then, or the one in force is NOT_CONFIGURED (RULES.md `—`): then `value` is
 * null and a rule that needs it must answer "not configured", never treat it as zero.
 */
export interface ParameterValue {
  key: string;
  asOf: string;
  regionCode: string;
  configured: boolean;
  /** The version used (null when none is in force). */
  id: string | null;
  type: ParameterType | null;
  value: unknown;
  unit: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  scopeCode: string | null;
  source: string | null;
  status: ParameterStatus;
  note: string | null;
  stated: string | null;
}

/** The parameters an answer used, each once, with its status: `parametersUsed` of a result. */
export class ParametersUsed {
  private readonly used = new Map<string, ParameterValue>();

  /** Records `v` and hands it back, so a lookup reads `used.add(await params.valueAt(...))`. */
  add(v: ParameterValue): ParameterValue {
    this.used.set(`${v.key}|${v.id ?? ''}`, v);
    return v;
  }

  list(): ParameterValue[] {
    return [...this.used.values()];
  }

  /** Whether any value used is not confirmed (UNVERIFIED or NOT_CONFIGURED): badge the answer. */
  get anyUnconfirmed(): boolean {
    return this.list().some((v) => v.status === ParameterStatus.UNVERIFIED || v.status === ParameterStatus.NOT_CONFIGURED);
  }
}

/** A deadline in working days: the date, or not configured (a year on the way has no calendar). */
export type WorkingDayDeadline =
  | { configured: true; date: string; calendars: { year: number; scopeCode: string; status: ParameterStatus; source: string | null }[] }
  | { configured: false; missingYear: number };

export interface SetParameterInput {
  key: string;
  regionCode?: string | null;
  value: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  source?: string | null;
  status: ParameterStatus;
  type?: ParameterType | null;
  unit?: string | null;
  note?: string | null;
  reason: string;
  replacesId?: string | null;
}

export interface RetireParameterInput {
  id: string;
  /** Last day the version stays in force; absent: withdrawn entirely. */
  effectiveTo?: string | null;
  reason: string;
}

export interface SetWorkingCalendarInput {
  year: number;
  regionCode?: string | null;
  holidays: string[];
  workdays: string[];
  source?: string | null;
  status: ParameterStatus;
  reason: string;
  version?: number | null;
}

function isWeekend(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
}

/** The scope's subtree prefix: '' for national. */
function prefixOf(scopeCode: string): string {
  return scopeCode ? subtreePrefix(scopeCode) : '';
}

/**
 * The policy parameter store (issue #13): lookups as of a date for a region, the working
 * calendar, and changes as audited new versions. Seeded at start from seeds/ (built from
 * docs/RULES.md); a seeded row the district has since retired or replaced is not brought back.
 */
@Injectable()
export class ParametersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ParametersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ParametersRepository,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
    private readonly declared: DeclaredParameters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // An import thread finds the store seeded by the service that started it.
    if (!this.config.backgroundWork) return;
    try {
      await this.seed();
    } catch (e) {
      // Migrations not run yet (MIGRATIONS_RUN=false): the tables may not exist.
      this.logger.warn(`policy parameters not seeded: ${(e as Error).message}`);
    }
  }

  /**
   * Inserts the seed rows not yet stored (idempotent): the rows of RULES.md and, NOT_CONFIGURED
   * unless declared with a seeded value, the parameters modules declare beside it (declaredSeedRows). A row whose key, scope and start
   * have any version (a value the district entered, a retired row) is left alone. Answers how
   * many were inserted.
   */
  async seed(): Promise<{ parameters: number; calendars: number }> {
    const root = projectRoot();
    const rules: SeedParameter[] = JSON.parse(readFileSync(join(root, PARAMETER_SEED_FILE), 'utf8'));
    const params = [...rules, ...declaredSeedRows(this.declared.list, new Set(rules.map((r) => r.key)))];
    const calendars: SeedCalendar[] = JSON.parse(readFileSync(join(root, CALENDAR_SEED_FILE), 'utf8'));
    // One transaction under one lock: two instances starting at once insert each row once.
    return this.dataSource.transaction(async (m) => {
      await this.repo.lockKey(m, 'seed', '');
      return {
        parameters: await this.repo.insertMissingSeed(m, params.map((p) => ({ ...p, scopePrefix: prefixOf(p.scopeCode) }))),
        calendars: await this.repo.insertMissingCalendars(m, calendars.map((c) => ({ ...c, scopePrefix: prefixOf(c.scopeCode) }))),
      };
    });
  }

  /** The value of `key` in force on `asOf` in `regionCode` (see ParameterValue). Unknown key: UNKNOWN_KEY. */
  async valueAt(key: string, asOf: string, regionCode: string, manager?: EntityManager, field = 'key'): Promise<ParameterValue> {
    return (await this.valuesAt([key], asOf, regionCode, manager, field))[0];
  }

  /** valueAt for several keys at once, in the order given. */
  async valuesAt(keys: readonly string[], asOf: string, regionCode: string, manager?: EntityManager, field = 'keys'): Promise<ParameterValue[]> {
    if (!isLocalDate(asOf)) throw ParametersErrors.invalid([{ field: 'asOf', reason: CommonReason.INVALID_DATE, message: '日期格式应为 YYYY-MM-DD' }]);
    const known = await this.repo.keyInfo(keys, manager);
    const unknown = keys.find((k) => !known.has(k));
    if (unknown !== undefined) throw ParametersErrors.unknownKey(unknown, field);
    const rows = new Map((await this.repo.inForce(keys, asOf, regionCode, manager)).map((r) => [r.key, r]));
    return keys.map((key) => toValue(key, asOf, regionCode, rows.get(key) ?? null, known.get(key)!));
  }

  /**
   * A parameter a rule cannot do without, in force on `asOf` in `regionCode`: its value, or
   * PARAMETER_NOT_CONFIGURED naming `field` (the answer says "not configured", never a guess).
   */
  async requireConfigured(key: string, asOf: string, regionCode: string, field: string, manager?: EntityManager): Promise<ParameterValue> {
    const v = await this.valueAt(key, asOf, regionCode, manager);
    if (!v.configured) throw ParametersErrors.notConfigured(key, asOf, regionCode, field);
    return v;
  }

  /**
   * A code checked against the CODE_LIST parameter `key` in force on `asOf` in `regionCode` (a
   * project category, an entity type…): the list's value when the code is in it. A code not in the
   * list is CODE_NOT_LISTED and a list not in force there and then PARAMETER_NOT_CONFIGURED, both
   * naming `field` (never a guessed list).
   */
  async requireListedCode(key: string, code: string, asOf: string, regionCode: string, field: string, manager?: EntityManager): Promise<ParameterValue> {
    return (await this.requireListedCodes([{ key, code, field }], asOf, regionCode, manager))[0];
  }

  /**
   * Several codes checked at once, each against its CODE_LIST parameter (one read): every list
   * not in force (PARAMETER_NOT_CONFIGURED) and every code not listed (CODE_NOT_LISTED) is a
   * problem naming its field, all in one error.
   */
  async requireListedCodes(checks: readonly { key: string; code: string; field: string }[], asOf: string, regionCode: string, manager?: EntityManager): Promise<ParameterValue[]> {
    const values = await this.valuesAt([...new Set(checks.map((c) => c.key))], asOf, regionCode, manager);
    const byKey = new Map(values.map((v) => [v.key, v]));
    const problems: AppError[] = [];
    for (const c of checks) {
      const v = byKey.get(c.key)!;
      if (!v.configured || !Array.isArray(v.value)) problems.push(ParametersErrors.notConfigured(c.key, asOf, regionCode, c.field));
      else {
        const { codes, incomplete } = listedCodes(v.value as string[]);
        if (!codes.includes(c.code)) problems.push(ParametersErrors.codeNotListed(c.key, c.code, codes, c.field, incomplete));
      }
    }
    if (problems.length === 1) throw problems[0];
    if (problems.length) throw AppError.badInput(problems.flatMap((e) => e.problems ?? []));
    return checks.map((c) => byKey.get(c.key)!);
  }

  /** The values in force of every key starting with `prefix`, by key. */
  async valuesWithPrefix(prefix: string, asOf: string, regionCode: string): Promise<ParameterValue[]> {
    const keys = await this.repo.keysWithPrefix(prefix);
    return keys.length ? this.valuesAt(keys, asOf, regionCode) : [];
  }

  async history(key: string): Promise<PolicyParameterEntity[]> {
    const rows = await this.repo.history(key);
    if (!rows.length) throw ParametersErrors.unknownKey(key, 'key');
    return rows;
  }

  exportRows(): Promise<PolicyParameterEntity[]> {
    return this.repo.all();
  }

  /** A region code that exists (national '' always does), else REGION_NOT_FOUND naming the field. */
  async requireRegion(code: string, field: string, manager?: EntityManager): Promise<void> {
    if (code === '') return;
    if (!/^\d{12}$/.test(code) || !(await this.regions.findByCode(code, manager))) throw ParametersErrors.regionNotFound(code, field);
  }

  /**
   * Who may change a scope: a caller's own subtree; a wider scope (an ancestor region, or
   * national) only for a caller homed at province level; a region beside the caller's subtree is
   * out of scope.
   */
  private checkScope(principal: Principal, scopeCode: string, field: string): void {
    if (scopeCode && isWithin(scopeCode, principal.scopePrefix)) return;
    const provinceLevel = principal.scopePrefix.length <= 2;
    const wider = scopeCode === '' || principal.regionCode.startsWith(prefixOf(scopeCode));
    if (wider && provinceLevel) return;
    if (wider) throw ParametersErrors.scopeNeedsProvinceRole(field);
    throw AppError.badInput([{ field, reason: CommonReason.REGION_OUT_OF_SCOPE, message: `区划 ${scopeCode} 不在本级管辖范围内 (region outside your region)` }]);
  }

  /** Enters a new version (or corrects `replacesId`, which it supersedes), audited with the reason. */
  async setParameter(principal: Principal, input: SetParameterInput): Promise<PolicyParameterEntity> {
    const scopeCode = input.regionCode ?? '';
    const problems: FieldProblem[] = [];
    const reason = input.reason?.trim() ?? '';
    if (!reason) problems.push({ field: 'input.reason', reason: CommonReason.REASON_REQUIRED, message: '须说明理由 (give a reason)' });
    if (!isLocalDate(input.effectiveFrom)) problems.push({ field: 'input.effectiveFrom', reason: CommonReason.INVALID_DATE, message: '日期格式应为 YYYY-MM-DD' });
    if (input.effectiveTo != null && !isLocalDate(input.effectiveTo)) problems.push({ field: 'input.effectiveTo', reason: CommonReason.INVALID_DATE, message: '日期格式应为 YYYY-MM-DD' });
    if (!problems.length && input.effectiveTo != null && input.effectiveTo < input.effectiveFrom) {
      problems.push({ field: 'input.effectiveTo', reason: ParametersReason.PERIOD_REVERSED, message: '截止日期早于起始日期 (effectiveTo is before effectiveFrom)' });
    }
    if (input.status === ParameterStatus.NOT_CONFIGURED) {
      problems.push({ field: 'input.status', reason: CommonReason.INVALID_VALUE, message: '录入值的状态应为 SEED、VERIFIED 或 UNVERIFIED (to withdraw a value, retire it)' });
    }
    if (problems.length) throw ParametersErrors.invalid(problems);
    this.checkScope(principal, scopeCode, 'input.regionCode');
    return this.dataSource.transaction(async (m) => {
      await this.requireRegion(scopeCode, 'input.regionCode', m);
      const info = (await this.repo.keyInfo([input.key], m)).get(input.key);
      if (!info) throw ParametersErrors.unknownKey(input.key, 'input.key');
      const typeProblems: FieldProblem[] = [];
      if (input.type != null && input.type !== info.valueType) {
        typeProblems.push({ field: 'input.type', reason: ParametersReason.WRONG_TYPE, message: `${input.key} 的类型是 ${info.valueType} (the key's type is ${info.valueType})` });
      }
      if (input.unit != null && input.unit.trim() !== info.unit) {
        typeProblems.push({ field: 'input.unit', reason: ParametersReason.WRONG_UNIT, message: `${input.key} 的单位是 ${info.unit} (the key's unit is ${info.unit})` });
      }
      const parsed = parseValue(info.valueType, input.value, 'input.value');
      if ('problem' in parsed) typeProblems.push(parsed.problem);
      if (typeProblems.length || !('value' in parsed)) throw ParametersErrors.invalid(typeProblems);
      await this.repo.lockKey(m, input.key, scopeCode);
      let replaced: PolicyParameterEntity | null = null;
      if (input.replacesId) {
        replaced = await this.repo.findById(input.replacesId, m);
        if (!replaced || replaced.key !== input.key || replaced.scopeCode !== scopeCode) throw ParametersErrors.versionNotFound('input.replacesId');
        if (replaced.supersededAt) throw ParametersErrors.versionNotCurrent('input.replacesId');
      }
      const [overlap] = await this.repo.overlapping(m, input.key, scopeCode, input.effectiveFrom, input.effectiveTo ?? null, replaced?.id);
      if (overlap) throw ParametersErrors.periodOverlap('input.effectiveFrom', overlap);
      if (replaced) {
        const after = (await this.repo.supersede(m, replaced.id, reason))!;
        await this.audit.change(m, POLICY_PARAMETER_AUDIT, 'parameters.supersede', replaced, after, { reason });
      }
      const created = await this.repo.insert(m, {
        key: input.key,
        scopeCode,
        scopePrefix: prefixOf(scopeCode),
        valueType: info.valueType,
        value: parsed.value,
        unit: info.unit,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        source: input.source?.trim() || null,
        status: input.status,
        note: input.note?.trim() || null,
        stated: input.value.trim(),
        reason,
        createdBy: principal.id,
      });
      await this.audit.change(m, POLICY_PARAMETER_AUDIT, 'parameters.set', null, created, { reason });
      return created;
    });
  }

  /**
   * Retires a current version: withdrawn entirely, or (with `effectiveTo`) ended on that day, as
   * a new version of the shortened period. The old version stays in the history.
   */
  async retireParameter(principal: Principal, input: RetireParameterInput): Promise<{ retired: PolicyParameterEntity; replacement: PolicyParameterEntity | null }> {
    const reason = input.reason?.trim() ?? '';
    if (!reason) throw ParametersErrors.invalid([{ field: 'input.reason', reason: CommonReason.REASON_REQUIRED, message: '须说明理由 (give a reason)' }]);
    if (input.effectiveTo != null && !isLocalDate(input.effectiveTo)) {
      throw ParametersErrors.invalid([{ field: 'input.effectiveTo', reason: CommonReason.INVALID_DATE, message: '日期格式应为 YYYY-MM-DD' }]);
    }
    return this.dataSource.transaction(async (m) => {
      const row = await this.repo.findById(input.id, m);
      if (!row) throw ParametersErrors.versionNotFound('input.id');
      this.checkScope(principal, row.scopeCode, 'input.id');
      await this.repo.lockKey(m, row.key, row.scopeCode);
      const current = await this.repo.findById(input.id, m);
      if (current!.supersededAt) throw ParametersErrors.versionNotCurrent('input.id');
      if (input.effectiveTo != null) {
        if (input.effectiveTo < row.effectiveFrom) {
          throw ParametersErrors.invalid([{ field: 'input.effectiveTo', reason: ParametersReason.PERIOD_REVERSED, message: '截止日期早于该版本的起始日期 (before the version starts)' }]);
        }
        if (row.effectiveTo != null && input.effectiveTo >= row.effectiveTo) {
          throw ParametersErrors.invalid([{ field: 'input.effectiveTo', reason: CommonReason.INVALID_DATE, message: `该版本已于 ${row.effectiveTo} 截止 (the version already ends then)` }]);
        }
      }
      const retired = (await this.repo.supersede(m, row.id, reason))!;
      await this.audit.change(m, POLICY_PARAMETER_AUDIT, 'parameters.retire', row, retired, { reason });
      let replacement: PolicyParameterEntity | null = null;
      if (input.effectiveTo != null) {
        const { id: _id, createdAt: _c, supersededAt: _s, supersededReason: _r, ...kept } = row;
        replacement = await this.repo.insert(m, { ...kept, effectiveTo: input.effectiveTo, reason, createdBy: principal.id });
        await this.audit.change(m, POLICY_PARAMETER_AUDIT, 'parameters.set', null, replacement, { reason });
      }
      return { retired, replacement };
    });
  }

  /**
   * The legacy `setPovertyLine` façade: the line of a whole year as a version of `key` at the
   * caller's home region (the line the district applies), inside the caller's transaction. The
   * current version of exactly that year is superseded; another overlapping one is PERIOD_OVERLAP.
   */
  async setYearValue(
    m: EntityManager,
    principal: Principal,
    key: string,
    year: number,
    value: string,
    source: string | null,
    reason: string,
    field: string,
  ): Promise<PolicyParameterEntity> {
    const scopeCode = principal.regionCode;
    const info = (await this.repo.keyInfo([key], m)).get(key);
    if (!info) throw ParametersErrors.unknownKey(key, field);
    const parsed = parseValue(info.valueType, value, field);
    if (!('value' in parsed)) throw ParametersErrors.invalid([parsed.problem]);
    await this.repo.lockKey(m, key, scopeCode);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const overlapping = await this.repo.overlapping(m, key, scopeCode, from, to);
    const same = overlapping.find((o) => o.effectiveFrom === from && o.effectiveTo === to);
    const other = overlapping.find((o) => o !== same);
    if (other) throw ParametersErrors.periodOverlap(field, other);
    if (same) {
      const after = (await this.repo.supersede(m, same.id, reason))!;
      await this.audit.change(m, POLICY_PARAMETER_AUDIT, 'parameters.supersede', same, after, { reason });
    }
    const created = await this.repo.insert(m, {
      key, scopeCode, scopePrefix: prefixOf(scopeCode), valueType: info.valueType, value: parsed.value, unit: info.unit,
      effectiveFrom: from, effectiveTo: to, source, status: ParameterStatus.UNVERIFIED, note: null, stated: value, reason, createdBy: principal.id,
    });
    await this.audit.change(m, POLICY_PARAMETER_AUDIT, 'parameters.set', null, created, { reason });
    return created;
  }

  async calendarFor(year: number, regionCode: string): Promise<WorkingCalendarEntity | null> {
    return this.repo.calendarFor(year, regionCode);
  }

  /** Enters or replaces a year's working calendar (send the version you read when it exists). */
  async setWorkingCalendar(principal: Principal, input: SetWorkingCalendarInput): Promise<WorkingCalendarEntity> {
    const scopeCode = input.regionCode ?? '';
    const problems: FieldProblem[] = [];
    const reason = input.reason?.trim() ?? '';
    if (!reason) problems.push({ field: 'input.reason', reason: CommonReason.REASON_REQUIRED, message: '须说明理由 (give a reason)' });
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
      problems.push({ field: 'input.year', reason: CommonReason.INVALID_DATE, message: '年份应在 2000–2100 之间' });
    }
    const inYear = (d: string) => isLocalDate(d) && d.startsWith(`${input.year}-`);
    input.holidays.forEach((d, i) => {
      if (!inYear(d)) problems.push({ field: `input.holidays.${i}`, reason: ParametersReason.CALENDAR_DAY_INVALID, message: `${d} 不是 ${input.year} 年的日期` });
    });
    input.workdays.forEach((d, i) => {
      if (!inYear(d)) problems.push({ field: `input.workdays.${i}`, reason: ParametersReason.CALENDAR_DAY_INVALID, message: `${d} 不是 ${input.year} 年的日期` });
      else if (!isWeekend(d)) problems.push({ field: `input.workdays.${i}`, reason: ParametersReason.CALENDAR_DAY_INVALID, message: `${d} 不是周末，无需调休上班 (a swapped working day falls on a weekend)` });
      else if (input.holidays.includes(d)) problems.push({ field: `input.workdays.${i}`, reason: ParametersReason.CALENDAR_DAY_INVALID, message: `${d} 同时列为假日 (also listed as a holiday)` });
    });
    if (input.status === ParameterStatus.NOT_CONFIGURED) {
      problems.push({ field: 'input.status', reason: CommonReason.INVALID_VALUE, message: '状态应为 SEED、VERIFIED 或 UNVERIFIED' });
    }
    if (problems.length) throw ParametersErrors.invalid(problems);
    this.checkScope(principal, scopeCode, 'input.regionCode');
    return this.dataSource.transaction(async (m) => {
      await this.requireRegion(scopeCode, 'input.regionCode', m);
      await this.repo.lockKey(m, `calendar.${input.year}`, scopeCode);
      const before = await this.repo.calendar(m, input.year, scopeCode);
      if (before && input.version !== before.version) throw versionConflict({ expectedVersion: input.version ?? undefined, currentVersion: before.version });
      if (!before && input.version != null) throw versionConflict({ expectedVersion: input.version });
      const after = await this.repo.saveCalendar(m, {
        ...(before ?? {}),
        year: input.year,
        scopeCode,
        scopePrefix: prefixOf(scopeCode),
        holidays: [...new Set(input.holidays)].sort(),
        workdays: [...new Set(input.workdays)].sort(),
        source: input.source?.trim() || null,
        status: input.status,
      });
      await this.audit.change(m, WORKING_CALENDAR_AUDIT, 'parameters.setWorkingCalendar', before, after, { reason });
      return after;
    });
  }

  /**
   * The deadline `n` days after `start` in the unit of the parameter `v` that gave `n`: calendar
   * days for a DAYS parameter, working days by the calendar for WORKING_DAYS (RULES.md keeps the
   * two apart: 12317's inquiries are answered within 10 working days, investigations within 15
   * days). The type stated with the value decides, so a district that states its rule otherwise
   * counts by its own. Not a number of days, or none in force: not configured.
   */
  async deadlineAfter(start: string, v: ParameterValue, manager?: EntityManager): Promise<WorkingDayDeadline | { configured: false; missingYear?: undefined }> {
    const n = Number(v.value);
    if (!v.configured || !Number.isInteger(n) || n < 1) return { configured: false };
    if (v.type === ParameterType.WORKING_DAYS) return this.workingDayDeadline(start, n, v.regionCode, manager);
    if (v.type === ParameterType.DAYS) {
      if (!isLocalDate(start)) throw ParametersErrors.invalid([{ field: 'start', reason: CommonReason.INVALID_DATE, message: '日期格式应为 YYYY-MM-DD' }]);
      return { configured: true, date: addDays(start, n), calendars: [] };
    }
    throw new Error(`${v.key} is a ${v.type} parameter, not a number of days`);
  }

  /**
   * The date `n` working days after `start` (start itself not counted; a deadline "within n
   * working days"), by the working calendar of each year on the way, for the region. A year
   * without a calendar: not configured (never a guess by Monday–Friday).
   */
  async workingDayDeadline(start: string, n: number, regionCode: string, manager?: EntityManager): Promise<WorkingDayDeadline> {
    if (!isLocalDate(start)) throw ParametersErrors.invalid([{ field: 'start', reason: CommonReason.INVALID_DATE, message: '日期格式应为 YYYY-MM-DD' }]);
    if (!Number.isInteger(n) || n < 1 || n > 3660) throw ParametersErrors.invalid([{ field: 'days', reason: CommonReason.INVALID_VALUE, message: '工作日数应为 1–3660 的整数' }]);
    const calendars = new Map<number, WorkingCalendarEntity | null>();
    let date = start;
    let left = n;
    while (left > 0) {
      date = addDays(date, 1);
      const year = Number(date.slice(0, 4));
      if (!calendars.has(year)) calendars.set(year, await this.repo.calendarFor(year, regionCode, manager));
      const cal = calendars.get(year);
      if (!cal) return { configured: false, missingYear: year };
      const working = cal.workdays.includes(date) || (!isWeekend(date) && !cal.holidays.includes(date));
      if (working) left -= 1;
    }
    return {
      configured: true,
      date,
      calendars: [...calendars.values()].map((c) => ({ year: c!.year, scopeCode: c!.scopeCode, status: c!.status, source: c!.source })),
    };
  }
}

/**
 * The seed rows of the parameters modules declare (ModuleDeclaration.parameters): NOT_CONFIGURED
 * (or the declared `seeded` value, checked against the type, with its status), open-ended, with a source saying honestly that RULES.md does not list them and who declared
 * them. A declared key RULES.md lists, or a type the store does not know, is a programming error.
 */
export function declaredSeedRows(declared: readonly DeclaredParameter[], rulesKeys: ReadonlySet<string>): SeedParameter[] {
  return declared.map((p) => {
    if (rulesKeys.has(p.key)) throw new Error(`parameter ${p.key} is declared by module ${p.module} but RULES.md lists it: seed it from RULES.md only`);
    if (!Object.values<string>(ParameterType).includes(p.type)) throw new Error(`parameter ${p.key} of module ${p.module} has unknown type ${p.type}`);
    if (p.seeded) {
      const parsed = parseValue(p.type as ParameterType, valueText(p.seeded.value) ?? '', p.key);
      if ('problem' in parsed) throw new Error(`parameter ${p.key} of module ${p.module} is seeded with a value its type refuses: ${parsed.problem.message}`);
      if (!Object.values<string>(ParameterStatus).includes(p.seeded.status) || (p.seeded.status as string) === ParameterStatus.NOT_CONFIGURED) {
        throw new Error(`parameter ${p.key} of module ${p.module} is seeded with status ${p.seeded.status}`);
      }
    }
    return {
      key: p.key,
      type: p.type as ParameterType,
      value: p.seeded ? p.seeded.value : null,
      unit: p.unit,
      effectiveFrom: p.effectiveFrom,
      effectiveTo: null,
      scopeCode: p.scopeCode,
      source: declaredSource(p.module),
      status: p.seeded ? (p.seeded.status as ParameterStatus) : ParameterStatus.NOT_CONFIGURED,
      note: p.description,
      stated: p.seeded ? p.seeded.stated : '—',
    };
  });
}

/** The source of a declared parameter's seeded row. */
export function declaredSource(module: string): string {
  return `not in RULES.md; declared by the ${module} module`;
}

function toValue(
  key: string,
  asOf: string,
  regionCode: string,
  row: PolicyParameterEntity | null,
  info: Pick<PolicyParameterEntity, 'valueType' | 'unit'>,
): ParameterValue {
  if (!row) {
    return {
      key, asOf, regionCode, configured: false, id: null, type: info.valueType, value: null, unit: info.unit,
      effectiveFrom: null, effectiveTo: null, scopeCode: null, source: null, status: ParameterStatus.NOT_CONFIGURED, note: null, stated: null,
    };
  }
  return {
    key,
    asOf,
    regionCode,
    configured: row.status !== ParameterStatus.NOT_CONFIGURED && row.value !== null,
    id: row.id,
    type: row.valueType,
    value: row.value,
    unit: row.unit,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    scopeCode: row.scopeCode,
    source: row.source,
    status: row.status,
    note: row.note,
    stated: row.stated,
  };
}
