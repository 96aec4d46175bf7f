import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** The parts of a `.cpuprofile` (V8's format, written by `node --cpu-prof`) that the summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function comes from: a package, a workspace package, Node's internals, or V8's own entries. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName.replaceAll(/[()]/g, '') || 'native'})`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const workspace = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return workspace ? `@wfm-sync/${workspace[2]}` : url;
}

export interface CostLine {
  name: string;
  selfMs: number;
  share: number;
}

export interface SummaryOptions {
  /** Lines per table. @defaultValue 25 */
  top?: number;
  /** Count only the samples from the first one under a function of this name on (leaves start-up out). */
  after?: string;
  /** Also the inclusive time (every sample under them) of the functions whose `name url` matches. */
  inclusive?: RegExp;
}

export interface ProfileSummary {
  totalMs: number;
  /** The time counted: from `after`'s first sample to the end. */
  countedMs: number;
  /** Of the counted time, neither idle nor "(program)": JavaScript, the runtime and GC. */
  busyMs: number;
  byPackage: CostLine[];
  byFunction: CostLine[];
  inclusive?: CostLine[];
}

const isIdle = (name: string) => name === '(idle)' || name === '(program)';

/** Self time by package and by function, largest first, as shares of the busy time. */
export function summarizeProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const top = options.top ?? 25;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const framesOf = (id: number) => {
    const frames: CpuProfile['nodes'][number]['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame) frames.push(frame);
    }
    return frames;
  };
  const after = options.after;
  const first =
    after === undefined
      ? 0
      : profile.samples.findIndex((id) => framesOf(id).some((f) => f.functionName === after));
  const selfUs = new Map<number, number>();
  let countedUs = 0;
  profile.samples.forEach((id, i) => {
    if (first < 0 || i < first) return;
    const us = profile.timeDeltas[i] ?? 0;
    countedUs += us;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  });
  const label = (frame: { functionName: string; url: string; lineNumber: number }) => {
    const file = frame.url.split('/').slice(-2).join('/');
    return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
  };
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || isIdle(frame.functionName)) continue;
    busyUs += us;
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    functions.set(label(frame), (functions.get(label(frame)) ?? 0) + us);
    if (options.inclusive) {
      const names = new Set(
        framesOf(id)
          .filter((f) => options.inclusive?.test(`${f.functionName} ${f.url}`))
          .map(label),
      );
      for (const name of names) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const lines = (costs: Map<string, number>) =>
    [...costs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }));
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    countedMs: countedUs / 1000,
    busyMs: busyUs / 1000,
    byPackage: lines(packages),
    byFunction: lines(functions),
    ...(options.inclusive ? { inclusive: lines(inclusive) } : {}),
  };
}

function render(file: string, summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const table = (title: string, column: string, rows: CostLine[]) => [
    `| ${title} | ${column} ms | share of busy |`,
    '|---|---|---|',
    ...rows.map((r) => `| ${r.name.replaceAll('|', '/')} | ${Math.round(r.selfMs)} | ${pct(r.share)} |`),
    '',
  ];
  return [
    `${file}: ${Math.round(summary.totalMs)} ms profiled, ${Math.round(summary.countedMs)} ms counted, ${Math.round(summary.busyMs)} ms of it busy (not idle)`,
    '',
    ...(summary.inclusive ? table('function (inclusive)', 'total', summary.inclusive) : []),
    ...table('package', 'self', summary.byPackage),
    ...table('function', 'self', summary.byFunction),
  ].join('\n');
}

const USAGE = `usage: node apps/bench/dist/ingest/cpu-profile-summary.js FILE.cpuprofile [--top N] [--after FUNCTION] [--inclusive REGEX]
The top self costs by package and by function, as Markdown. --after leaves out the samples before the first one
under FUNCTION (e.g. handleWebhook: start-up); --inclusive adds the total time under the functions whose
"name url" matches.
`;

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' }, after: { type: 'string' }, inclusive: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarizeProfile(profile, {
    top: Number(values.top ?? 25),
    ...(values.after ? { after: values.after } : {}),
    ...(values.inclusive ? { inclusive: new RegExp(values.inclusive) } : {}),
  });
  process.stdout.write(`${render(file, summary)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
