import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { SetPovertyLineInput } from './dto/income.inputs';
import { HouseholdsErrors, HouseholdsReason } from './households.errors';
import { PovertyLineEntity } from './poverty-line.entity';
import { PovertyLinesRepository } from './poverty-lines.repository';
import { checkAmount } from './registry-validation';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { POVERTY_LINE_AUDIT } from './households.audited';
import type { Principal } from '../common/access/principal';
import { ParametersService } from '../parameters/parameters.service';

/** The policy parameters of the lines (RULES.md §1): the exit standard reads these, not poverty_lines. */
export const NATIONAL_LINE_KEY = 'registry.poverty_line_national';
export const EXIT_LINE_KEY = 'registry.exit_income_line';

/**
 * The national poverty line (current prices, yuan per person per year) confirmed from primary
 * sources (DOMAIN.md). Later years are entered by the district, with the provincial exit line.
 */
export const CONFIRMED_NATIONAL_LINES: readonly { year: number; nationalLine: string }[] = [
  { year: 2011, nationalLine: '2536.00' },
  { year: 2012, nationalLine: '2625.00' },
  { year: 2013, nationalLine: '2736.00' },
  { year: 2014, nationalLine: '2800.00' },
  { year: 2015, nationalLine: '2855.00' },
  { year: 2016, nationalLine: '2952.00' },
];
export const CONFIRMED_SOURCE = '国家扶贫标准（2010 年不变价 2300 元，按当年价格折算）';

/** Poverty lines by year: read by everyone in the registry, set by the district (povertyLines.manage). */
@Injectable()
export class PovertyLinesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PovertyLinesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lines: PovertyLinesRepository,
    private readonly audit: AuditService,
    private readonly parameters: ParametersService,
  ) {}

  /** Seeds the confirmed national figures of 2011–2016 where a year is missing (runs after migrations). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.lines.insertMissing(CONFIRMED_NATIONAL_LINES.map((l) => ({ ...l, source: CONFIRMED_SOURCE, isDemo: false })));
    } catch (e) {
      // Migrations not run yet (MIGRATIONS_RUN=false): the table may not exist.
      this.logger.warn(`poverty lines not seeded: ${(e as Error).message}`);
    }
  }

  list(): Promise<PovertyLineEntity[]> {
    return this.lines.list();
  }

  /** The line of a year (null when not entered); pass the manager inside a transaction. */
  lineFor(year: number, manager?: EntityManager): Promise<PovertyLineEntity | null> {
    return this.lines.find(year, manager);
  }

  /**
   * Sets a year's lines in the legacy table and, as the exit standard reads them, as policy
   * parameter versions of that year at the caller's home region (registry.poverty_line_national,
   * registry.exit_income_line), audited, in one transaction.
   */
  async set(principal: Principal, input: SetPovertyLineInput): Promise<PovertyLineEntity> {
    const problems = [
      ...checkAmount(input.nationalLine, 'input.nationalLine', 8),
      ...checkAmount(input.provincialExitLine, 'input.provincialExitLine', 8),
    ];
    if (input.nationalLine == null && input.provincialExitLine == null) {
      problems.push({ field: 'input.nationalLine', reason: HouseholdsReason.LINE_REQUIRED, message: '须填写国家标准或省定脱贫标准 (give at least one line)' });
    }
    if (problems.length) throw HouseholdsErrors.invalid(problems);
    const values: Partial<PovertyLineEntity> = {
      nationalLine: input.nationalLine ?? null,
      provincialExitLine: input.provincialExitLine ?? null,
      source: input.source?.trim() || null,
      isDemo: input.isDemo,
    };
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.lines.find(input.year, m);
        let after: PovertyLineEntity;
        if (before) {
          if (input.version == null) throw HouseholdsErrors.povertyLineVersionRequired();
          after = await this.lines.update(m, input.year, input.version, values);
        } else {
          if (input.version != null) throw conflictMissing();
          after = await this.lines.insert(m, { year: input.year, ...values });
        }
        await this.audit.change(m, POVERTY_LINE_AUDIT, 'povertyLines.set', before, after);
        const reason = `setPovertyLine ${input.year}`;
        if (input.nationalLine != null) {
          await this.parameters.setYearValue(m, principal, NATIONAL_LINE_KEY, input.year, input.nationalLine, values.source ?? null, reason, 'input.nationalLine');
        }
        if (input.provincialExitLine != null) {
          await this.parameters.setYearValue(m, principal, EXIT_LINE_KEY, input.year, input.provincialExitLine, values.source ?? null, reason, 'input.provincialExitLine');
        }
        return after;
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') throw conflictMissing();
      throw e;
    }
  }
}

function conflictMissing(): AppError {
  return versionConflict();
}
