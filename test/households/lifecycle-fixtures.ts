import { addDays, todayInChina } from '../../src/common/dates/local-date';
import { createAccountsAsSystem } from '../../src/identity/bootstrap-admin';
import { Role } from '../../src/common/access/permissions';
import { login, PASSWORD, SignedIn } from '../support/auth';
import { GqlResult, TestApp } from '../support/test-app';
import { createHousehold, householdInput, member } from './registry-fixtures';

export type Errors = { extensions?: Record<string, unknown>; message?: string }[] | undefined;
export const ext = (res: GqlResult) => (res.body.errors as Errors)?.[0]?.extensions;

export const PROPOSAL_FIELDS = `id kind stage version year open objections noticeDays noticeStartsOn noticeEndsOn appraisalOn householdAgreedOn
  proposedBy townReviewedBy districtApprovedBy rejectionReason completedOn`;
export const PAYLOAD = `{ proposal { ${PROPOSAL_FIELDS} } household { id validity status { value code label } exitYear yearRegistered version } }`;

export interface ProposalView {
  id: string;
  kind: string;
  stage: string;
  version: number;
  year: number;
  open: boolean;
  objections: number;
  noticeDays: number | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  rejectionReason: string | null;
  proposedBy: string;
}

export interface Payload {
  proposal: ProposalView;
  household: { id: string; validity: string; status: { value: string; code: string; label: string } | null; exitYear: number | null; yearRegistered: number | null };
}

const MUTATIONS = {
  proposeRegistration: 'ProposeRegistrationInput',
  proposeReturnToPoverty: 'ProposeReturnToPovertyInput',
  proposeRemoval: 'ProposeRemovalInput',
  proposeExit: 'ProposeExitInput',
  recordHouseholdAgreement: 'RecordHouseholdAgreementInput',
  reviewProposal: 'DecideProposalInput',
  approveProposal: 'DecideProposalInput',
  recordObjection: 'RecordObjectionInput',
  announceExit: 'AnnounceExitInput',
  withdrawProposal: 'WithdrawProposalInput',
} as const;
export type ProcedureMutation = keyof typeof MUTATIONS;

/** Runs one procedure mutation; returns the raw result (errors included). */
export function step(t: TestApp, who: SignedIn, name: ProcedureMutation, input: Record<string, unknown>): Promise<GqlResult<Record<string, Payload>>> {
  return t.gql<Record<string, Payload>>(`mutation($input: ${MUTATIONS[name]}!) { ${name}(input: $input) ${PAYLOAD} }`, { input }, who.headers);
}

