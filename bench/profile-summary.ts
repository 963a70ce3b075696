/**
 * node dist/bench/profile-summary.js FILE.cpuprofile|FILE.heapprofile [--top N] [--title TEXT] [--out FILE.md] [--from-first FUNCTION]
 *
 * `--from-first processGraphQLRequest` leaves out what ran before the first sample inside that
 * function (start-up, migrations, the demo seed): the summary is of the load. The second table
 * is by inclusive time (a function's own samples and those of everything it called, each
 * sample counted once per function): what each middleware, guard or hook costs in all.
 *
 * A text summary of a V8 CPU profile (what `node --cpu-prof` writes, e.g. the service's under
 * `npm run bench:read -- --cpu-prof DIR`): busy time by category (garbage collection, graphql-js,
 * Nest, Apollo, TypeORM, pg, the project's code, Node's internals, …) and the functions with the
 * most self time. Raw profiles are large and machine-specific: the summary is what gets committed.
 *
 * A `.heapprofile` (V8's sampling heap profiler, e.g. `npm run bench:import -- --heap-prof DIR`,
 * sampling every allocation, collected or not) is summarised the same way in bytes allocated: by
 * category, by function (self), and by function with everything it called (inclusive).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  parent?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Categories in the order they are tested: the first that matches a frame wins. */
