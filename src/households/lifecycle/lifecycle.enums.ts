import { registerEnumType } from '@nestjs/graphql';
import { HouseholdEventKind } from '../household-event.entity';
import { ProposalKind, ProposalStage } from '../proposal.entity';
import { ExitCriterion } from './exit-standard/exit-criterion';
import { ProposalDecision } from './proposals.service';

/** The GraphQL enums of the registry's procedures, registered once (the code lists are in ../registry-enums.ts). */
registerEnumType(ProposalKind, {
  name: 'ProposalKind',
  description: 'A bottom-up procedure on a household.',
  valuesMap: {
    REGISTRATION: { description: '识别纳入' },
    EXIT: { description: '脱贫退出' },
    RETURN_TO_POVERTY: { description: '返贫' },
    REMOVAL: { description: '剔除（错评）' },
  },
});

registerEnumType(ProposalStage, {
  name: 'ProposalStage',
  description: 'Where a procedure stands (村提出 → 乡镇审核 → 区审定 → 公示 → 办结).',
  valuesMap: {
    PROPOSED: { description: '村级已提出（退出：民主评议后）' },
    HOUSEHOLD_AGREED: { description: '农户已认可（仅退出），待乡镇审核' },
    TOWN_REVIEWED: { description: '乡镇已审核，待区级审批' },
    IN_NOTICE: { description: '公示中（仅退出）' },
    COMPLETED: { description: '已办结' },
    REJECTED: { description: '已驳回' },
    WITHDRAWN: { description: '已撤回' },
  },
});

registerEnumType(ProposalDecision, {
  name: 'ProposalDecision',
  description: 'A reviewer\'s decision on a proposal.',
  valuesMap: { APPROVE: { description: '通过' }, REJECT: { description: '驳回（须说明理由）' } },
});

registerEnumType(HouseholdEventKind, {
  name: 'HouseholdEventKind',
  description: 'Kind of entry in a household\'s history.',
  valuesMap: {
    STATUS_CHANGED: { description: '状态变更' },
    MEMBER_JOINED: { description: '成员增加' },
    MEMBER_LEFT: { description: '成员减少' },
    PROCEDURE_STEP: { description: '程序环节' },
    HEAD_CHANGED: { description: '户主变更（memberId 为新户主；登记时为首任户主）' },
  },
});

registerEnumType(ExitCriterion, {
  name: 'ExitCriterion',
  description: '脱贫退出标准（两不愁三保障 + 收入）',
  valuesMap: {
    INCOME: { description: '人均纯收入超过当年扶贫标准（有省定退出线用省定线，否则国家线；按年末在户人数，精确到分）' },
    FOOD_CLOTHING: { description: '不愁吃、不愁穿（已登记为是）' },
    COMPULSORY_SCHOOLING: { description: '义务教育有保障：当年 8 月 31 日满 6 至 15 周岁的成员均在校（或已登记免学）' },
    BASIC_MEDICAL: { description: '基本医疗有保障：全部成员当年参加基本医疗保险和大病保险' },
    SAFE_HOUSING: { description: '住房安全有保障：有自有住房且非危房' },
    SAFE_WATER: { description: '饮水安全有保障（已登记为是）' },
  },
});
