/**
 * The one place that renders figures. In a tslab notebook it emits HTML that draws the figure
 * with plotly; the plotly bundle is embedded once per notebook (kernel process), never fetched,
 * so exported HTML works offline. Outside a notebook it prints a short text summary.
 */
import * as fs from 'fs';
import { Figure } from './figures';
import { checkArray, checkFigure, checkObject, checkString } from '../validate';

type Display = { html(s: string): void; text(s: string): void };

/** True inside a running tslab kernel (the only place tslab's display works). */
export function inNotebook(): boolean {
  try {
    const jupyter = require('tslab/dist/jupyter');
    return jupyter.lastWriteDisplayData != null;
  } catch {
    return false;
  }
}

let bundleSent = false;
let counter = 0;

/** The plotly bundle as a script tag, the first time only. UMD would pick AMD if a page has
 * require.js (classic notebook), so `define` is hidden to make it set window.Plotly. */
function bundleOnce(): string {
  if (bundleSent) return '';
  bundleSent = true;
  const src = fs.readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
  // data-workbook marks it for the site export, which swaps it for one shared out/plotly.min.js.
  return `<script type="text/javascript" data-workbook="plotly-bundle">(function(){var define=undefined,module=undefined,exports=undefined;\n${src}\n}).call(window);</script>`;
}

/** HTML that draws `figure` into a fresh div. */
export function figureHtml(figure: Figure, id = `wb-plot-${process.pid}-${++counter}`): string {
  checkFigure('figureHtml', 'figure', figure);
  if (id !== undefined) checkString('figureHtml', 'id', id, false);
  const json = JSON.stringify({ data: figure.data, layout: figure.layout }).replace(/</g, '\\u003c');
  return (
    `<div id="${id}"></div><script type="text/javascript">(function(){var f=${json};` +
    `function draw(){if(window.Plotly){window.Plotly.react("${id}",f.data,f.layout,{displaylogo:false,responsive:true});}else{setTimeout(draw,50);}}draw();})();</script>`
  );
}

/** A short terminal description of a figure: its title and each trace's last value. */
export function figureText(figure: Figure): string {
  checkFigure('figureText', 'figure', figure);
  const title = (figure.layout.title as { text?: string } | undefined)?.text ?? 'figure';
  const lines = figure.data.map((d) => {
    const y = d.y as unknown[] | undefined;
    const last = Array.isArray(y) && y.length ? y[y.length - 1] : undefined;
    return `  ${d.type}${d.name ? ` "${d.name}"` : ''}${Array.isArray(y) ? `: ${y.length} points, last ${typeof last === 'number' ? last.toPrecision(4) : String(last)}` : ''}`;
  });
  return [`[${title}]`, ...lines].join('\n');
}

function tslabDisplay(fresh: boolean): Display {
  const tslab = require('tslab');
  return fresh ? tslab.newDisplay() : tslab.display;
}

/** Shows a figure: plotly in a notebook, a text summary in a terminal. */
export function show(figure: Figure): void {
  checkFigure('show', 'figure', figure);
  if (inNotebook()) tslabDisplay(false).html(bundleOnce() + figureHtml(figure));
  else console.log(figureText(figure));
}

/** Shows an HTML table (or any HTML) in a notebook; plain text in a terminal. */
export function showHtml(html: string, text: string = html.replace(/<[^>]+>/g, ' ')): void {
  checkString('showHtml', 'html', html, false);
  if (text !== undefined) checkString('showHtml', 'text', text, false);
  if (inNotebook()) tslabDisplay(false).html(html);
  else console.log(text);
}

/** A figure that can be redrawn in place (live training curves). */
export interface LiveFigure {
  update(figure: Figure, extraHtml?: string): void;
}

/** One output that each update overwrites (tslab.newDisplay); a no-op handle outside a notebook. */
export function liveFigure(): LiveFigure {
  if (!inNotebook()) return { update: () => undefined };
  // The bundle goes in its own output: later updates replace the live output's whole content, and a
  // bundle sent only with the first update would be gone from the saved notebook.
  const prefix = bundleOnce();
  if (prefix) tslabDisplay(false).html(prefix);
  const display = tslabDisplay(true);
  const id = `wb-live-${process.pid}-${++counter}`;
  return {
    update(figure, extraHtml = '') {
      display.html(extraHtml + figureHtml(figure, id));
    },
  };
}

/** Renders rows as an HTML table (a plain-text table in a terminal). */
export function showTable(rows: Record<string, unknown>[], title?: string): void {
  checkArray('showTable', 'rows', rows, { nonEmpty: false });
  if (title !== undefined) checkString('showTable', 'title', title, false);
  if (rows.length === 0) return showHtml('<i>(no rows)</i>', '(no rows)');
  const cols = Object.keys(rows[0]);
  const fmt = (v: unknown) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v);
  const html =
    `${title ? `<b>${title}</b>` : ''}<table><thead><tr>${cols.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${cols.map((c) => `<td>${fmt(r[c])}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>';
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => fmt(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ');
  const text = [title ?? '', line(cols), ...rows.map((r) => line(cols.map((c) => fmt(r[c]))))]
    .filter(Boolean)
    .join('\n');
  showHtml(html, text);
}
