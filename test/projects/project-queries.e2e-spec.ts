import { AppError } from '../../src/common/errors/app-error';
import { ProjectQueriesService } from '../../src/projects/project-queries.service';
import { loadRegions, R } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('project queries for other modules (issue #15 part 4)', () => {
  let t: TestApp;
  let seq = 0;
  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
  });
  afterAll(() => t?.close());

  /** A project row at a stage (the procedure itself is tested in project-library.e2e-spec.ts). */
  async function project(stage: string): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO projects (region_code, name, year, category, industry_type, construction_nature, budget_total, stage)
       VALUES ($1, $2, 2018, '产业发展', '特色加工业', 'NEW', '500000.00', $3) RETURNING id`,
      [R.village, `资金测试项目${(seq += 1)}`, stage],
    );
    return row.id;
  }
  const fundable = (id: string, on: string, reason?: string) => t.dataSource.transaction((m) => t.get(ProjectQueriesService).requireFundable(m, id, on, reason));
  const refusal = async (p: Promise<unknown>): Promise<Record<string, unknown>> => {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    const a = e as AppError;
    return { code: a.code, reason: a.reason, field: a.field };
  };

  it('requireFundable: in the library or later passes; before it, refused unless an exception reason is given; the rule not configured is said so', async () => {
    for (const stage of ['IN_LIBRARY', 'IMPLEMENTING', 'HANDED_OVER']) {
      expect(await fundable(await project(stage), '2018-06-01')).toMatchObject({ basis: 'IN_LIBRARY', rule: null });
    }
    const draft = await project('TOWN_REVIEWED');
    expect(await refusal(fundable(draft, '2018-06-01'))).toEqual({ code: 'CONFLICT', reason: 'PROJECT_NOT_IN_LIBRARY', field: 'input.projectId' });
    expect(await refusal(fundable(draft, '2018-06-01', '  '))).toMatchObject({ reason: 'PROJECT_NOT_IN_LIBRARY' });
    expect(await fundable(draft, '2018-06-01', '汛期抢修，县扶贫开发领导小组研究同意')).toMatchObject({
      basis: 'EXCEPTION',
      exceptionReason: '汛期抢修，县扶贫开发领导小组研究同意',
      rule: { key: 'project.funding_requires_in_library', value: true, source: '豫扶贫办〔2018〕156号' },
    });
    // project.funding_requires_in_library is in force from 2018-01-01: before that, not configured, never guessed.
    expect(await refusal(fundable(draft, '2017-06-01', '理由'))).toEqual({ code: 'BAD_USER_INPUT', reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.projectId' });
    expect(await refusal(fundable(MISSING, '2018-06-01'))).toEqual({ code: 'NOT_FOUND', reason: 'PROJECT_NOT_FOUND', field: 'input.projectId' });
  });
});
