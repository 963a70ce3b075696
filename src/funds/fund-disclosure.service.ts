import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { addDays, isLocalDate, todayInChina } from '../common/dates/local-date';
import { subtreePrefix } from '../common/region/region-code';
import { NoticeChannel, NoticeKind } from '../disclosure/disclosure.enums';
import { DisclosureErrors } from '../disclosure/disclosure.errors';
import { ALLOCATION_DEADLINE_KEY, DisclosureService, periodKeyOf } from '../disclosure/disclosure.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { RegionsService } from '../regions/regions.service';
import { FundReportsRepository } from './fund-reports.repository';
import { FundAllocationEntity, FundRecordStatus } from './funds.entities';
import { FundsErrors } from './funds.errors';
import { FundsRepository } from './funds.repository';

/** The subject type of allocation notices (资金分配结果) in public disclosure. */
export const FUND_ALLOCATION_SUBJECT = 'FundAllocation';

export interface PublishAllocation {
  id: string;
  responsibleUnit: string;
  channels: NoticeChannel[];
  summary?: string | null;
}

export interface AllocationDisclosure {
  allocationId: string;
  noticeId: string;
  publishedOn: string;
  startsOn: string;
  endsOn: string;
}

/** Why an allocation is listed: no notice by its deadline, a notice after it, or a deadline that cannot be computed. */
export enum DisclosureProblem {
  MISSING = 'MISSING',
  LATE = 'LATE',
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}

export interface AllocationDisclosureProblem {
  allocation: FundAllocationEntity;
  problem: DisclosureProblem;
  deadline: string | null;
  publishedOn: string | null;
  detail: string;
  parameter: ParameterValue;
}

/**
 * Allocation results disclosed (资金分配结果公开, 国开办发〔2018〕11号: 谁分配、谁公开): an allocation is
 * published as a notice of kind FUND_ALLOCATION through the disclosure kit, in the funds
 * transaction; the query lists the allocations not disclosed within
 * funds.allocation_disclosure_deadline working days from the allocation's date.
 */
