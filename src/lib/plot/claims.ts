/**
 * Recorded claims: a notebook states what it measured as data, not only as prose, so the workbook
 * runner can collect every notebook's results (out/results.json) and a test can check that each
 * headline still points the way the notebook says. The first claim recorded in a kernel is the
 * notebook's headline.
 *
 *   claim({ id: 'distill-helps', text: 'the distilled student makes fewer errors than the student alone',
 *           measured: distilledErrors, expected: '<', against: studentErrors, spread: sd });
 *   showClaims();   // the table at the end of the notebook
 */
import { check, WorkbookError } from '../errors';
import { showHtml } from './show';
import { checkArray, checkObject } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

export const CLAIM_EXPECTATIONS = ['>', '<', '≈'] as const;
export type ClaimExpectation = (typeof CLAIM_EXPECTATIONS)[number];

const CLAIM_OPTIONS = defineOptions('makeClaim', {
  /** Short stable name, unique within the notebook (letters, digits, '-', '_'). */
  id: required<string>(),
  /** The claim as a sentence a reader can check against the numbers. */
  text: required<string>(),
  /** The measured value (e.g. mean test accuracy with the technique). */
  measured: required<number>(),
  /** How `measured` should compare with `against`. */
  expected: required<ClaimExpectation>(),
  /** The value it is compared with (the baseline, or a target). */
  against: required<number>(),
  /** For '≈': the largest |measured − against| that still counts as equal (required for '≈'). */
  tolerance: undefined as number | undefined,
  /** Optional spread of the measurement (e.g. sd across seeds), shown beside it. */
  spread: undefined as number | undefined,
  /** Optional unit shown with the numbers ('%', 'errors', 'ms', '×'). */
  unit: undefined as string | undefined,
});

export type ClaimOptions = OptionsOf<typeof CLAIM_OPTIONS>;

export interface Claim extends ClaimOptions {
  /** Whether the measurement points the way the claim says. */
  holds: boolean;
}

const KEYS: readonly string[] = ['id', 'text', 'measured', 'expected', 'against', 'tolerance', 'spread', 'unit'];
const recorded: Claim[] = [];

/** Whether `measured expected against` holds (ties do not count for '>' or '<'). */
export function claimHolds(measured: number, expected: ClaimExpectation, against: number, tolerance = 0): boolean {
  if (expected === '>') return measured > against;
  if (expected === '<') return measured < against;
  return Math.abs(measured - against) <= tolerance;
}

/** Checks a claim's fields and computes whether it holds, without recording it. */
export function makeClaim(options: ClaimOptions): Claim {
  options = CLAIM_OPTIONS.read(options);
  const where = 'claim';
  check(
    options != null && typeof options === 'object' && !Array.isArray(options),
    where,
    'options',
    options,
    'an object',
  );
  for (const key of Object.keys(options))
    check(KEYS.includes(key), where, 'options', key, `known keys: ${KEYS.join(', ')}`);
  const { id, text, measured, expected, against, tolerance, spread, unit } = options;
  check(
    typeof id === 'string' && /^[\w-]+$/.test(id),
    where,
    'id',
    id,
    "a non-empty string of letters, digits, '-', '_'",
  );
  check(typeof text === 'string' && text.trim().length > 0, where, 'text', text, 'a non-empty sentence');
  check(typeof measured === 'number' && Number.isFinite(measured), where, 'measured', measured, 'a finite number');
  check(CLAIM_EXPECTATIONS.includes(expected as ClaimExpectation), where, 'expected', expected, "one of '>', '<', '≈'");
  check(typeof against === 'number' && Number.isFinite(against), where, 'against', against, 'a finite number');
  if (expected === '≈') {
    check(
      typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance >= 0,
      where,
      'tolerance',
      tolerance,
      "a finite number ≥ 0 (required when expected is '≈')",
    );
  } else if (tolerance !== undefined) {
    throw new WorkbookError(where, 'tolerance', tolerance, "only with expected '≈'");
  }
  if (spread !== undefined)
    check(
      typeof spread === 'number' && Number.isFinite(spread) && spread >= 0,
      where,
      'spread',
      spread,
      'a finite number ≥ 0',
    );
  if (unit !== undefined) check(typeof unit === 'string', where, 'unit', unit, 'a string');
  const holds = claimHolds(measured, expected, against, tolerance);
  const out: Claim = { id, text, measured, expected, against, holds };
  if (tolerance !== undefined) out.tolerance = tolerance;
  if (spread !== undefined) out.spread = spread;
  if (unit !== undefined) out.unit = unit;
  return out;
}

