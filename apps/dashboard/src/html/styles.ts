/** The only stylesheet, served at STYLESHEET_PATH (a file of its own, so the CSP needs no 'unsafe-inline'). */
export const STYLESHEET_PATH = '/assets/dashboard.css';

export const STYLESHEET = `
:root { color-scheme: light; --fg: #1d232b; --muted: #5c6773; --line: #d8dde3; --bg: #f6f7f9;
  --bad: #b42318; --warn: #b54708; --good: #067647; --accent: #1b5fb4; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { background: #17202b; color: #fff; padding: 0 16px; display: flex; align-items: center; gap: 24px; }
header .brand { font-weight: 600; padding: 12px 0; }
header nav { display: flex; gap: 4px; flex-wrap: wrap; }
header nav a { color: #c9d3df; text-decoration: none; padding: 12px 10px; display: inline-block; }
header nav a[aria-current="page"] { color: #fff; box-shadow: inset 0 -3px 0 #5aa0ff; }
header .actor { margin-left: auto; color: #c9d3df; font-size: 12px; }
main { padding: 16px; max-width: 1400px; }
h1 { font-size: 20px; margin: 4px 0 12px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); margin-bottom: 12px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: #fff; border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 360px; margin: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); padding: 10px 12px; }
.card h2 { margin-top: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; background: #e4e7ec; }
.badge.healthy, .badge.applied, .badge.noop { background: #dcfae6; color: var(--good); }
.badge.degraded, .badge.parked, .badge.waiting, .badge.retried, .badge.planned, .badge.pending { background: #fef0c7; color: var(--warn); }
.badge.offline, .badge.dead-lettered, .badge.blocked, .badge.failed { background: #fee4e2; color: var(--bad); }
.notice { background: #eff8ff; border: 1px solid #b2ddff; padding: 8px 12px; margin-bottom: 12px; }
.error { background: #fef3f2; border: 1px solid #fecdca; padding: 8px 12px; margin-bottom: 12px; }
.muted { color: var(--muted); }
form.inline { display: inline; margin: 0; }
form.filters { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; margin-bottom: 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
input, select, button { font: inherit; padding: 4px 8px; border: 1px solid #b8c0ca; border-radius: 4px; background: #fff; }
button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
a { color: var(--accent); }
`;
