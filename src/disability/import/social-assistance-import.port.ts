import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { inRegionScope } from '../../common/access/region-scope';
import { parseCitizenId } from '../../common/identity-number/citizen-id';
import { formatCell } from '../../common/imports/columns';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ImportProblem, ProblemSeverity, RawRow } from '../../common/imports/import-types';
import { readRosterRow, rosterKey, rosterProblems, RosterUnit, settleRosterRecord, writeRosterBatch } from '../../common/imports/roster-port';
import type { UnitRows } from '../../common/imports/unit-rows';
import { RegionLevel } from '../../common/region/region-code';
import { encryptField } from '../../common/protection/protected-field';
import { SECRETS, Secrets } from '../../config/secrets';
import { ParametersService } from '../../parameters/parameters.service';
import { SOCIAL_ASSISTANCE_ROSTER_AUDIT } from '../disability.audited';
import { SOCIAL_ASSISTANCE_ID_NUMBER, SOCIAL_ASSISTANCE_SECTOR } from '../disability.declaration';
import { checkRosterAmounts, DIBAO_RURAL_MIN_KEY, DIBAO_SUBSIDY_MIN_KEY, RosterMinimums } from '../social-assistance-rules';
import { SocialAssistanceCategory, SocialAssistanceRosterEntryEntity } from '../social-assistance.entities';
import { rosterEntryKeyText, SocialAssistanceRepository } from '../social-assistance.repository';
import { SOCIAL_ASSISTANCE_COLUMNS } from './social-assistance-columns';

/** The terms of a roster row as checked (the ID number normalised, with its blind index). */
export interface RosterEntryTerms {
  category: SocialAssistanceCategory;
  civilHouseholdNumber: string;
  regionCode: string;
  personName: string;
  idNumber: string;
  idNumberHash: string;
  monthlyAmount: string;
  dibaoStandard: string | null;
  startsOn: string;
  endsOn: string | null;
}

/** A checked row: its terms, or the problems that reject it. */
export interface SocialAssistanceUnit extends AssembledUnit, RosterUnit {
  terms: RosterEntryTerms | null;
}

/** What a row may correct on the entry it finds (category, person and start are its key). */
const CORRECTED = ['civilHouseholdNumber', 'regionCode', 'personName', 'monthlyAmount', 'dibaoStandard', 'endsOn'] as const;
/** Optional columns: absent from the file, the stored value stays. */
const OPTIONAL = new Set<string>(['dibaoStandard', 'endsOn']);

const { problem, warning, info } = rosterProblems(SOCIAL_ASSISTANCE_COLUMNS);
const DUPLICATE = { code: 'DUPLICATE_ROSTER_ROW', message: (first: number) => `与第 ${first} 行是同一人同一救助类别同一开始日期 (the same person, category and start date as row ${first})` };

/**
 * The civil-affairs social-assistance roster import (kind `social-assistance`, issue #18 part 2):
 * the 低保, 特困 and temporary-assistance lists of civil affairs (民政), uploaded to POST
 * /exchange/imports?kind=social-assistance (CSV, XLSX or NDJSON; dry run, all-or-nothing, report:
 * the generic machinery's). One row a person covered: category, civil-affairs household number,
 * village, name, ID number (checked by GB 11643, stored only encrypted with the registry's blind
 * index), monthly amount, the 低保 standard applied, start and end. An entry is known by its
 * category, person (blind index) and start date: a new one is created, a known one with other terms
 * corrected, each audited as disability.importAssistanceRoster. Refused rows (coded problems of the
 * report, nothing of them written): an ID number failing GB 11643, a village outside the file's
 * region (the upload's subtree) or not a village, a duplicated row, a 低保 amount below
 * disability.dibao_subsidy_min_rural or a 低保 standard below assistance.dibao_rural_min (a floor
 * not configured: a WARNING saying so). Civil affairs' officers only (disability.assistance and
 * the sector write scope). Mode SYNC only: the roster is civil affairs' own.
 */
