import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The parts of a `.cpuprofile` (V8's format, written by `node --cpu-prof`) that the summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CostLine {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Not idle, not "(program)": time in JavaScript, the runtime and GC. */
  busyMs: number;
  byPackage: CostLine[];
  byFunction: CostLine[];
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

/** Self time by package and by function, largest first, as shares of the busy time. */
export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    busyUs += us;
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const file = frame.url.split('/').slice(-2).join('/');
    const name =
      `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const lines = (costs: Map<string, number>) =>
    [...costs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }));
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    byPackage: lines(packages),
    byFunction: lines(functions),
  };
}

function render(file: string, summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const table = (title: string, rows: CostLine[]) => [
    `| ${title} | self ms | share of busy |`,
    '|---|---|---|',
    ...rows.map((r) => `| ${r.name.replaceAll('|', '/')} | ${Math.round(r.selfMs)} | ${pct(r.share)} |`),
  ];
  return [
    `${file}: ${Math.round(summary.totalMs)} ms profiled, ${Math.round(summary.busyMs)} ms busy (not idle)`,
    '',
    ...table('package', summary.byPackage),
    '',
    ...table('function', summary.byFunction),
  ].join('\n');
}

/** `node apps/bench/dist/ingest/cpu-profile-summary.js FILE.cpuprofile [TOP]`: the top self costs, as Markdown. */
function main(): void {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node apps/bench/dist/ingest/cpu-profile-summary.js FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${render(file, summarizeProfile(profile, Number(top ?? 25)))}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
