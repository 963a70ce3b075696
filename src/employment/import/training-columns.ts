/**
 * The columns of a training roster (实名制培训台账, import kind `training`): one row a trainee of a
 * course, Chinese headers as the human resources department (人社) writes them (aliases where
 * rosters commonly differ). The household is found by 户编号 and the member among its members as the
 * employment roster finds it (成员身份证号's blind index, else 姓名 and 与户主关系); the course by its
 * key: 培训项目（工种）, 培训机构 and 开班日期. A course the import cannot read is created from the
 * row's course columns (培训类型, 结业日期, 学时, 举办地区划代码): a roster does not correct a course.
 */
import { columnTable, ImportColumn } from '../../common/imports/columns';
import { rosterMemberColumns } from '../../households/import/roster-member';

export type TrainingColumn = ImportColumn<'record' | 'none'>;
const C = (c: Omit<TrainingColumn, 'scope' | 'role'>): TrainingColumn => ({ role: 'stored', scope: 'record', ...c });

/** The course columns a row needs only when its course is new (created from the roster). */
export const NEW_COURSE_COLUMNS = ['courseType', 'endsOn', 'hours', 'courseRegionCode'] as const;

export const TRAINING_COLUMNS = columnTable<TrainingColumn>(
  [
    C({ header: '户编号', aliases: ['户号', '贫困户编号'], key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    ...rosterMemberColumns(['学员姓名', '参训人员姓名']).map(C),
    // The course's key.
    C({ header: '培训项目（工种）', aliases: ['培训项目(工种)', '培训项目', '培训工种', '工种', '培训班名称'], key: 'courseName', kind: 'text', required: true, maxLength: 200, verbatim: true }),
    C({ header: '培训机构', aliases: ['培训机构名称', '承训机构'], key: 'provider', kind: 'text', required: true, maxLength: 200, verbatim: true }),
    C({ header: '开班日期', aliases: ['培训开始日期', '开班时间'], key: 'startsOn', kind: 'date', required: true }),
    // The course's terms: for a new course; for an existing one they must agree with it.
    C({ header: '培训机构统一社会信用代码', aliases: ['统一社会信用代码', '信用代码'], key: 'providerCreditCode', kind: 'text', maxLength: 40 }),
    C({ header: '培训类型', aliases: ['培训类别'], key: 'courseType', kind: 'text', maxLength: 100 }),
    C({ header: '结业日期', aliases: ['培训结束日期', '结业时间'], key: 'endsOn', kind: 'date' }),
    C({ header: '学时', aliases: ['培训学时', '课时'], key: 'hours', kind: 'decimal', integerDigits: 5 }),
    C({ header: '举办地区划代码', aliases: ['举办单位区划代码', '组织地区代码'], key: 'courseRegionCode', kind: 'text', maxLength: 12 }),
    // The trainee's terms.
    C({ header: '是否结业', aliases: ['结业'], key: 'completed', kind: 'bool' }),
    C({ header: '参训学时', aliases: ['实际学时', '出勤学时'], key: 'hoursAttended', kind: 'decimal', integerDigits: 5 }),
    C({ header: '证书名称', aliases: ['取得证书', '证书类别'], key: 'certificateName', kind: 'text', maxLength: 200, verbatim: true }),
    C({ header: '证书编号', aliases: ['职业资格证书编号', '证书号'], key: 'certificateNumber', kind: 'text', maxLength: 100 }),
    C({ header: '取证日期', aliases: ['发证日期', '结业考核日期'], key: 'passedOn', kind: 'date' }),
  ],
  // One row a trainee: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'record', childScope: 'none', childrenKey: 'none' } },
);

/** The column an error of the training service names (`input.hoursAttended` → 参训学时). */
export const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  'input.memberId': 'idNumber',
  'input.courseId': 'courseName',
  'input.name': 'courseName',
  'input.provider': 'provider',
  'input.providerEntityId': 'providerCreditCode',
  'input.type': 'courseType',
  'input.startsOn': 'startsOn',
  'input.endsOn': 'endsOn',
  'input.hours': 'hours',
  'input.regionCode': 'courseRegionCode',
  'input.completed': 'completed',
  'input.hoursAttended': 'hoursAttended',
  'input.certificateName': 'certificateName',
  'input.certificateNumber': 'certificateNumber',
  'input.passedOn': 'passedOn',
};
