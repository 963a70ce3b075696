import { Role, Sector } from '../../src/common/access/permissions';
import { R, signIn, SignedIn } from '../support/auth';
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
  agriculture: SignedIn;
}

export async function callers(t: TestApp): Promise<Callers> {
  return {
    finance: await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.FINANCE }),
    district: await signIn(t, Role.DISTRICT_OFFICER, R.district),
    town: await signIn(t, Role.TOWN_OFFICER, R.town),
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
