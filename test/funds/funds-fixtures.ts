import { Role, Sector } from '../../src/common/access/permissions';
import { R, signIn, SignedIn } from '../support/auth';
import { householdNumber } from '../households/registry-fixtures';
import { dataOf } from '../support/gql-answers';
import { TestApp } from '../support/test-app';

type Json = Record<string, any>;

export const DOC = `id documentNumber issuer issuedOn year level channel batch parentId amount committed available functionCode regionCode status cancelledOn cancelReason version`;
export const ALLOC = `id documentId regionCode year level channel allocatedOn purpose amount committed available status version`;
export const FUNDING = `id allocationId documentId projectId regionCode year level channel fundedOn amount basis exceptionReason status version`;
export const CREATE_DOC = `mutation($i: CreateFundDocumentInput!) { createFundDocument(input: $i) { fundDocument { ${DOC} } } }`;
export const UPDATE_DOC = `mutation($i: UpdateFundDocumentInput!) { updateFundDocument(input: $i) { fundDocument { ${DOC} } } }`;
export const CANCEL_DOC = `mutation($i: CancelFundRecordInput!) { cancelFundDocument(input: $i) { fundDocument { ${DOC} } } }`;
export const CREATE_ALLOC = `mutation($i: CreateFundAllocationInput!) { createFundAllocation(input: $i) { fundAllocation { ${ALLOC} } } }`;
export const UPDATE_ALLOC = `mutation($i: UpdateFundAllocationInput!) { updateFundAllocation(input: $i) { fundAllocation { ${ALLOC} } } }`;
export const CANCEL_ALLOC = `mutation($i: CancelFundRecordInput!) { cancelFundAllocation(input: $i) { fundAllocation { ${ALLOC} } } }`;
export const CREATE_FUNDING = `mutation($i: CreateProjectFundingInput!) { createProjectFunding(input: $i) { projectFunding { ${FUNDING} } levelsWarning { levels parameter source rule } } }`;
export const UPDATE_FUNDING = `mutation($i: UpdateProjectFundingInput!) { updateProjectFunding(input: $i) { projectFunding { ${FUNDING} } levelsWarning { levels } } }`;
export const CANCEL_FUNDING = `mutation($i: CancelFundRecordInput!) { cancelProjectFunding(input: $i) { projectFunding { ${FUNDING} } } }`;

export interface Callers {
  finance: SignedIn;
  district: SignedIn;
  town: SignedIn;
  village: SignedIn;
  agriculture: SignedIn;
}

export async function callers(t: TestApp): Promise<Callers> {
  return {
    finance: await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.FINANCE }),
    district: await signIn(t, Role.DISTRICT_OFFICER, R.district),
    town: await signIn(t, Role.TOWN_OFFICER, R.town),
    village: await signIn(t, Role.VILLAGE_OFFICER, R.village),
    agriculture: await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE }),
  };
}

let seq = 0;
/** A unique document number. */
export const docNumber = (prefix = '豫财农') => `${prefix}〔2018〕${(seq += 1)}${Date.now() % 100000}号`;

export const docInput = (over: Json = {}): Json => ({
  documentNumber: docNumber(),
  issuer: '河南省财政厅',
  issuedOn: '2018-03-01',
  year: 2018,
  level: '省',
  channel: '扶贫发展',
  batch: 'REGULAR',
  amount: '1000000.00',
  functionCode: '2130599',
  regionCode: R.district,
  ...over,
});

export async function createDoc(t: TestApp, who: SignedIn, over: Json = {}): Promise<Json> {
  return dataOf(await t.gql(CREATE_DOC, { i: docInput(over) }, who.headers)).createFundDocument.fundDocument;
}

export async function createAlloc(t: TestApp, who: SignedIn, documentId: string, over: Json = {}): Promise<Json> {
  const i = { documentId, regionCode: R.village, amount: '1000.00', allocatedOn: '2018-04-01', purpose: '产业发展项目', ...over };
  return dataOf(await t.gql(CREATE_ALLOC, { i }, who.headers)).createFundAllocation.fundAllocation;
}

let projects = 0;
/** A project row at a stage (the procedure itself is the projects module's to test). */
export async function project(t: TestApp, regionCode: string, stage = 'IN_LIBRARY'): Promise<string> {
  const [row] = await t.dataSource.query(
    `INSERT INTO projects (region_code, name, year, category, industry_type, construction_nature, budget_total, stage)
     VALUES ($1, $2, 2018, '产业发展', '特色加工业', 'NEW', '500000.00', $3) RETURNING id`,
    [regionCode, `资金项目${(projects += 1)}`, stage],
  );
  return row.id;
}

