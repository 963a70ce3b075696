import { todayInChina } from '../common/dates/local-date';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import type { Principal } from '../common/access/principal';
import { AppError } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/connection';
import {
  ParameterArgs,
  ParameterHistoryArgs,
  ParametersArgs,
  ParameterValue,
  ParameterValueConnection,
  ParameterVersion,
  RetireParameterInput,
  RetireParameterPayload,
  SetParameterInput,
  SetParameterPayload,
  SetWorkingCalendarInput,
  SetWorkingCalendarPayload,
  WorkingCalendar,
  WorkingCalendarArgs,
  WorkingDayDeadline,
  WorkingDayDeadlineArgs,
} from './parameter.model';
import { ParametersService } from './parameters.service';

const INPUT = { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' };


const cursorOf = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const keyOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

@Resolver()
export class ParametersResolver {
  constructor(private readonly service: ParametersService) {}

  @RequirePermission('parameters.read')
  @Query(() => ParameterValue, { description: 'A policy parameter in force on a date in a region, with its source and status (NOT_CONFIGURED is not zero).' })
  async parameter(@Args() args: ParameterArgs, @CurrentPrincipal() principal: Principal): Promise<ParameterValue> {
    const region = args.regionCode ?? principal.regionCode;
    await this.service.requireRegion(region, 'regionCode');
    return ParameterValue.from(await this.service.valueAt(args.key, args.asOf ?? todayInChina(), region));
  }

  @RequirePermission('parameters.read')
  @Query(() => ParameterValueConnection, { description: 'Policy parameters in force on a date in a region, by key (first/after paging).' })
  async parameters(@Args() args: ParametersArgs, @CurrentPrincipal() principal: Principal): Promise<ParameterValueConnection> {
    if (args.last != null || args.before != null) {
      throw AppError.badInput([{ field: args.last != null ? 'last' : 'before', reason: CommonReason.INVALID_CURSOR, message: '此列表只支持 first/after 分页 (page forward with first/after)' }]);
    }
    const region = args.regionCode ?? principal.regionCode;
    await this.service.requireRegion(region, 'regionCode');
    const all = await this.service.valuesWithPrefix(args.keyPrefix ?? '', args.asOf ?? todayInChina(), region);
    const after = args.after ? keyOf(args.after) : null;
    const rest = after == null ? all : all.filter((v) => v.key > after);
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    const page = rest.slice(0, first);
    const edges = page.map((v) => ({ cursor: cursorOf(v.key), node: ParameterValue.from(v) }));
    return {
      edges,
      totalCount: all.length,
      pageInfo: {
        hasNextPage: rest.length > page.length,
        hasPreviousPage: after != null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  @RequirePermission('parameters.read')
  @Query(() => [ParameterVersion], { description: 'Every version of a parameter, replaced and retired ones too: the values an old evaluation used.' })
  async parameterHistory(@Args() args: ParameterHistoryArgs): Promise<ParameterVersion[]> {
    return (await this.service.history(args.key)).map(ParameterVersion.from);
  }

  @RequirePermission('parameters.read')
  @Query(() => WorkingCalendar, { nullable: true, description: 'The working calendar of a year that applies in a region (its own, else the national one); null when none is entered.' })
  async workingCalendar(@Args() args: WorkingCalendarArgs, @CurrentPrincipal() principal: Principal): Promise<WorkingCalendar | null> {
    const c = await this.service.calendarFor(args.year, args.regionCode ?? principal.regionCode);
    return c ? WorkingCalendar.from(c) : null;
  }

  @RequirePermission('parameters.read')
  @Query(() => WorkingDayDeadline, { description: 'The last day of a period of N working days after a date, by the working calendar; not configured when a year on the way has none.' })
  async workingDayDeadline(@Args() args: WorkingDayDeadlineArgs, @CurrentPrincipal() principal: Principal): Promise<WorkingDayDeadline> {
    const region = args.regionCode ?? principal.regionCode;
    const d = await this.service.workingDayDeadline(args.start, args.days, region);
    const years = d.configured ? d.calendars.map((c) => c.year) : [];
    const used = (await Promise.all(years.map((y) => this.service.calendarFor(y, region)))).filter((c) => !!c);
    return WorkingDayDeadline.from(d, used);
  }

  @RequirePermission('parameters.manage')
  @Mutation(() => SetParameterPayload, { description: 'Enters a new version of a parameter for a scope and period (audited, with a reason); an overlapping current period is refused (PERIOD_OVERLAP).' })
  async setParameter(@Args('input', INPUT) input: SetParameterInput, @CurrentPrincipal() principal: Principal): Promise<SetParameterPayload> {
    return { parameter: ParameterVersion.from(await this.service.setParameter(principal, input)) };
  }

  @RequirePermission('parameters.manage')
  @Mutation(() => RetireParameterPayload, { description: 'Retires a current parameter version (withdrawn, or ended on a day), audited with a reason; the old version stays in the history.' })
  async retireParameter(@Args('input', INPUT) input: RetireParameterInput, @CurrentPrincipal() principal: Principal): Promise<RetireParameterPayload> {
    const { retired, replacement } = await this.service.retireParameter(principal, input);
    return { retired: ParameterVersion.from(retired), replacement: replacement ? ParameterVersion.from(replacement) : null };
  }

  @RequirePermission('parameters.manage')
  @Mutation(() => SetWorkingCalendarPayload, { description: 'Enters or replaces the working calendar of a year (audited, with a reason).' })
  async setWorkingCalendar(@Args('input', INPUT) input: SetWorkingCalendarInput, @CurrentPrincipal() principal: Principal): Promise<SetWorkingCalendarPayload> {
    return { calendar: WorkingCalendar.from(await this.service.setWorkingCalendar(principal, input)) };
  }
}
