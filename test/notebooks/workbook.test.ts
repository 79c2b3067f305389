/**
 * Executes every notebook through the same runner as `npm run workbook` (real Jupyter, real
 * tslab), two at a time, and checks the runner's error paths.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureJupyter, installCommand, KERNEL_DISPLAY_NAME, KERNEL_NAME, ROOT } from '../../kernel-setup/jupyter';
import {
  claimCounts,
  EXCLUSIVE_NOTEBOOKS,
  listNotebooks,
  OUT_DIR,
  resolveNotebooks,
  runNotebooks,
} from '../../kernel-setup/runner';
import { Claim } from '../../src/lib/plot/claims';
import { escapeHtml } from '../../kernel-setup/site';

test('an unknown notebook name lists the available ones', () => {
  assert.throws(
    () => resolveNotebooks(['no-such-notebook']),
    (e: Error) =>
      e.message.includes('No notebook named "no-such-notebook"') && e.message.includes('00-getting-started'),
  );
  assert.deepEqual(resolveNotebooks(['getting-started']), ['00-getting-started']);
  assert.deepEqual(resolveNotebooks(['00']), ['00-getting-started']);
});

test('the notebooks that must run alone (they time multi-core work) exist under those names', () => {
  for (const name of EXCLUSIVE_NOTEBOOKS) assert.ok(listNotebooks().includes(name), `${name} is not a notebook`);
});

test('missing Jupyter gives one message naming the fix', () => {
  const saved = process.env.WORKBOOK_PYTHON;
  process.env.WORKBOOK_PYTHON = path.join(os.tmpdir(), 'no-python-here');
  try {
    assert.throws(
      () => ensureJupyter({ install: false }),
      (e: Error) => e.message.includes('Jupyter not found') && e.message.includes(installCommand()),
    );
  } finally {
    if (saved === undefined) delete process.env.WORKBOOK_PYTHON;
    else process.env.WORKBOOK_PYTHON = saved;
  }
});

test('a failing cell fails the run, naming the notebook, cell and error', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-nb-'));
  const nb = (src: string[]) => ({
    cell_type: 'code',
    id: `c${src.length}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source: src.join('\n'),
  });
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: KERNEL_NAME, display_name: KERNEL_DISPLAY_NAME, language: 'typescript' } },
    cells: [nb(['const ok = 1;']), nb(['const x = 2;', 'throw new RangeError("deliberate failure");'])],
  };
  fs.writeFileSync(path.join(dir, 'broken.ipynb'), JSON.stringify(notebook));
  const logs: string[] = [];
  const [r] = await runNotebooks(['broken'], { dir, outDir: path.join(dir, 'out'), log: (s) => logs.push(s) });
  assert.equal(r.ok, false);
  assert.equal(r.cell, 2);
  assert.match(r.error ?? '', /RangeError: deliberate failure/);
  assert.match(logs.join('\n'), /broken failed at cell 2: RangeError: deliberate failure/);
  // Read from the cell's error output (ename, evalue and the cell line from the traceback), not stderr.
  assert.match(r.error ?? '', /\(In \[2\], line 2\)/);
  assert.ok(fs.existsSync(path.join(dir, 'out', 'broken.html')));
  fs.rmSync(dir, { recursive: true, force: true });
});

const codeCell = (id: string, src: string[]) => ({
  cell_type: 'code',
  id,
  metadata: {},
  execution_count: null,
  outputs: [],
  source: src.join('\n'),
});
const KERNELSPEC = {
  kernelspec: { name: 'tslab-workbook', display_name: 'TypeScript (tfjs-workbook)', language: 'typescript' },
};

test(
  'the runner collects recorded claims into results.json and counts those that hold',
  { timeout: 120_000 },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-claims-'));
    // the kernel runs in the temporary folder, so the claims module is loaded by its absolute path
    const claimsModule = JSON.stringify(path.join(ROOT, 'dist', 'src', 'lib', 'index.js'));
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: KERNELSPEC,
      cells: [
        codeCell('c1', ['const twelve = 3 * 4;']),
        codeCell('c2', [
          `const { claim, showClaims } = require(${claimsModule});`,
          "claim({ id: 'holds', text: 'twelve is more than ten', measured: twelve, expected: '>', against: 10 });",
          "claim({ id: 'fails', text: 'twelve is less than ten', measured: twelve, expected: '<', against: 10 });",
          'showClaims();',
        ]),
      ],
    };
    fs.writeFileSync(path.join(dir, 'tiny.ipynb'), JSON.stringify(notebook));
    const logs: string[] = [];
    const out = path.join(dir, 'out');
    const results = await runNotebooks(['tiny'], { dir, outDir: out, log: (s) => logs.push(s) });
    assert.equal(results[0].ok, true, `a claim that does not hold does not fail the notebook (${results[0].error})`);
    assert.deepEqual(
      results[0].claims.map((c) => [c.id, c.holds]),
      [
        ['holds', true],
        ['fails', false],
      ],
    );
    assert.deepEqual(claimCounts(results), { claims: 2, held: 1 });
    assert.match(logs.join('\n'), /1\/2 claims hold/);
    assert.match(logs.join('\n'), /claim does not hold: fails/);
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    assert.equal(doc.notebooks.length, 1);
    assert.equal(doc.notebooks[0].name, 'tiny');
    assert.deepEqual(
      doc.notebooks[0].claims.map((c: Claim) => c.measured),
      [12, 12],
    );
    assert.equal(typeof doc.machine.cores, 'number');
    fs.rmSync(dir, { recursive: true, force: true });
  },
);

test('every notebook executes without error and writes HTML with its plots', { timeout: 30 * 60_000 }, async () => {
  const names = listNotebooks();
  assert.ok(names.length >= 1);
  const results = await runNotebooks([], { jobs: Math.min(2, os.cpus().length), stopOnFailure: false });
  const failed = results.filter((r) => !r.ok);
  assert.deepEqual(failed, [], failed.map((f) => `${f.name} cell ${f.cell}: ${f.error}`).join('\n'));
  assert.equal(results.length, names.length);
  const index = fs.readFileSync(path.join(OUT_DIR, 'index.html'), 'utf8');
  for (const name of names) {
    assert.ok(index.includes(`${name}.html`), `index links ${name}`);
    const html = fs.readFileSync(path.join(OUT_DIR, `${name}.html`), 'utf8');
    assert.ok(!/<script[^>]*src="https?:/.test(html), `${name}.html fetches nothing from the network`);
    if (html.includes('Plotly.react'))
      assert.ok(html.includes('src="plotly.min.js"'), `${name}.html loads the shared plotly bundle`);
    assert.ok(!html.includes('plotly.js v'), `${name}.html does not embed its own copy of plotly`);
    assert.ok(html.includes('href="index.html"'), `${name}.html links back to the index`);
    const headline = results.find((r) => r.name === name)?.claims[0];
    if (headline) assert.ok(index.includes(escapeHtml(headline.text)), `index shows ${name}'s headline claim`);
  }
  // Each notebook's measured claims, with the notebooks' own seeds: a change that breaks a result fails here.
  for (const r of results) {
    assert.ok(r.claims.length >= 1, `${r.name} records at least one claim (claim(...) and showClaims())`);
    const broken = r.claims.filter((c) => !c.holds);
    assert.deepEqual(
      broken.map((c) => c.id),
      [],
      `${r.name}: claims that no longer hold:\n${broken.map((c) => `  ${c.id}: ${c.text} (${c.measured} ${c.expected} ${c.against})`).join('\n')}`,
    );
  }
  const doc = JSON.parse(fs.readFileSync(path.join(OUT_DIR, 'results.json'), 'utf8'));
  assert.deepEqual(
    doc.notebooks.map((n: { name: string }) => n.name),
    names,
    'out/results.json lists every notebook',
  );
  for (const n of doc.notebooks as { name: string; claims: Claim[] }[]) {
    assert.deepEqual(
      n.claims,
      results.find((r) => r.name === n.name)!.claims,
      `out/results.json carries ${n.name}'s claims`,
    );
  }
  assert.ok(fs.existsSync(path.join(OUT_DIR, 'plotly.min.js')), 'out/ has the one shared plotly bundle');
  const size = fs.readdirSync(OUT_DIR).reduce((sum, f) => sum + fs.statSync(path.join(OUT_DIR, f)).size, 0);
  assert.ok(size < 40 * 2 ** 20, `out/ is ${(size / 2 ** 20).toFixed(1)} MiB (budget 40 MiB)`);
});