// ---- part 2: reimbursements and payments ------------------------------------------------------

export const REIMB = `id fundingId allocationId documentId projectId regionCode year level channel appliedOn amount paid unpaid status reviewedOn approvedOn reimbursed reimbursedOn returnReason rejectReason version
  lines { expenseType amount } vouchers { kind reference datedOn }`;
export const PAYMENT = `id reimbursementId allocationId documentId regionCode year paidOn amount kind payeeName bankAccount reference households { householdId amount incomeComponent }`;
export const CREATE_REIMB = `mutation($i: CreateFundReimbursementInput!) { createFundReimbursement(input: $i) { reimbursement { ${REIMB} } parametersUsed { key status source configured } } }`;
export const CORRECT_REIMB = `mutation($i: CorrectFundReimbursementInput!) { correctFundReimbursement(input: $i) { reimbursement { ${REIMB} } parametersUsed { key status } } }`;
export const REVIEW_REIMB = `mutation($i: DecideFundReimbursementInput!) { reviewFundReimbursement(input: $i) { reimbursement { ${REIMB} } } }`;
export const APPROVE_REIMB = `mutation($i: DecideFundReimbursementInput!) { approveFundReimbursement(input: $i) { reimbursement { ${REIMB} } } }`;
export const RETURN_REIMB = `mutation($i: ReasonedFundReimbursementInput!) { returnFundReimbursement(input: $i) { reimbursement { ${REIMB} } } }`;
export const REJECT_REIMB = `mutation($i: ReasonedFundReimbursementInput!) { rejectFundReimbursement(input: $i) { reimbursement { ${REIMB} } } }`;
export const PAY = `mutation($i: CreateFundPaymentInput!) { createFundPayment(input: $i) { payment { ${PAYMENT} } reimbursement { ${REIMB} } } }`;

/** The voucher kinds of funds.reimbursement_vouchers in the seed (RULES.md §8). */
export const VOUCHER_KINDS = ['立项批复', '合同', '收款账户', '发票', '可研/施工图/实施方案', '验收报告', '花名册 (姓名, 人口, 身份证号, 电话, 金额/物品, 3 signatures)'];

export const vouchers = (kinds: string[] = VOUCHER_KINDS): Json[] => kinds.map((kind, i) => ({ kind, reference: `凭证-${i + 1}`, datedOn: '2018-05-20' }));

export const reimbInput = (fundingId: string, over: Json = {}): Json => ({
  fundingId,
  appliedOn: '2018-06-01',
  amount: '300.00',
  lines: [
    { expenseType: '材料费', amount: '200.00' },
    { expenseType: '劳务费', amount: '100.00' },
  ],
  vouchers: vouchers(),
  ...over,
});

/** A document → allocation → funding chain in a region written directly (what part 1 tests itself); returns the funding's id. */
export async function fundingIn(t: TestApp, region: string, amount = '1000.00'): Promise<string> {
  const [doc] = await t.dataSource.query(
    `INSERT INTO fund_documents (region_code, document_number, issuer, issued_on, year, level, level_rank, channel, batch, amount, function_code)
     VALUES ($1, $2, '报账测试', '2018-03-01', 2018, '区', 3, '扶贫发展', 'REGULAR', $3, '2130599') RETURNING id`,
    [R.district, docNumber('报账'), amount],
  );
  const [alloc] = await t.dataSource.query(
    `INSERT INTO fund_allocations (document_id, region_code, year, level, channel, allocated_on, purpose, amount)
     VALUES ($1, $2, 2018, '区', '扶贫发展', '2018-04-01', '报账测试', $3) RETURNING id`,
    [doc.id, region, amount],
  );
  const p = await project(t, region);
  const [f] = await t.dataSource.query(
    `INSERT INTO project_fundings (allocation_id, document_id, project_id, region_code, year, level, channel, funded_on, amount, basis)
     VALUES ($1, $2, $3, $4, 2018, '区', '扶贫发展', '2018-05-01', $5, 'IN_LIBRARY') RETURNING id`,
    [alloc.id, doc.id, p, region, amount],
  );
  return f.id;
}

export async function household(t: TestApp, region: string): Promise<string> {
  const [row] = await t.dataSource.query(
    `INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, status) VALUES ($1, $2, 'GENERAL_POOR', 'ILLNESS', 'ACTIVE', 'NOT_EXITED') RETURNING id`,
    [householdNumber(), region],
  );
  return row.id;
}
