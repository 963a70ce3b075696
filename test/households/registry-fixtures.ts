import { makeCitizenId } from '../../src/common/identity-number/citizen-id';
import { SignedIn } from '../support/auth';
import { TestApp } from '../support/test-app';

let seq = 0;

/** A fresh, valid resident ID number (unique within the test run). */
export function citizenId(birthDate: string, sex: 'MALE' | 'FEMALE', region = '410106'): string {
  seq += 1;
  return makeCitizenId(region, birthDate, seq % 1000, sex);
}

/** Birth date of someone `age` years old today (China time, a safe mid-year day). */
export function bornYearsAgo(age: number, monthDay = '01-15'): string {
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  let year = Number(today.slice(0, 4)) - age;
  if (today.slice(5) < monthDay) year -= 1;
  return `${year}-${monthDay}`;
}

export interface MemberSpec {
  name?: string;
  relation?: string;
  idNumber?: string;
  sex?: 'MALE' | 'FEMALE';
  birthDate?: string;
  [k: string]: unknown;
}

/** A member input: a head by default, born 1970, male, with a fresh ID number. */
export function member(spec: MemberSpec = {}): Record<string, unknown> {
  const sex = spec.sex ?? 'MALE';
  const birthDate = spec.birthDate ?? '1970-03-05';
  const { sex: _s, birthDate: _b, ...rest } = spec;
  return {
    name: '张大山',
    relation: 'HEAD',
    idNumber: citizenId(birthDate, sex),
    ...rest,
  };
}

let householdSeq = 0;
export function householdNumber(): string {
  householdSeq += 1;
  return `4101061${String(process.pid % 1000).padStart(3, '0')}${String(householdSeq).padStart(4, '0')}`;
}

/** A createHousehold input: a head and a spouse, village R.village by default. */
export function householdInput(regionCode: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    householdNumber: householdNumber(),
    regionCode,
    attribute: 'GENERAL_POOR',
    primaryCause: 'LACK_OF_SKILLS',
    members: [member(), member({ name: '李秀英', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09' })],
    ...overrides,
  };
}

export const CREATE = `mutation($input: CreateHouseholdInput!) {
  createHousehold(input: $input) { household { id householdNumber version regionCode validity status { value } headMemberId members { id name relation { value } } } }
}`;

export interface CreatedHousehold {
  id: string;
  householdNumber: string;
  version: number;
  headMemberId: string;
  members: { id: string; name: string; relation: { value: string } }[];
}

/** Creates a household through GraphQL; throws on errors. */
export async function createHousehold(t: TestApp, caller: SignedIn, input: Record<string, unknown>): Promise<CreatedHousehold> {
  const res = await t.gql<{ createHousehold: { household: CreatedHousehold } }>(CREATE, { input }, caller.headers);
  if (!res.body.data?.createHousehold) throw new Error(`createHousehold failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data.createHousehold.household;
}

/** Puts a household on the roll directly (the lifecycle's approval is not under test here). */
export async function activate(t: TestApp, householdId: string, status = 'NOT_EXITED', yearRegistered = 2016): Promise<void> {
  await t.dataSource.query(`UPDATE households SET validity = 'ACTIVE', status = $2, year_registered = $3 WHERE id = $1`, [
    householdId,
    status,
    yearRegistered,
  ]);
}
