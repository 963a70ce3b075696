import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { RegionsService } from '../regions/regions.service';
import { DataQualityRepository } from './data-quality.repository';
import { HouseholdEntity } from './household.entity';
import { regionPrefixOf } from './registry-helpers';
import { WARNING_RULES, WarningRuleCode } from './registry-validation';

export interface DataQualityFinding {
  code: WarningRuleCode;
  reason: string;
  count: number;
  households: HouseholdEntity[];
}

/** The data-quality report (数据质量): the registry's warning rules, which do not refuse a write, checked over a region. */
@Injectable()
export class DataQualityService {
  constructor(
    private readonly repo: DataQualityRepository,
    private readonly regions: RegionsService,
  ) {}

  /** The warning rules (DOMAIN.md consistency rules that do not refuse a write), per rule: count and the first offending households. */
  async report(principal: Principal, regionCode: string | undefined, limit: number): Promise<DataQualityFinding[]> {
    const regionPrefix = regionCode ? await regionPrefixOf(this.regions, regionCode) : undefined;
    const out: DataQualityFinding[] = [];
    for (const rule of WARNING_RULES) {
      if (regionPrefix === null) out.push({ ...rule, count: 0, households: [] });
      else out.push({ ...rule, ...(await this.repo.offenders(principal, rule.code, regionPrefix, limit)) });
    }
    return out;
  }
}
