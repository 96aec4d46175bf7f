import { html, type SafeHtml } from './html.js';
import { STYLESHEET_PATH } from './styles.js';

export const SECTIONS = [
  { path: '/', label: 'Overview' },
  { path: '/keys', label: 'Keys' },
  { path: '/trunks', label: 'Trunks' },
  { path: '/pacing', label: 'Pacing' },
  { path: '/budgets', label: 'Budgets' },
  { path: '/dead-letters', label: 'Dead letters' },
] as const;
export type SectionPath = (typeof SECTIONS)[number]['path'];

export interface PageOptions {
  title: string;
  section: SectionPath;
  actor: string;
  /** Where bull-board is mounted. */
  queueBoardPath: string;
  body: SafeHtml;
  notice?: string;
  error?: string;
}

/** The frame of every operator page: navigation, who is signed in, one notice or error, the body. No scripts. */
export function page(options: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · wfm-sync</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<header>
<span class="brand">wfm-sync</span>
<nav>
${SECTIONS.map(
  (section) =>
    html`<a href="${section.path}"${section.path === options.section ? html` aria-current="page"` : ''}>${section.label}</a>`,
)}
<a href="${options.queueBoardPath}">Queues</a>
</nav>
<span class="actor">signed in as ${options.actor}</span>
</header>
<main>
<h1>${options.title}</h1>
${options.notice === undefined ? '' : html`<p class="notice" role="status">${options.notice}</p>`}
${options.error === undefined ? '' : html`<p class="error" role="alert">${options.error}</p>`}
${options.body}
</main>
</body>
</html>
`;
}

/** A status word as a coloured badge (the class is the word itself, which the stylesheet knows). */
export function badge(word: string | null | undefined): SafeHtml {
  if (word === null || word === undefined || word === '') return html`<span class="muted">—</span>`;
  return html`<span class="badge ${word.replace(/[^a-z-]/g, '')}">${word}</span>`;
}
