/**
 * The member a sector roster names (an employment record's, a trainee's): the columns that name it
 * (成员姓名, 与户主关系, 成员身份证号), reading them from a row, and finding the member among a
 * household's memberships by the ID number's blind index (never the clear value) or by name, and
 * relation where two share a name. A roster's export writes the name and relation, not the ID
 * number (a kind's export never reveals it), so the file re-imports unchanged.
 */
import type { CellValue, CodeListLike, ImportColumn } from '../../common/imports/columns';
import type { ImportProblem } from '../../common/imports/import-types';
import type { RosterProblems } from '../../common/imports/roster-port';
import type { AppError } from '../../common/errors/app-error';
import type { ScopeHolder } from '../../common/access/region-scope';
import type { EntityManager } from 'typeorm';
import type { HouseholdsService } from '../households.service';
import type { MemberEntity } from '../member.entity';
import type { MembersService } from '../members.service';
import type { ProtectedFieldsService } from '../protected-fields.service';
import { Relation } from '../registry-codes';

type ColumnSpec = Omit<ImportColumn, 'scope' | 'role'>;

/** The three columns naming a member; `nameAliases`: a roster's own words for the name (学员姓名). */
export function rosterMemberColumns(nameAliases: readonly string[] = []): ColumnSpec[] {
  return [
    { header: '成员姓名', aliases: ['姓名', ...nameAliases], key: 'memberName', kind: 'text', maxLength: 50, verbatim: true },
    { header: '与户主关系', aliases: ['关系'], key: 'relation', kind: 'code', list: Relation as unknown as CodeListLike },
    { header: '成员身份证号', aliases: ['身份证号', '身份证号码', '证件号码'], key: 'idNumber', kind: 'text', maxLength: 30, protected: true },
  ];
}

/** The export's member is its name and relation: the ID number column stays blank. */
export const NO_ID_NUMBER: ReadonlySet<string> = new Set(['idNumber']);

/** How a row names its member. */
export interface RosterMember {
  /** The member's ID number as written (normalised by the blind index); null: the member is named instead. */
  idNumber: string | null;
  memberName: string | null;
  relation: Relation | null;
}

/** A report's problem on a column of the row (the port's table names the column). */
export type ProblemAt = (key: 'idNumber' | 'memberName', code: string, message: string) => ImportProblem;
/** A problem under the household number's column or one of the member's. */
export type RowProblemAt = (key: 'householdNumber' | 'idNumber' | 'memberName', code: string, message: string) => ImportProblem;

/**
 * The member columns of a parsed row, and the problem when it names none (REQUIRED on 成员身份证号),
 * unless a cell of them was refused already (`refused`).
 */
export function readRosterMember(values: Readonly<Record<string, CellValue>>, refused: boolean, problem: ProblemAt): { member: RosterMember; problem?: ImportProblem } {
  const member: RosterMember = {
    idNumber: (values.idNumber as string | undefined) ?? null,
    memberName: (values.memberName as string | undefined) ?? null,
    relation: (values.relation as Relation | undefined) ?? null,
  };
  if (member.idNumber || member.memberName || refused) return { member };
  return { member, problem: problem('idNumber', 'REQUIRED', '“成员身份证号”与“成员姓名”至少填写一项 (the member\'s ID number, or its name)') };
}

/**
 * The member a row names among the household's memberships: by the ID number's blind index
 * (`hashIdNumber`; the name, where also given, must be the member's), else by name, and relation
 * where several share it. Several memberships of one person: the one `on` falls in, else the latest.
 */
export function pickRosterMember(
  u: RosterMember,
  ofHousehold: readonly MemberEntity[],
  on: string,
  hashIdNumber: (idNumber: string) => string,
  problem: ProblemAt,
): MemberEntity | { problem: ImportProblem } {
  let found: MemberEntity[];
  if (u.idNumber) {
    const hash = hashIdNumber(u.idNumber);
    found = ofHousehold.filter((x) => x.idNumberHash === hash);
    if (!found.length) return { problem: problem('idNumber', 'MEMBER_NOT_IN_HOUSEHOLD', '该户没有此身份证号的成员 (no member of the household has this ID number)') };
    if (u.memberName && !found.some((x) => x.name === u.memberName)) {
      return { problem: problem('memberName', 'MEMBER_NAME_DIFFERS', '姓名与该身份证号的成员不符 (the name is not that of the member with this ID number)') };
    }
  } else {
    found = ofHousehold.filter((x) => x.name === u.memberName && (!u.relation || x.relation === u.relation));
    if (!found.length) return { problem: problem('memberName', 'MEMBER_NOT_IN_HOUSEHOLD', '该户没有此姓名（及与户主关系）的成员 (no member of the household has this name and relation)') };
    if (new Set(found.map((x) => x.idNumberHash)).size > 1) {
      return { problem: problem('memberName', 'MEMBER_AMBIGUOUS', '该户有多名同名成员，请填写成员身份证号或与户主关系 (several members share the name: give the ID number or the relation)') };
    }
  }
  const latest = [...found].sort((a, b) => (a.joinedOn < b.joinedOn ? 1 : -1));
  return latest.find((x) => x.joinedOn <= on) ?? latest[0];
}

/** The registry's services a member roster reads through. */
export interface RosterRegistry {
  households: HouseholdsService;
  members: MembersService;
  fields: ProtectedFieldsService;
}

/**
 * The members a batch of roster rows can name: the households its valid rows give by 户编号 in
 * the import's scope, with every membership of each (a past year's record may be of a member who
 * has left since), read in two statements for the batch. Answers the lookup of one row's member
 * on a day (see pickRosterMember), or the problem under 户编号 when the household is not in scope.
 */
export async function rosterMembersOf(
  registry: RosterRegistry,
  scope: ScopeHolder,
  units: readonly { householdNumber: string; valid: boolean }[],
  m: EntityManager,
): Promise<(u: RosterMember & { householdNumber: string }, on: string, problem: RowProblemAt) => MemberEntity | { problem: ImportProblem }> {
  const households = await registry.households.findByNumbersInScope(scope, [...new Set(units.filter((u) => u.valid).map((u) => u.householdNumber))], m);
  const members = await registry.members.membersOf([...households.values()].map((h) => h.id), { all: true }, m);
  return (u, on, problem) => {
    const household = households.get(u.householdNumber);
    if (!household) return { problem: problem('householdNumber', 'HOUSEHOLD_NOT_FOUND', "本次导入范围内没有此户编号 (no such household in this import's region)") };
    return pickRosterMember(u, members.filter((x) => x.householdId === household.id), on, (id) => registry.fields.hashIdNumber(id), problem);
  };
}

/**
 * A sector service's coded error as a roster's problems: each field it names as its column
 * (`columnOfField`, e.g. input.monthsWorked → monthsWorked; unknown: 户编号), the member as the
 * column the row named it by (ID number, else name); the write scope's refusal is `outOfScope`.
 */
export function rosterErrorProblems(
  fromError: RosterProblems['fromError'],
  columnOfField: Readonly<Record<string, string>>,
  outOfScope: string,
): (u: Parameters<RosterProblems['fromError']>[0] & Pick<RosterMember, 'idNumber'>, e: AppError) => ImportProblem[] {
  return (u, e) => {
    const columnOf = (field: string) => {
      const key = columnOfField[field] ?? 'householdNumber';
      return key === 'idNumber' && !u.idNumber ? 'memberName' : key;
    };
    return fromError(u, e, columnOf, outOfScope);
  };
}
