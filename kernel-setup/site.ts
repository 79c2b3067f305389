/**
 * The workbook as a small offline site in out/: a landing page with one card per notebook (title,
 * one-sentence summary, headline claim, time, status), previous/index/next links on every page,
 * one stylesheet and one shared plotly bundle that the pages load by relative path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Claim, claimComparison } from '../src/lib/plot/claims';

export const PLOTLY_FILE = 'plotly.min.js';
export const STYLE_FILE = 'site.css';

export interface NotebookInfo {
  name: string;
  title: string;
  summary: string;
}

/** What the landing page shows of one notebook's latest run. */
export interface PageResult {
  name: string;
  ok: boolean;
  seconds: number;
  cell?: number | null;
  error?: string;
  claims: Claim[];
  /** When it ran, if not in this run. */
  ranAt?: string;
}

const cellText = (source: unknown): string => (Array.isArray(source) ? source.join('') : String(source ?? ''));

/** Title (first markdown heading) and summary (first sentence of the first paragraph) of a notebook. */
export function notebookInfo(file: string): NotebookInfo {
  const name = path.basename(file, '.ipynb');
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: unknown }[] };
  const lines = nb.cells
    .filter((c) => c.cell_type === 'markdown')
    .map((c) => cellText(c.source))
    .join('\n\n')
    .split('\n');
  const heading = lines.findIndex((l) => /^#\s+\S/.test(l));
  const title = heading >= 0 ? lines[heading].replace(/^#\s+/, '').trim() : name;
  const paragraph: string[] = [];
  for (const line of lines.slice(heading + 1)) {
    if (/^\s*$/.test(line) || /^#/.test(line)) {
      if (paragraph.length) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  return { name, title, summary: firstSentence(paragraph.join(' ')) };
}

/** The first sentence: up to a full stop followed by a capital (so "e.g. the" does not end it);
 * a short opening question ("How many epochs?") takes the next sentence with it. */
export function firstSentence(text: string, minLength = 40): string {
  const sentences = text.match(/.+?[.!?](?=\s+[A-Z(“"'*_`]|\s*$)|.+$/g) ?? [text];
  let out = '';
  for (const s of sentences) {
    out += s;
    if (out.trim().length >= minLength) break;
  }
  return out.trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Markdown's inline `code`, *emphasis* and [links](url) as HTML (the summaries use nothing else). */
function inlineMarkdown(s: string): string {
  return escapeHtml(s)
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=[^\w*]|$)/g, '$1<em>$2</em>');
}

/** Copies plotly's bundle to out/ (once) and writes the stylesheet. */
export function writeSiteAssets(out: string): void {
  const plotly = require.resolve('plotly.js-dist-min/plotly.min.js');
  const target = path.join(out, PLOTLY_FILE);
  if (!fs.existsSync(target) || fs.statSync(target).size !== fs.statSync(plotly).size) fs.copyFileSync(plotly, target);
  fs.writeFileSync(path.join(out, STYLE_FILE), STYLE);
}

/** Previous / index / next links for notebook `name` among `infos` (in reading order). */
export function navHtml(name: string, infos: NotebookInfo[]): string {
  const i = infos.findIndex((n) => n.name === name);
  const link = (n: NotebookInfo | undefined, rel: string, arrow: string) =>
    n
      ? `<a rel="${rel}" href="${n.name}.html">${rel === 'prev' ? `${arrow} ` : ''}${escapeHtml(n.title)}${rel === 'next' ? ` ${arrow}` : ''}</a>`
      : '<span></span>';
  return `<nav class="wb-nav">${link(infos[i - 1], 'prev', '←')}<a href="index.html">Contents</a>${link(infos[i + 1], 'next', '→')}</nav>`;
}

/** Adds the stylesheet and the navigation (top and bottom) to an exported notebook page. */
export function decoratePage(htmlFile: string, nav: string): void {
  let html = fs.readFileSync(htmlFile, 'utf8');
  if (html.includes('class="wb-nav"')) return;
  html = html.replace('</head>', `<link rel="stylesheet" href="${STYLE_FILE}">\n</head>`);
  html = html.replace(/<body([^>]*)>/, (m) => `${m}\n${nav}`);
  html = html.replace('</body>', `${nav}\n</body>`);
  fs.writeFileSync(htmlFile, html);
}

function headline(r: PageResult | undefined): string {
  const c = r?.claims[0];
  if (!c) return `<p class="wb-headline wb-none">${r ? 'No recorded claim.' : ''}</p>`;
  return (
    `<p class="wb-headline ${c.holds ? 'wb-holds' : 'wb-fails'}"><span class="wb-mark">${c.holds ? '✓' : '✗'}</span> ` +
    `${escapeHtml(c.text)}<br><span class="wb-numbers">measured ${escapeHtml(claimComparison(c))}</span></p>`
  );
}

function status(r: PageResult | undefined): string {
  if (!r) return '<span class="wb-status">not run yet</span>';
  const when = r.ranAt ? ` · earlier run (${r.ranAt.slice(0, 16).replace('T', ' ')} UTC)` : '';
  const claims = r.claims.length ? ` · ${r.claims.filter((c) => c.holds).length}/${r.claims.length} claims hold` : '';
  if (!r.ok)
    return `<span class="wb-status wb-fails">failed at cell ${r.cell ?? '?'}: ${escapeHtml((r.error ?? '').split('\n')[0])}</span>${when}`;
  return `<span class="wb-status">ran in ${r.seconds.toFixed(0)} s${claims}${when}</span>`;
}

/** out/index.html: the workbook's title and purpose, then one card per notebook. */
export function writeLandingPage(
  out: string,
  infos: NotebookInfo[],
  results: Map<string, PageResult>,
  about: { description: string; machine: string; generated: string },
): void {
  const cards = infos.map((n) => {
    const r = results.get(n.name);
    const link = fs.existsSync(path.join(out, `${n.name}.html`))
      ? `<a href="${n.name}.html">${escapeHtml(n.title)}</a>`
      : escapeHtml(n.title);
    return (
      `<article class="wb-card"><h2><span class="wb-num">${escapeHtml(n.name.split('-')[0])}</span> ${link}</h2>` +
      `<p>${inlineMarkdown(n.summary)}</p>${headline(r)}<p class="wb-meta">${status(r)}</p></article>`
    );
  });
  const runs = [...results.values()];
  const held = runs.flatMap((r) => r.claims).filter((c) => c.holds).length;
  const total = runs.flatMap((r) => r.claims).length;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>tfjs-workbook</title><link rel="stylesheet" href="${STYLE_FILE}"></head>
<body class="wb-index"><main>
<h1>tfjs-workbook</h1>
<p class="wb-lede">${escapeHtml(about.description)} Each notebook below teaches one training technique with real training on real data; it was executed headless through Jupyter with the project's TypeScript kernel, and its pages work offline.</p>
<p>The headline under each notebook is the first claim it recorded: what it measured with the technique against what it compares with, ✓ when the measurement points the way the notebook says, ✗ when it does not. ${total} claim${total === 1 ? '' : 's'} recorded, ${held} hold${held === 1 ? 's' : ''}. Generated ${escapeHtml(about.generated.slice(0, 16).replace('T', ' '))} UTC on ${escapeHtml(about.machine)}.</p>
${cards.join('\n')}
</main></body></html>
`;
  fs.writeFileSync(path.join(out, 'index.html'), html);
}

const STYLE = `/* tfjs-workbook site: the landing page and the navigation bars on notebook pages. */
.wb-index { margin: 0; background: #fafafa; color: #222; font: 17px/1.6 Georgia, "Iowan Old Style", "Palatino Linotype", serif; }
.wb-index main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
.wb-index h1 { font: 600 2.2rem/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 0 .75rem; }
.wb-lede { font-size: 1.1rem; }
.wb-card { background: #fff; border: 1px solid #e3e3e3; border-radius: 8px; padding: .9rem 1.2rem; margin: 1.1rem 0; }
.wb-card h2 { font: 600 1.2rem/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 0 .35rem; }
.wb-card h2 a { color: #1a4e8a; text-decoration: none; }
.wb-card h2 a:hover { text-decoration: underline; }
.wb-card p { margin: .35rem 0; }
.wb-num { color: #888; font-variant-numeric: tabular-nums; margin-right: .3rem; }
.wb-headline { border-left: 3px solid #ccc; padding-left: .7rem; }
.wb-holds { border-color: #2e7d32; }
.wb-fails { border-color: #c62828; color: #c62828; }
.wb-mark { font-weight: bold; }
.wb-numbers, .wb-meta { font: .85rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #555; }
.wb-index code { font-size: .9em; background: #f0f0f0; padding: 0 .2em; border-radius: 3px; }
.wb-nav { display: flex; justify-content: space-between; gap: 1rem; max-width: 1100px; margin: .5rem auto; padding: .6rem 1rem;
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; border-bottom: 1px solid #e3e3e3; }
.wb-nav a { color: #1a4e8a; text-decoration: none; }
.wb-nav a:hover { text-decoration: underline; }
body.jp-Notebook, .jp-Notebook { max-width: 1100px; margin-left: auto; margin-right: auto; }
`;
