import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { isLocalDate } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { blindIndexOf, decryptField } from '../common/protection/protected-field';
import { subtreePrefix } from '../common/region/region-code';
import { SECRETS, Secrets } from '../config/secrets';
import { SOCIAL_ASSISTANCE_ROSTER_AUDIT } from './disability.audited';
import { SOCIAL_ASSISTANCE_ID_NUMBER } from './disability.declaration';
import { DisabilityErrors } from './disability.errors';
import { SocialAssistanceCategory, SocialAssistanceRosterEntryEntity } from './social-assistance.entities';
import { SocialAssistanceRepository } from './social-assistance.repository';
import { EXIT_LINE_KEY, NATIONAL_LINE_KEY } from '../households/poverty-lines.service';
import { ParametersService, ParameterValue, ParametersUsed } from '../parameters/parameters.service';
import { inRegionScope } from '../common/access/region-scope';
import { checkDibaoAboveLine, DIBAO_RURAL_LOCAL_KEY, DibaoLineCheck } from './social-assistance-rules';

/** The local rural 低保 standard of a year against the applied poverty line (target.dibao_vs_line: above). */
export type DibaoStandardCheckResult = DibaoLineCheck & {
  year: number;
  regionCode: string;
  /** The line applied: the provincial exit line where entered, else the national line (as the exit standard applies them); null when neither is. */
  lineSource: 'PROVINCIAL_EXIT_LINE' | 'NATIONAL_LINE' | null;
  parametersUsed: ParameterValue[];
};

/** The civil-affairs rosters as imported: the list (region scope) and revealing an entry's ID number. */
@Injectable()
export class SocialAssistanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: SocialAssistanceRepository,
    private readonly audit: AuditService,
    private readonly parameters: ParametersService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  /**
   * The rural 低保 standard Shangjie applies in a year (assistance.dibao_rural_local, as of the
   * year's last day in the region) against the poverty line applied that year (the provincial exit
   * line where entered, else the national line): ABOVE, NOT_ABOVE, or NOT_CONFIGURED naming what is
   * missing (never a guess).
   */
  async dibaoStandardCheck(principal: Principal, input: { year: number; regionCode?: string }): Promise<DibaoStandardCheckResult> {
    if (!Number.isInteger(input.year) || input.year < 2010 || input.year > 2100) throw DisabilityErrors.invalidValue('year', '年份应在 2010–2100 之间 (a year 2010–2100)');
    const regionCode = input.regionCode ?? principal.regionCode;
    if (!inRegionScope(principal, regionCode)) throw DisabilityErrors.invalidValue('regionCode', '不在管辖范围内 (outside your region)');
    const used = new ParametersUsed();
    const [standard, exitLine, nationalLine] = (await this.parameters.valuesAt([DIBAO_RURAL_LOCAL_KEY, EXIT_LINE_KEY, NATIONAL_LINE_KEY], `${input.year}-12-31`, regionCode)).map((v) => used.add(v));
    const lineValue = exitLine.configured ? exitLine : nationalLine.configured ? nationalLine : null;
    const check = checkDibaoAboveLine(standard.configured ? String(standard.value) : null, lineValue ? String(lineValue.value) : null, { standard: DIBAO_RURAL_LOCAL_KEY, line: NATIONAL_LINE_KEY });
    return {
      ...check,
      year: input.year,
      regionCode,
      lineSource: lineValue === null ? null : lineValue === exitLine ? 'PROVINCIAL_EXIT_LINE' : 'NATIONAL_LINE',
      parametersUsed: used.list(),
    };
  }

  list(
    principal: Principal,
    filter: { category?: SocialAssistanceCategory; civilHouseholdNumber?: string; regionCode?: string; coveredOn?: string; idNumber?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<SocialAssistanceRosterEntryEntity>> {
    if (filter.coveredOn !== undefined && !isLocalDate(filter.coveredOn)) throw DisabilityErrors.invalidValue('coveredOn', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
    return this.repo.page(
      principal,
      {
        category: filter.category,
        civilHouseholdNumber: filter.civilHouseholdNumber,
        coveredOn: filter.coveredOn,
        withinPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined,
        idNumberHash: filter.idNumber ? blindIndexOf(this.secrets.cipher, SOCIAL_ASSISTANCE_ID_NUMBER, filter.idNumber) : undefined,
      },
      args,
      withTotalCount,
    );
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<SocialAssistanceRosterEntryEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  /** revealPersonalData(SOCIAL_ASSISTANCE_ID_NUMBER): the entry in the caller's scope, with a reason and an audit row. */
  async revealIdNumber(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [e] = await this.repo.findInScope(principal, [id], m);
      if (!e) throw DisabilityErrors.rosterEntryNotFound('input.id');
      await this.audit.fact(m, SOCIAL_ASSISTANCE_ROSTER_AUDIT, 'personalData.unmask', e, { field: SOCIAL_ASSISTANCE_ID_NUMBER.property }, { reason });
      return decryptField(this.secrets.cipher, SOCIAL_ASSISTANCE_ID_NUMBER, e);
    });
  }
}
