/**
 * The vocabularies of public disclosure (公告公示). The nine kinds of content are those of
 * 国开办发〔2018〕11号 (RULES.md §8, `funds.disclosure_kinds`, in that order); the registry's exit
 * notices and the project library's notices publish through the same capability.
 */
export enum NoticeKind {
  FUND_ALLOCATION = 'FUND_ALLOCATION',
  POVERTY_LOANS = 'POVERTY_LOANS',
  SECTOR_AND_COOPERATION_FUNDS = 'SECTOR_AND_COOPERATION_FUNDS',
  POVERTY_PLAN = 'POVERTY_PLAN',
  COUNTY_PROJECT_LIBRARY = 'COUNTY_PROJECT_LIBRARY',
  ANNUAL_PLAN = 'ANNUAL_PLAN',
  PLAN_COMPLETION = 'PLAN_COMPLETION',
  PROJECT_IMPLEMENTATION = 'PROJECT_IMPLEMENTATION',
  COMPLAINTS_HANDLING = 'COMPLAINTS_HANDLING',
  REGISTRY_EXIT = 'REGISTRY_EXIT',
  PROJECT_LIBRARY = 'PROJECT_LIBRARY',
}

/** The Chinese name of each kind (rendered text, public answers). */
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  FUND_ALLOCATION: '资金分配结果',
  POVERTY_LOANS: '精准扶贫贷款',
  SECTOR_AND_COOPERATION_FUNDS: '行业扶贫及东西部协作资金',
  POVERTY_PLAN: '脱贫攻坚规划',
  COUNTY_PROJECT_LIBRARY: '县级项目库',
  ANNUAL_PLAN: '年度计划',
  PLAN_COMPLETION: '计划完成情况',
  PROJECT_IMPLEMENTATION: '项目实施情况',
  COMPLAINTS_HANDLING: '受理方式和办理结果',
  REGISTRY_EXIT: '贫困户退出公示',
  PROJECT_LIBRARY: '项目库入库公示',
};

/** Where a notice is posted: the portal (permanent) and the boards (a period of at least the minimum). */
export enum NoticeChannel {
  PORTAL = 'PORTAL',
  TOWN_BOARD = 'TOWN_BOARD',
  VILLAGE_BOARD = 'VILLAGE_BOARD',
  PROJECT_SITE = 'PROJECT_SITE',
}

/** draft → published → period ended → closed; withdrawn (with a reason) from draft or published. */
export enum NoticeState {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  PERIOD_ENDED = 'PERIOD_ENDED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}

/** How a period's length is counted: calendar days (the first day counts) or working days by the working calendar. */
export enum PeriodUnit {
  DAYS = 'DAYS',
  WORKING_DAYS = 'WORKING_DAYS',
}

/** Where an objection (异议) stands: open until the responsible unit has handled it. */
export enum ObjectionState {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

/** What handling found. */
export enum ObjectionOutcome {
  UPHELD = 'UPHELD',
  PARTLY_UPHELD = 'PARTLY_UPHELD',
  NOT_UPHELD = 'NOT_UPHELD',
}

/** Who entered an objection: an officer (received on a board, by letter, in person) or anyone through the public surface. */
export enum ObjectionSource {
  OFFICER = 'OFFICER',
  PUBLIC = 'PUBLIC',
}
