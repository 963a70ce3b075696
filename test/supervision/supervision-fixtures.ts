import { TestApp } from '../support/test-app';

type Json = Record<string, any>;

/** The fields of a finding the supervision tests read. */
export const FINDING = `id source sourceReference inspectionId description category subitem regionCode householdId projectId severity leadUnit responsibleUnit responsiblePerson
  foundOn deadline stage lastStepOn overdue overdueSince closedOn referredOn referralReason availableActions version
  rectification { measures plannedOn result evidence acceptor acceptedOn acceptanceOpinion progressNotes { notedOn note evidence actorName } }
  events { action fromStage toStage effectiveOn actorName note evidence } letter { number issuedOn addressedTo }`;
export const REGISTER = `mutation($i: RegisterSupervisionFindingInput!) { registerSupervisionFinding(input: $i) { finding { ${FINDING} } } }`;
export const SUPERVISE = `mutation($i: SupervisionFindingStepInput!) { superviseFindingStep(input: $i) { finding { ${FINDING} } } }`;
export const RECTIFY = `mutation($i: SupervisionFindingStepInput!) { rectifyFindingStep(input: $i) { finding { ${FINDING} } } }`;
export const LEDGER = `mutation($i: RecordRectificationInput!) { recordRectification(input: $i) { finding { ${FINDING} } } }`;
export const PROGRESS = `mutation($i: AddRectificationProgressInput!) { addRectificationProgress(input: $i) { finding { ${FINDING} } } }`;
export const GET = `query($id: ID!) { supervisionFinding(id: $id) { ${FINDING} } }`;

/** A finding's registration input (2018: the category lists are in force 2018–2020). */
export function findingInput(regionCode: string, over: Json = {}): Json {
  return {
    source: 'INSPECTION',
    sourceReference: '督查〔2018〕3号',
    description: '部分贫困户档案资料不全，帮扶措施与致贫原因不对应',
    category: '工作措施不精准',
    subitem: '识别不精准',
    regionCode,
    severity: 'GENERAL',
    leadUnit: '区扶贫办',
    responsibleUnit: '峡窝镇人民政府',
    responsiblePerson: '王某',
    foundOn: '2018-05-10',
    deadline: '2018-06-30',
    registeredOn: '2018-05-11',
    ...over,
  };
}

/**
 * A finding written directly (the matrix and the rates need many in given states): the columns
 * the operations read, the rest defaulted. Returns its id.
 */
export async function insertFinding(t: TestApp, regionCode: string, over: Json = {}): Promise<string> {
  const row: Json = {
    region_code: regionCode,
    source: 'INSPECTION',
    description: '直接写入的问题',
    category: '工作措施不精准',
    severity: 'GENERAL',
    lead_unit: '区扶贫办',
    responsible_unit: '责任单位',
    responsible_person: '李某',
    found_on: '2018-05-01',
    deadline: '2018-06-30',
    stage: 'REGISTERED',
    last_step_on: '2018-05-01',
    ...over,
  };
  const cols = Object.keys(row);
  const [r] = await t.dataSource.query(
    `INSERT INTO supervision_findings (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    cols.map((c) => row[c]),
  );
  return r.id as string;
}