@Injectable()
export class FundDisclosureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly funds: FundsRepository,
    private readonly reports: FundReportsRepository,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly disclosure: DisclosureService,
  ) {}

  /**
   * Publishes an active allocation's result today, for the minimum period in force
   * (funds.disclosure_board_min_days, as every FUND_ALLOCATION notice), by whoever may allocate
   * (the poverty office, finance). Once only: a second time is FUND_ALREADY_DISCLOSED.
   */
  async publish(principal: Principal, input: PublishAllocation): Promise<AllocationDisclosure> {
    const responsibleUnit = input.responsibleUnit.trim();
    if (!responsibleUnit) throw FundsErrors.reasonRequired('input.responsibleUnit');
    if (!input.channels.length) throw DisclosureErrors.channelsRequired();
    return this.dataSource.transaction(async (m) => {
      const [a] = await this.funds.findAllocations(principal, [input.id], m, true);
      if (!a || !inRegionScope(principal, a.regionCode, { sector: { value: Sector.FINANCE, access: 'write' } })) throw FundsErrors.allocationNotFound();
      if (a.status !== FundRecordStatus.ACTIVE) throw FundsErrors.sourceCancelled('input.id');
      const published = (await this.disclosure.firstPublishedOn(FUND_ALLOCATION_SUBJECT, [a.id], m)).get(a.id);
      if (published) throw FundsErrors.alreadyDisclosed(published);
      const [doc] = await this.funds.findDocuments(principal, [a.documentId], m);
      const region = await this.regions.findByCode(a.regionCode, m);
      const today = todayInChina();
      const key = periodKeyOf(NoticeKind.FUND_ALLOCATION);
      const min = await this.parameters.valueAt(key, today, a.regionCode, m);
      if (!min.configured) throw DisclosureErrors.periodNotConfigured(key);
      const length = Number(min.value);
      const endsOn = addDays(today, length - 1);
      const notice = await this.disclosure.publishForSubject(m, {
        kind: NoticeKind.FUND_ALLOCATION,
        subjectType: FUND_ALLOCATION_SUBJECT,
        subjectId: a.id,
        regionCode: a.regionCode,
        channels: input.channels,
        startsOn: today,
        endsOn,
        length,
        content: {
          title: `${a.year}年扶贫资金分配结果：${region?.name ?? a.regionCode}`,
          summary: input.summary?.trim() || a.purpose,
          responsibleUnit,
          documentNumber: doc?.documentNumber ?? null,
          year: a.year,
          issuedOn: a.allocatedOn,
          amount: a.amount,
          fundLevel: a.level,
          fundChannel: a.channel,
          allocations: [{ regionCode: a.regionCode, recipient: region?.name ?? a.regionCode, purpose: a.purpose, amount: a.amount }],
        },
      });
      return { allocationId: a.id, noticeId: notice.id, publishedOn: today, startsOn: today, endsOn };
    });
  }

  /**
   * The active allocations of a year in the region (and document) dated on or before `asOf` not
   * disclosed within the deadline as of `asOf`: MISSING (no notice published by `asOf` and the
   * deadline passed), LATE (first published after the deadline), NOT_CONFIGURED (the deadline
   * parameter or the working calendar is not in force: said, never guessed). The deadline is
   * funds.allocation_disclosure_deadline working days after the allocation's date, read as of
   * that date in the allocation's region.
   */
  async notDisclosed(principal: Principal, year: number, asOf: string, regionCode: string, documentId?: string): Promise<AllocationDisclosureProblem[]> {
    if (!isLocalDate(asOf)) throw FundsErrors.invalidDate('asOf');
    if (!inRegionScope(principal, regionCode)) throw FundsErrors.outOfScope('regionCode');
    const allocations = await this.reports.allocationsOf(principal, year, asOf, subtreePrefix(regionCode), documentId);
    const published = await this.disclosure.firstPublishedOn(FUND_ALLOCATION_SUBJECT, allocations.map((a) => a.id));
    const deadlines = new Map<string, Promise<{ parameter: ParameterValue; deadline: string | null; missingYear: number | null }>>();
    const deadlineOf = (a: FundAllocationEntity) => {
      const k = `${a.allocatedOn}|${a.regionCode}`;
      if (!deadlines.has(k)) {
        deadlines.set(
          k,
          (async () => {
            const parameter = await this.parameters.valueAt(ALLOCATION_DEADLINE_KEY, a.allocatedOn, a.regionCode);
            if (!parameter.configured) return { parameter, deadline: null, missingYear: null };
            const d = await this.parameters.workingDayDeadline(a.allocatedOn, Number(parameter.value), a.regionCode);
            return d.configured ? { parameter, deadline: d.date, missingYear: null } : { parameter, deadline: null, missingYear: d.missingYear };
          })(),
        );
      }
      return deadlines.get(k)!;
    };
    const out: AllocationDisclosureProblem[] = [];
    for (const a of allocations) {
      const { parameter, deadline, missingYear } = await deadlineOf(a);
      const on = published.get(a.id);
      const publishedOn = on !== undefined && on <= asOf ? on : null;
      const row = { allocation: a, parameter, deadline, publishedOn };
      if (!parameter.configured) out.push({ ...row, problem: DisclosureProblem.NOT_CONFIGURED, detail: `${ALLOCATION_DEADLINE_KEY} 未配置 (not configured)` });
      else if (deadline === null) out.push({ ...row, problem: DisclosureProblem.NOT_CONFIGURED, detail: `${missingYear} 年工作日历未配置 (no working calendar)` });
      else if (publishedOn !== null && publishedOn > deadline) out.push({ ...row, problem: DisclosureProblem.LATE, detail: `${a.allocatedOn} 下达，应于 ${deadline} 前公开，${publishedOn} 才公开` });
      else if (publishedOn === null && deadline < asOf) out.push({ ...row, problem: DisclosureProblem.MISSING, detail: `${a.allocatedOn} 下达，应于 ${deadline} 前公开，截至 ${asOf} 未公开` });
    }
    return out;
  }
}
