/** The results of a run: the JSON report and its Markdown table. */
import { execFileSync } from 'node:child_process';
import { DbMode } from '../scenarios';
import { ScenarioResult } from './scenario-run';

export function gitDescription(root: string): { commit?: string; dirty?: boolean } {
  try {
    // Outside a checkout (a `git archive` copy) git's complaint is not the run's business: no commit.
    const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    return { commit, dirty };
  } catch {
    return {};
  }
}

export const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : Number.isInteger(n) ? String(n) : n.toFixed(digits);

export interface Report {
  date: string;
  startedAt: string;
  finishedAt?: string;
  db: DbMode;
  database: string;
  postgresVersion?: string;
  git: { commit?: string; dirty?: boolean };
  machine: { node: string; platform: string; cpus: number; cpuModel?: string; memoryGiB: number };
  options: { duration: number; warmup: number; connections: number; households: number; seed: string };
  service: {
    startToReadyMs?: number;
    idleRssMiB?: number | null;
    hwmMiB?: number | null;
    stop?: { ms: number; code: number | null; signal: string | null; killed: boolean };
  };
  scenarios: ScenarioResult[];
  error?: string;
}

export function markdown(report: Report): string {
  const lines = [
    `## Benchmark ${report.date}: ${report.db} database`,
    '',
    `- ${report.database}${report.postgresVersion ? ` (PostgreSQL ${report.postgresVersion})` : ''}`,
    `- commit ${report.git.commit ?? '?'}${report.git.dirty ? ' + uncommitted changes' : ''}; Node ${report.machine.node}, ` +
      `${report.machine.platform}, ${report.machine.cpus} × ${report.machine.cpuModel ?? 'CPU'}, ${report.machine.memoryGiB} GiB`,
    `- ${report.options.duration} s per scenario after ${report.options.warmup} s warm-up, ${report.options.connections} connections, ` +
      `load generator and service on the same machine`,
    `- service start to ready ${fmt((report.service.startToReadyMs ?? NaN) / 1000)} s; idle RSS ${fmt(report.service.idleRssMiB, 0)} MiB; ` +
      `RSS high-water mark ${fmt(report.service.hwmMiB, 0)} MiB`,
    '',
    '| scenario | req/s avg | latency p50 ms | latency p99 ms | errors / non-2xx | bad bodies | peak RSS MiB | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of report.scenarios) {
    if (s.status !== 'ok') {
      lines.push(`| ${s.name} | ${s.status}: ${(s.note ?? '').split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 200)} | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${s.name} | ${fmt(s.requests!.perSecond.average)} | ${fmt(s.latencyMs!.p50, 2)} | ${fmt(s.latencyMs!.p99, 2)} | ` +
        `${s.errors} / ${s.non2xx} | ${s.badBodies} | ${fmt(s.rssMiB!.peak, 0)} | ${fmt(s.loadAverage1m, 2)} |`,
    );
  }
  if (report.error) lines.push('', `**Run failed:** ${report.error.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}