/** Records a measured claim (replacing an earlier one with the same id) and returns it. */
export function claim(options: ClaimOptions): Claim {
  options = CLAIM_OPTIONS.read(options, 'claim');
  const c = makeClaim(options);
  const i = recorded.findIndex((r) => r.id === c.id);
  if (i >= 0) recorded[i] = c;
  else recorded.push(c);
  return c;
}

/** The claims recorded so far in this process (the first is the headline). */
export function claims(): readonly Claim[] {
  return recorded.slice();
}

/** Forgets every recorded claim (tests; a notebook re-run from the top starts a fresh kernel). */
export function clearClaims(): void {
  recorded.length = 0;
}

/** Marks the machine-readable copy inside the HTML output; the workbook runner looks for it. */
export const CLAIMS_MARKER = 'data-workbook-claims';

function num(v: number, unit = ''): string {
  const s = Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);
  return unit ? `${s}${unit === '%' || unit === '×' ? '' : ' '}${unit}` : s;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One row's readable comparison, e.g. "97.1% ± 0.3 > 95.2%". */
export function claimComparison(c: Claim): string {
  checkObject('claimComparison', 'c', c);
  for (const key of ['measured', 'against'] as const)
    check(typeof c[key] === 'number', 'claimComparison', `c.${key}`, c[key], 'a number');
  check(c.spread === undefined || typeof c.spread === 'number', 'claimComparison', 'c.spread', c.spread, 'a number');
  check(
    c.tolerance === undefined || typeof c.tolerance === 'number',
    'claimComparison',
    'c.tolerance',
    c.tolerance,
    'a number',
  );
  const spread = c.spread !== undefined ? ` ± ${num(c.spread)}` : '';
  const tol = c.expected === '≈' ? ` (± ${num(c.tolerance ?? 0)})` : '';
  return `${num(c.measured, c.unit)}${spread} ${c.expected} ${num(c.against, c.unit)}${tol}`;
}

/**
 * Shows the recorded claims as a table (HTML in a notebook, text in a terminal). The HTML carries a
 * JSON copy in a <script type="application/json"> element that browsers do not render; the runner
 * reads it from the executed notebook.
 */
export function showClaims(list: readonly Claim[] = recorded): void {
  if (list !== undefined) checkArray('showClaims', 'list', list, { nonEmpty: false });
  const rows = list.map(
    (c) =>
      `<tr><td>${c.holds ? '✓' : '✗'}</td><td>${escapeHtml(c.text)}</td><td style="white-space:nowrap">${escapeHtml(claimComparison(c))}</td></tr>`,
  );
  const json = JSON.stringify(list).replace(/</g, '\\u003c');
  const held = list.filter((c) => c.holds).length;
  const html =
    `<b>Claims: ${held} of ${list.length} hold</b><table><thead><tr><th></th><th>claim</th><th>measured</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table><script type="application/json" ${CLAIMS_MARKER}>${json}</script>`;
  const text = [
    `Claims: ${held} of ${list.length} hold`,
    ...list.map((c) => `  ${c.holds ? '✓' : '✗'} ${c.text}: ${claimComparison(c)}`),
  ].join('\n');
  showHtml(html, text);
}

/** Reads the claims that showClaims wrote into an executed notebook's outputs (the last table wins). */
export function readClaims(notebook: { cells?: { outputs?: { data?: Record<string, unknown> }[] }[] }): Claim[] {
  checkObject('readClaims', 'notebook', notebook);
  check(
    notebook.cells === undefined || Array.isArray(notebook.cells),
    'readClaims',
    'notebook.cells',
    notebook.cells,
    'an array of cells (a parsed .ipynb)',
  );
  let found: Claim[] = [];
  const re = new RegExp(`<script type="application/json" ${CLAIMS_MARKER}>([\\s\\S]*?)</script>`);
  for (const cell of notebook.cells ?? []) {
    for (const out of cell.outputs ?? []) {
      const html = out.data?.['text/html'];
      const text = Array.isArray(html) ? html.join('') : typeof html === 'string' ? html : '';
      const m = re.exec(text);
      if (m) found = JSON.parse(m[1]) as Claim[];
    }
  }
  return found;
}
