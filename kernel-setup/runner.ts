/**
 * Runs notebooks headless through real Jupyter (nbclient) with this checkout's kernel and writes
 * executed notebooks, offline HTML pages, the landing page and results.json to out/ (site.ts).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Claim, readClaims } from '../src/lib/plot/claims';
import { ensureJupyter, jupyterEnv, KERNEL_NAME, ROOT, writeKernelSpec } from './jupyter';
import {
  decoratePage,
  navHtml,
  NotebookInfo,
  notebookInfo,
  PageResult,
  writeLandingPage,
  writeSiteAssets,
} from './site';

export const NOTEBOOK_DIR = path.join(ROOT, 'notebooks');
export const OUT_DIR = path.join(ROOT, 'out');

export interface NotebookResult {
  name: string;
  ok: boolean;
  seconds: number;
  cell?: number | null;
  error?: string;
  /** The claims the notebook recorded with showClaims (empty if none or if it failed first). */
  claims: Claim[];
}

/** Notebook names (without .ipynb) in run order. */
export function listNotebooks(dir = NOTEBOOK_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .map((f) => f.slice(0, -6))
    .sort();
}

/** Resolves user-given names ("00-getting-started", "getting-started", "00") or throws listing them. */
export function resolveNotebooks(requested: string[], dir = NOTEBOOK_DIR): string[] {
  const all = listNotebooks(dir);
  if (requested.length === 0) return all;
  return requested.map((r) => {
    const want = r.replace(/\.ipynb$/, '').replace(/^notebooks\//, '');
    const hit =
      all.find((n) => n === want) ??
      all.find((n) => n.replace(/^\d+-/, '') === want) ??
      all.find((n) => n.startsWith(`${want}-`));
    if (!hit) throw new Error(`No notebook named "${r}". Available:\n  ${all.join('\n  ')}`);
    return hit;
  });
}

function runOne(
  python: string,
  dir: string,
  out: string,
  name: string,
  timeoutS: number,
  infos: NotebookInfo[],
): Promise<NotebookResult> {
  const started = Date.now();
  const args = [
    path.join(ROOT, 'kernel-setup', 'run_notebook.py'),
    path.join(dir, `${name}.ipynb`),
    path.join(out, `${name}.ipynb`),
    path.join(out, `${name}.html`),
    KERNEL_NAME,
    String(timeoutS),
    dir,
  ];
  return new Promise((resolve) => {
    const child = spawn(python, args, { env: jupyterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', () => undefined);
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      const claims = claimsOf(path.join(out, `${name}.ipynb`));
      const page = path.join(out, `${name}.html`);
      if (fs.existsSync(page)) decoratePage(page, navHtml(name, infos));
      if (code === 0) return resolve({ name, ok: true, seconds, claims });
      const last = stderr
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      let detail: { cell?: number | null; error?: string } = { error: stderr.trim().split('\n').slice(-5).join('\n') };
      try {
        if (last) detail = JSON.parse(last);
      } catch {}
      resolve({ name, ok: false, seconds, claims, ...detail });
    });
  });
}

function claimsOf(executed: string): Claim[] {
  try {
    return readClaims(JSON.parse(fs.readFileSync(executed, 'utf8')));
  } catch {
    return [];
  }
}

type ResultEntry = PageResult & { ran: string };

/** The entries of an earlier out/results.json (none if absent or unreadable). */
function earlierResults(out: string): ResultEntry[] {
  try {
    return JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).notebooks ?? [];
  } catch {
    return [];
  }
}

/**
 * out/results.json: every notebook's status, time and recorded claims, with where it ran. Notebooks
 * not run this time keep their entry from an earlier run (with its `ran` time) while still listed in
 * `keep`, so running one notebook updates its entry without dropping the others.
 */
export function writeResults(out: string, results: NotebookResult[], keep: string[] = []): ResultEntry[] {
  const cpu = os.cpus();
  const now = new Date().toISOString();
  const fresh: ResultEntry[] = results.map((r) => ({
    name: r.name,
    ok: r.ok,
    seconds: Math.round(r.seconds * 10) / 10,
    ...(r.ok ? {} : { cell: r.cell, error: r.error }),
    claims: r.claims,
    ran: now,
  }));
  const carried = earlierResults(out).filter(
    (e) => keep.includes(e.name) && !fresh.some((f) => f.name === e.name) && e.ran,
  );
  const notebooks = [...fresh, ...carried].sort((a, b) => a.name.localeCompare(b.name));
  const doc = {
    generated: now,
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    notebooks,
  };
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(doc, null, 1) + '\n');
  return notebooks;
}

