/**
 * The columns of a family-doctor signing roster (家庭医生签约名册, import kind
 * `family-doctor-contracts`): one row per contract of a member, Chinese headers as the health
 * commission's (卫健委) rosters write them (aliases where rosters commonly differ). The household
 * is found by 户编号; the member among its members by 成员身份证号 (its blind index, never the clear
 * value), else by 成员姓名 (with 与户主关系 where two share a name). A contract is known by its
 * member, 签约机构 and 签约日期.
 *
 * 重点疾病 is a name of health.family_doctor in force on the start (高血压, 糖尿病…), which the
 * service checks (CODE_NOT_LISTED; PARAMETER_NOT_CONFIGURED where no rule names them), so no
 * disease is written in the code; blank: a contract without one. 结束日期 blank: the contract runs.
 * 应随访次数 is the follow-ups agreed, its bounds the service's (0–366, INVALID_VALUE). The
 * follow-ups done are not a column: they are recorded one by one (recordFollowUp).
 */
import { columnTable, ImportColumn } from '../../common/imports/columns';
import { rosterMemberColumns } from '../../households/import/roster-member';

export type FamilyDoctorColumn = ImportColumn<'record' | 'none'>;
const C = (c: Omit<FamilyDoctorColumn, 'scope' | 'role'>): FamilyDoctorColumn => ({ role: 'stored', scope: 'record', ...c });

export const FAMILY_DOCTOR_COLUMNS = columnTable<FamilyDoctorColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    ...rosterMemberColumns(['签约居民姓名', '签约人姓名']).map(C),
    C({ header: '家庭医生', aliases: ['签约医生', '家庭医生姓名', '医生姓名'], key: 'doctor', kind: 'text', required: true, maxLength: 100, verbatim: true }),
    C({ header: '签约机构', aliases: ['签约医疗机构', '签约团队', '家庭医生团队', '签约单位'], key: 'clinic', kind: 'text', required: true, maxLength: 200, verbatim: true }),
    C({ header: '签约日期', aliases: ['签约时间', '服务开始日期', '开始日期'], key: 'startsOn', kind: 'date', required: true }),
    C({ header: '结束日期', aliases: ['到期日期', '服务结束日期', '终止日期'], key: 'endsOn', kind: 'date' }),
    C({ header: '重点疾病', aliases: ['重点人群疾病', '慢病病种', '病种'], key: 'priorityDisease', kind: 'text', maxLength: 100 }),
    // No min/max: the bounds are the service's check (INVALID_VALUE), reported under this column.
    C({ header: '应随访次数', aliases: ['约定随访次数', '应随访数'], key: 'followUpsDue', kind: 'int', required: true }),
  ],
  // One row a record: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the family-doctor service names (`input.endsOn` → 结束日期; an overlap, on `input.startsOn` → 签约日期). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.memberId': 'idNumber',
  'input.id': 'idNumber',
  'input.doctor': 'doctor',
  'input.clinic': 'clinic',
  'input.startsOn': 'startsOn',
  'input.endsOn': 'endsOn',
  'input.priorityDisease': 'priorityDisease',
  'input.followUpsDue': 'followUpsDue',
};