@Injectable()
export class SocialAssistanceImportPort implements ImportPort<SocialAssistanceUnit>, OnModuleInit {
  readonly kind = 'social-assistance';
  readonly table = SOCIAL_ASSISTANCE_COLUMNS;
  readonly units = ['rosterEntries'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'disability.assistance' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly repo: SocialAssistanceRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  example(): readonly Readonly<Record<string, string>>[] {
    const cell = (key: string, value: string) => formatCell(SOCIAL_ASSISTANCE_COLUMNS.byKey.get(key)!, value);
    return [
      {
        category: cell('category', SocialAssistanceCategory.DIBAO),
        householdNumber: 'MZ4101060001',
        regionCode: '410106100201',
        personName: '王示例',
        idNumber: '',
        monthlyAmount: '200.00',
        dibaoStandard: '3700.00',
        startsOn: '2018-01-01',
        endsOn: '',
      },
    ];
  }

  /** Each row is its own unit unless adjacent rows repeat the category, ID number and start date (a duplicate). */
  groupKey(row: RawRow): string {
    return rosterKey(row, ['category', 'idNumber', 'startsOn']);
  }

  open(ctx: ImportContext): ImportSession<SocialAssistanceUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    const minimums = new Map<string, RosterMinimums>();
    const assemble = (group: UnitRows<SocialAssistanceUnit>): SocialAssistanceUnit => this.assemble(ctx, group);
    const minimumsFor = async (m: EntityManager, startsOn: string, regionCode: string): Promise<RosterMinimums> => {
      const k = `${startsOn}|${regionCode}`;
      let found = minimums.get(k);
      if (!found) {
        const [subsidy, standard] = await this.parameters.valuesAt([DIBAO_SUBSIDY_MIN_KEY, DIBAO_RURAL_MIN_KEY], startsOn, regionCode, m);
        found = { subsidyMin: subsidy.configured ? String(subsidy.value) : null, standardMin: standard.configured ? String(standard.value) : null };
        minimums.set(k, found);
      }
      return found;
    };
    return {
      assemble,
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const stored = await this.repo.findByKeys(m, units.flatMap((u) => (u.valid && u.terms ? [u.terms] : [])));
        return writeRosterBatch({
          unit: 'rosterEntries',
          units,
          firstRowOf,
          duplicate: (u, first) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first)),
          fromError: (u, e) => [problem(u, 'idNumber', String(e.reason ?? e.code), e.message)],
          settle: async (u) => {
            const terms = u.terms!;
            const before = stored.get(rosterEntryKeyText(terms));
            if (!inRegionScope(ctx.scope, terms.regionCode, { sector: { value: SOCIAL_ASSISTANCE_SECTOR, access: 'write' } }) || (before && !inRegionScope(ctx.scope, before.regionCode, { sector: { value: before.sector, access: 'write' } }))) {
              return { refused: [problem(u, 'regionCode', 'ROSTER_OUT_OF_SCOPE', '不在本次导入的写入范围内：社会救助名册由民政部门导入 (outside the import\'s write scope: civil affairs keeps the rosters)')] };
            }
            const findings = checkRosterAmounts(terms.category, terms.monthlyAmount, terms.dibaoStandard, await minimumsFor(m, terms.startsOn, terms.regionCode));
            const refused: ImportProblem[] = [];
            const warnings: ImportProblem[] = [];
            for (const f of findings) {
              if (f.code === 'MINIMUM_NOT_CONFIGURED') warnings.push(warning(u, f.key, f.code, `政策参数 ${f.parameter} 未配置，未核对下限 (not configured: the floor was not checked)`));
              else if (f.code === 'AMOUNT_BELOW_MINIMUM') refused.push(problem(u, f.key, f.code, `月救助金额低于农村低保月人均补差下限 ${f.minimum} 元 (below the monthly floor)`));
              else refused.push(problem(u, f.key, f.code, `低保标准低于省定农村低保最低标准 ${f.minimum} 元/人/年 (below the provincial floor)`));
            }
            if (refused.length) return { refused };
            const outcome = await settleRosterRecord<SocialAssistanceRosterEntryEntity>({
              ctx,
              dryRun,
              before,
              noun: { zh: '救助名册记录', en: 'roster entry' },
              notFound: (message) => problem(u, 'idNumber', 'ROSTER_ENTRY_NOT_FOUND', message),
              exists: (message) => problem(u, 'idNumber', 'ROSTER_ENTRY_EXISTS', message),
              info: (code, message) => info(u, code, message),
              create: async () => async () => {
                const { idNumber, ...rest } = terms;
                const enc = encryptField(this.secrets.cipher, SOCIAL_ASSISTANCE_ID_NUMBER, idNumber, { normalized: true }) as { idNumberEnc: string; idNumberHash: string };
                const row = await this.repo.insert(m, { ...rest, ...enc, sector: SOCIAL_ASSISTANCE_SECTOR });
                await this.audit.change(m, SOCIAL_ASSISTANCE_ROSTER_AUDIT, 'disability.importAssistanceRoster', null, { ...row, idNumber });
              },
              update: async (b) => {
                const changes: Partial<SocialAssistanceRosterEntryEntity> = {};
                for (const k of CORRECTED) if (!OPTIONAL.has(k) || present.has(k)) Object.assign(changes, { [k]: terms[k] });
                const changed = CORRECTED.filter((k) => k in changes && (changes[k] ?? null) !== (b[k] ?? null));
                return {
                  changed,
                  apply: async () => {
                    const after = await this.repo.update(m, b, changes);
                    await this.audit.change(m, SOCIAL_ASSISTANCE_ROSTER_AUDIT, 'disability.importAssistanceRoster', { ...b, idNumber: terms.idNumber }, { ...after, idNumber: terms.idNumber });
                  },
                };
              },
            });
            return warnings.length ? { ...outcome, warnings } : outcome;
          },
        });
      },
    };
  }

  /** A row (adjacent rows of one key: duplicates) → the checked unit: shapes, GB 11643, the village in the file's region, the period. */
  private assemble(ctx: ImportContext, group: UnitRows<SocialAssistanceUnit>): SocialAssistanceUnit {
    const read = readRosterRow(SOCIAL_ASSISTANCE_COLUMNS, group, { code: DUPLICATE.code, message: DUPLICATE.message });
    const { householdNumber, rowNumber, values } = read;
    const unit: SocialAssistanceUnit = { householdNumber, rowNumber, terms: null, duplicates: group.size - 1, key: group.key, problems: read.problems, valid: false };
    const refused = (key: string) => unit.problems.some((p) => p.field === key);
    let idNumber: string | null = null;
    if (!refused('idNumber') && typeof values.idNumber === 'string') {
      const id = parseCitizenId(values.idNumber);
      if (id.ok) idNumber = id.value;
      else unit.problems.push(problem(unit, 'idNumber', 'ID_NUMBER_INVALID', `身份证号不符合 GB 11643：${id.message} (${id.code})`));
    }
    const regionCode = values.regionCode as string | undefined;
    if (regionCode !== undefined && !refused('regionCode')) {
      const level = /^\d{12}$/.test(regionCode) ? ctx.regionLevels.get(regionCode) : undefined;
      if (!/^\d{12}$/.test(regionCode) || !inRegionScope({ scopePrefix: ctx.scopePrefix }, regionCode)) {
        unit.problems.push(problem(unit, 'regionCode', 'REGION_OUTSIDE_FILE', `村代码 ${regionCode} 不在本文件的行政区划范围内 (not in the file's region)`));
      } else if (!level) unit.problems.push(problem(unit, 'regionCode', 'REGION_NOT_FOUND', `行政区划 ${regionCode} 不存在 (no such region)`));
      else if (level !== RegionLevel.VILLAGE) unit.problems.push(problem(unit, 'regionCode', 'REGION_NOT_VILLAGE', '应填写村/社区代码 (a village code)'));
    }
    const category = values.category as SocialAssistanceCategory | undefined;
    const dibaoStandard = (values.dibaoStandard as string | undefined) ?? null;
    if (category === SocialAssistanceCategory.DIBAO && dibaoStandard === null && !refused('dibaoStandard')) {
      unit.problems.push(problem(unit, 'dibaoStandard', 'REQUIRED', '低保对象须填写执行的低保标准 (a 低保 row gives the standard applied)'));
    }
    const startsOn = values.startsOn as string | undefined;
    const endsOn = (values.endsOn as string | undefined) ?? null;
    if (startsOn && endsOn && endsOn < startsOn) unit.problems.push(problem(unit, 'endsOn', 'INVALID_PERIOD', '结束日期早于开始日期 (ends before it starts)'));
    const errors = unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
    if (!errors && idNumber && category && startsOn && regionCode) {
      unit.terms = {
        category,
        civilHouseholdNumber: householdNumber,
        regionCode,
        personName: values.personName as string,
        idNumber,
        idNumberHash: this.secrets.cipher.blindIndex(idNumber, SOCIAL_ASSISTANCE_ID_NUMBER.blindIndex!.domain),
        monthlyAmount: values.monthlyAmount as string,
        dibaoStandard,
        startsOn,
        endsOn,
      };
      unit.key = rosterEntryKeyText(unit.terms);
    }
    unit.valid = !!unit.terms;
    return unit;
  }
}