/** Runs one procedure mutation that must succeed; returns its payload. */
export async function ok(t: TestApp, who: SignedIn, name: ProcedureMutation, input: Record<string, unknown>): Promise<Payload> {
  const res = await step(t, who, name, input);
  if (!res.body.data?.[name]) throw new Error(`${name} failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data[name];
}

/** An account holding several roles (to show separation of duties). */
export async function signInWithRoles(t: TestApp, roles: Role[], regionCode: string, username: string): Promise<SignedIn> {
  await createAccountsAsSystem(t.service.app, [{ username, displayName: username, password: PASSWORD, regionCode, roles, sector: null }]);
  return login(t, username);
}

export interface Officers {
  village: SignedIn;
  town: SignedIn;
  district: SignedIn;
}

export interface HouseholdSpec {
  /** Extra members (the household has a head born 1970 and a spouse born 1972). */
  members?: Record<string, unknown>[];
  /** Income, insurance are recorded for these years, so the exit standard is met in them. */
  years?: number[];
  overrides?: Record<string, unknown>;
  /** The members' joinedOn (default 2016-03-01); null: not given (they join on the day entered). */
  joinedOn?: string | null;
}

export interface Built {
  id: string;
  householdNumber: string;
  memberIds: string[];
  headMemberId: string;
}

/**
 * A candidate household whose members joined on 2016-03-01, with food, water and housing secure,
 * and, for each year given, an income well above the line (12,000 yuan net for two) and every
 * member insured (basic medical + serious illness): it meets the exit standard in those years.
 */
export async function buildHousehold(t: TestApp, o: Officers, regionCode: string, spec: HouseholdSpec = {}): Promise<Built> {
  const joinedOn = spec.joinedOn === undefined ? '2016-03-01' : spec.joinedOn;
  const dated = joinedOn ? { joinedOn } : {};
  const members = [
    member(dated),
    member({ name: '李秀英', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09', ...dated }),
    ...(spec.members ?? []).map((m) => ({ ...dated, ...m })),
  ];
  const h = await createHousehold(
    t,
    o.village,
    householdInput(regionCode, {
      members,
      foodClothingSecure: true,
      safeDrinkingWater: true,
      ownsHousing: true,
      dilapidatedHousing: false,
      ...spec.overrides,
    }),
  );
  for (const year of spec.years ?? []) {
    await t.dataSource.query(`INSERT INTO household_incomes (household_id, region_code, year, wages, production_business, production_costs) SELECT id, region_code, $2, '10000.00', '3000.00', '1000.00' FROM households WHERE id = $1`, [h.id, year]);
    await t.dataSource.query(
      `INSERT INTO member_insurance (member_id, household_id, region_code, year, basic_medical, serious_illness) SELECT id, household_id, region_code, $2, true, true FROM members WHERE household_id = $1`,
      [h.id, year],
    );
  }
  return { id: h.id, householdNumber: h.householdNumber, memberIds: h.members.map((m) => m.id), headMemberId: h.headMemberId };
}

/** Registration through the procedure: village proposes, town reviews, district approves, on the given date. */
export async function register(t: TestApp, o: Officers, householdId: string, on = '2016-03-15', year = 2016): Promise<Payload> {
  const proposed = await ok(t, o.village, 'proposeRegistration', { householdId, year, reason: '经评议符合识别标准', effectiveOn: on });
  const reviewed = await ok(t, o.town, 'reviewProposal', { proposalId: proposed.proposal.id, version: proposed.proposal.version, decision: 'APPROVE', effectiveOn: on });
  return ok(t, o.district, 'approveProposal', { proposalId: reviewed.proposal.id, version: reviewed.proposal.version, decision: 'APPROVE', effectiveOn: on });
}

/**
 * Lets the public notice of an exit approved today run out, as the days passing would: moves its
 * dates back so that its last day was yesterday. The announcement compares the notice with the
 * server's real date, so this is how a test gets past the 7 days. (A backdated approval's notice
 * started on its date and may have ended long ago: no need.)
 */
export async function noticeRunsOut(t: TestApp, proposalId: string): Promise<void> {
  const yesterday = addDays(todayInChina(), -1);
  await t.dataSource.query(
    `UPDATE household_proposals
        SET notice_starts_on = $2::date - (notice_ends_on - notice_starts_on), notice_ends_on = $2::date
      WHERE id = $1 AND stage = 'IN_NOTICE'`,
    [proposalId, yesterday],
  );
}

/** An exit of `year` through the whole procedure, effective on the given dates (the notice runs from `proposed`; announce after it). */
export async function exitFully(t: TestApp, o: Officers, householdId: string, year: number, dates: { proposed: string; announced: string }): Promise<Payload> {
  const p1 = await ok(t, o.village, 'proposeExit', { householdId, year, reason: '收入稳定超过标准，两不愁三保障', appraisalOn: dates.proposed, effectiveOn: dates.proposed });
  const p2 = await ok(t, o.village, 'recordHouseholdAgreement', { proposalId: p1.proposal.id, version: p1.proposal.version, effectiveOn: dates.proposed });
  const p3 = await ok(t, o.town, 'reviewProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE', effectiveOn: dates.proposed });
  const p4 = await ok(t, o.district, 'approveProposal', { proposalId: p3.proposal.id, version: p3.proposal.version, decision: 'APPROVE', effectiveOn: dates.proposed });
  return ok(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: p4.proposal.version, effectiveOn: dates.announced });
}
