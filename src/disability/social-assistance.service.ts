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

/** The civil-affairs rosters as imported: the list (region scope) and revealing an entry's ID number. */
@Injectable()
export class SocialAssistanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: SocialAssistanceRepository,
    private readonly audit: AuditService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

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