const CATEGORIES: [string, (f: CallFrame) => boolean][] = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['V8 (program: compiler, runtime)', (f) => f.functionName === '(program)' || f.functionName === '(root)'],
  ['graphql-js', (f) => /node_modules\/graphql\//.test(f.url)],
  ['Nest (@nestjs/*)', (f) => /node_modules\/@nestjs\//.test(f.url)],
  ['Apollo Server', (f) => /node_modules\/@apollo\//.test(f.url) || /node_modules\/@as-integrations\//.test(f.url)],
  ['TypeORM', (f) => /node_modules\/typeorm\//.test(f.url)],
  ['pg (driver)', (f) => /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//.test(f.url)],
  ['dataloader', (f) => /node_modules\/dataloader\//.test(f.url)],
  ['express', (f) => /node_modules\/(express|router|body-parser|raw-body|finalhandler|send|on-finished)\//.test(f.url)],
  ['other dependencies', (f) => /node_modules\//.test(f.url)],
  ['project code (dist/src)', (f) => /\/dist\/src\//.test(f.url)],
  ['Node internals (node:*)', (f) => f.url.startsWith('node:') || (f.url === '' && f.functionName !== '')],
];

function categoryOf(f: CallFrame): string {
  for (const [name, test] of CATEGORIES) if (test(f)) return name;
  return 'other';
}

/** Where a frame comes from, shortened: the package (or dist path) and line. */
function placeOf(f: CallFrame): string {
  if (!f.url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(f.url);
  const path = pkg ? `${pkg[1]}/${pkg[2]}` : f.url.replace(/^.*\/dist\//, 'dist/').replace(/^file:\/\//, '');
  return `${path}:${f.lineNumber + 1}`;
}

const keyOf = (f: CallFrame) => `${f.functionName}|${f.url}|${f.lineNumber}`;

export function summarize(profile: CpuProfile, opts: { top: number; title: string; fromFirst?: string }): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id;
  /** The distinct functions on a node's stack (the node and its callers). */
  const stackKeys = new Map<number, Set<string>>();
  const stackOf = (id: number): Set<string> => {
    let keys = stackKeys.get(id);
    if (keys) return keys;
    const node = byId.get(id)!;
    keys = new Set(node.parent === undefined ? [] : stackOf(node.parent));
    keys.add(keyOf(node.callFrame));
    stackKeys.set(id, keys);
    return keys;
  };
  let first = 0;
  if (opts.fromFirst) {
    const name = opts.fromFirst;
    first = profile.samples.findIndex((id) => [...stackOf(id)].some((k) => k.startsWith(`${name}|`)));
    if (first < 0) throw new Error(`no sample inside ${name}`);
  }
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the time of a sample is the next delta (V8's own reading).
  for (let i = first; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, { us: number; category: string; name: string; place: string }>();
  for (const [id, us] of selfUs) {
    const f = byId.get(id)!.callFrame;
    const category = categoryOf(f);
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    const key = keyOf(f);
    const entry = byFunction.get(key) ?? { us: 0, category, name: f.functionName || '(anonymous)', place: placeOf(f) };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const idle = byCategory.get('idle') ?? 0;
  const busy = totalUs - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const ms = (us: number) => (us / 1000).toFixed(0);
  const lines = [
    `# ${opts.title}`,
    '',
    `Sampled ${ms(totalUs)} ms, of which busy ${ms(busy)} ms (idle ${ms(idle)} ms). Percentages are of busy time, by self time (where the sample was, not who called).`,
    '',
    '| category | self ms | share of busy |',
    '| --- | ---: | ---: |',
  ];
  for (const [name, us] of [...byCategory].filter(([n]) => n !== 'idle').sort((a, b) => b[1] - a[1])) lines.push(`| ${name} | ${ms(us)} | ${pct(us)} |`);
  lines.push('', `## Top ${opts.top} functions by self time`, '', '| function | where | category | self ms | share |', '| --- | --- | --- | ---: | ---: |');
  const top = [...byFunction.values()].filter((f) => f.category !== 'idle').sort((a, b) => b.us - a.us).slice(0, opts.top);
  const row = (f: { name: string; place: string; category: string; us: number }) =>
    `| \`${f.name.replace(/\|/g, '\\|')}\` | ${f.place.replace(/\|/g, '\\|')} | ${f.category} | ${ms(f.us)} | ${pct(f.us)} |`;
  for (const f of top) lines.push(row(f));
  // Inclusive: every function on the sample's stack gets the sample's time once.
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) for (const key of stackOf(id)) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  const frames = new Map(profile.nodes.map((n) => [keyOf(n.callFrame), n.callFrame]));
  const skip = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);
  lines.push('', `## Top ${opts.top} functions by inclusive time`, '', '| function | where | category | total ms | share |', '| --- | --- | --- | ---: | ---: |');
  const topInclusive = [...inclusive]
    .map(([key, us]) => ({ f: frames.get(key)!, us }))
    .filter(({ f }) => !skip.has(f.functionName) && f.url !== '')
    .sort((a, b) => b.us - a.us)
    .slice(0, opts.top);
  for (const { f, us } of topInclusive) lines.push(row({ name: f.functionName || '(anonymous)', place: placeOf(f), category: categoryOf(f), us }));
  return `${lines.join('\n')}\n`;
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  id: number;
  children: HeapNode[];
}

/** Bytes allocated by category and function (a sampling heap profile's tree: `selfSize` per call path). */
export function summarizeHeap(profile: { head: HeapNode }, opts: { top: number; title: string }): string {
  const byCategory = new Map<string, number>();
  const self = new Map<string, { bytes: number; f: CallFrame }>();
  const inclusive = new Map<string, { bytes: number; f: CallFrame }>();
  let total = 0;
  // Returns the subtree's bytes; a function on the path more than once counts once (`onPath`).
  const walk = (node: HeapNode, onPath: Set<string>): number => {
    const key = keyOf(node.callFrame);
    const entry = self.get(key) ?? { bytes: 0, f: node.callFrame };
    entry.bytes += node.selfSize;
    self.set(key, entry);
    total += node.selfSize;
    const category = categoryOf(node.callFrame);
    byCategory.set(category, (byCategory.get(category) ?? 0) + node.selfSize);
    const added = !onPath.has(key);
    if (added) onPath.add(key);
    let bytes = node.selfSize;
    for (const child of node.children) bytes += walk(child, onPath);
    if (added) {
      onPath.delete(key);
      const inc = inclusive.get(key) ?? { bytes: 0, f: node.callFrame };
      inc.bytes += bytes;
      inclusive.set(key, inc);
    }
    return bytes;
  };
  walk(profile.head, new Set());
  const mb = (b: number) => (b / 1048576).toFixed(1);
  const pct = (b: number) => `${((100 * b) / total).toFixed(1)} %`;
  const row = (f: CallFrame, bytes: number) =>
    `| \`${(f.functionName || '(anonymous)').replace(/\|/g, '\\|')}\` | ${placeOf(f).replace(/\|/g, '\\|')} | ${categoryOf(f)} | ${mb(bytes)} | ${pct(bytes)} |`;
  const lines = [`# ${opts.title}`, '', `Sampled allocations: ${mb(total)} MB in all (an estimate from the samples). Percentages are of that.`, '', '| category | self MB | share |', '| --- | ---: | ---: |'];
  for (const [name, b] of [...byCategory].sort((a, b) => b[1] - a[1])) lines.push(`| ${name} | ${mb(b)} | ${pct(b)} |`);
  lines.push('', `## Top ${opts.top} functions by bytes allocated (self)`, '', '| function | where | category | self MB | share |', '| --- | --- | --- | ---: | ---: |');
  for (const { f, bytes } of [...self.values()].sort((a, b) => b.bytes - a.bytes).slice(0, opts.top)) lines.push(row(f, bytes));
  const skip = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);
  lines.push('', `## Top ${opts.top} functions by bytes allocated with their callees (inclusive)`, '', '| function | where | category | MB | share |', '| --- | --- | --- | ---: | ---: |');
  const top = [...inclusive.values()].filter(({ f }) => !skip.has(f.functionName) && f.url !== '').sort((a, b) => b.bytes - a.bytes);
  for (const { f, bytes } of top.slice(0, opts.top)) lines.push(row(f, bytes));
  return `${lines.join('\n')}\n`;
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string' }, title: { type: 'string' }, out: { type: 'string' }, 'from-first': { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile|FILE.heapprofile [--top N] [--title TEXT] [--out FILE.md] [--from-first FUNCTION]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile | { head: HeapNode };
  const top = Number(values.top ?? 30);
  const md =
    'head' in profile
      ? summarizeHeap(profile, { top, title: values.title ?? 'Heap allocation profile summary' })
      : summarize(profile, { top, title: values.title ?? 'CPU profile summary', fromFirst: values['from-first'] });
  if (values.out) writeFileSync(values.out, md);
  else process.stdout.write(md);
}

if (require.main === module) main();