/** Claims counted over all notebooks: how many were recorded and how many hold. */
export function claimCounts(results: NotebookResult[]): { claims: number; held: number } {
  const all = results.flatMap((r) => r.claims);
  return { claims: all.length, held: all.filter((c) => c.holds).length };
}

/** out/index.html from results.json's entries (this run's, and earlier ones for the rest). */
function writeIndex(out: string, infos: NotebookInfo[], entries: ResultEntry[], started: string): void {
  const results = new Map(entries.map((e) => [e.name, { ...e, ranAt: e.ran < started ? e.ran : undefined }]));
  const description = (require(path.join(ROOT, 'package.json')) as { description: string }).description;
  const cpu = os.cpus();
  writeLandingPage(out, infos, results, {
    description,
    machine: `${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores)`,
    generated: new Date().toISOString(),
  });
}

export interface RunOptions {
  jobs?: number;
  timeoutS?: number;
  log?: (s: string) => void;
  /** Stop starting new notebooks after the first failure (default true). */
  stopOnFailure?: boolean;
  /** Where notebooks are read from and results written (defaults: notebooks/, out/). */
  dir?: string;
  outDir?: string;
}

/**
 * Notebooks that time how work spreads over the cores (the backend comparison, data-parallel
 * workers, the step times of compression during training, the pipeline's bubble and throughput): they run first, one at a time with nothing beside them, because a second notebook on
 * the other core would halve the speed-up they measure.
 */
export const EXCLUSIVE_NOTEBOOKS: readonly string[] = [
  '01-backends',
  '07-data-parallel',
  '23-training-time-compression',
  '25-model-parallel',
];

/** Runs the named notebooks (all when empty), `jobs` at a time (EXCLUSIVE_NOTEBOOKS alone, first). */
export async function runNotebooks(names: string[], options: RunOptions = {}): Promise<NotebookResult[]> {
  const log = options.log ?? console.log;
  const python = ensureJupyter();
  writeKernelSpec();
  const dir = options.dir ?? NOTEBOOK_DIR;
  const out = options.outDir ?? OUT_DIR;
  fs.mkdirSync(out, { recursive: true });
  writeSiteAssets(out);
  const all = listNotebooks(dir);
  const infos = all.map((n) => notebookInfo(path.join(dir, `${n}.ipynb`)));
  const startedAt = new Date().toISOString();
  const queue = resolveNotebooks(names, dir);
  const total = queue.length;
  const results: NotebookResult[] = [];
  const started = Date.now();
  let failed = false;
  const worker = (pending: string[]) => async () => {
    while (pending.length && !(failed && options.stopOnFailure !== false)) {
      const name = pending.shift()!;
      log(`[${results.length + 1}/${total}] ${name} … (elapsed ${((Date.now() - started) / 1000).toFixed(0)} s)`);
      const r = await runOne(python, dir, out, name, options.timeoutS ?? 600, infos);
      results.push(r);
      const broken = r.claims.filter((c) => !c.holds);
      if (r.ok)
        log(`  ✓ ${name} ${r.seconds.toFixed(1)} s, ${r.claims.length - broken.length}/${r.claims.length} claims hold`);
      else {
        failed = true;
        log(
          `  ✗ ${name} failed at cell ${r.cell ?? '?'}: ${r.error}\n    see ${path.relative(process.cwd(), path.join(out, `${name}.html`))}`,
        );
      }
      // A claim that does not hold is reported, not a failure: the notebook still ran.
      for (const c of broken)
        log(`    claim does not hold: ${c.id} (${c.measured} ${c.expected} ${c.against}): ${c.text}`);
    }
  };
  const alone = queue.filter((n) => EXCLUSIVE_NOTEBOOKS.includes(n));
  const shared = queue.filter((n) => !EXCLUSIVE_NOTEBOOKS.includes(n));
  await worker(alone)();
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 1) }, worker(shared)));
  results.sort((a, b) => a.name.localeCompare(b.name));
  writeIndex(out, infos, writeResults(out, results, all), startedAt);
  return results;
}
