/**
 * Executes every notebook through the same runner as `npm run workbook` (real Jupyter, real
 * tslab), two at a time, and checks the runner's error paths.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureJupyter, installCommand, KERNEL_DISPLAY_NAME, KERNEL_NAME } from '../../kernel-setup/jupyter';
import { EXCLUSIVE_NOTEBOOKS, listNotebooks, OUT_DIR, resolveNotebooks, runNotebooks } from '../../kernel-setup/runner';
import { escapeHtml } from '../../kernel-setup/site';

test('an unknown notebook name lists the available ones', () => {
  assert.throws(() => resolveNotebooks(['no-such-notebook']), (e: Error) => e.message.includes('No notebook named "no-such-notebook"') && e.message.includes('00-getting-started'));
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
    assert.throws(() => ensureJupyter({ install: false }), (e: Error) => e.message.includes('Jupyter not found') && e.message.includes(installCommand()));
  } finally {
    if (saved === undefined) delete process.env.WORKBOOK_PYTHON;
    else process.env.WORKBOOK_PYTHON = saved;
  }
});

test('a failing cell fails the run, naming the notebook, cell and error', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-nb-'));
  const nb = (src: string[]) => ({ cell_type: 'code', id: `c${src.length}`, metadata: {}, execution_count: null, outputs: [], source: src.join('\n') });
  const notebook = {
    nbformat: 4, nbformat_minor: 5,
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
    if (html.includes('Plotly.react')) assert.ok(html.includes('src="plotly.min.js"'), `${name}.html loads the shared plotly bundle`);
    assert.ok(!html.includes('plotly.js v'), `${name}.html does not embed its own copy of plotly`);
    assert.ok(html.includes('href="index.html"'), `${name}.html links back to the index`);
    const headline = results.find((r) => r.name === name)?.claims[0];
    if (headline) assert.ok(index.includes(escapeHtml(headline.text)), `index shows ${name}'s headline claim`);
  }
  assert.ok(fs.existsSync(path.join(OUT_DIR, 'plotly.min.js')), 'out/ has the one shared plotly bundle');
  const size = fs.readdirSync(OUT_DIR).reduce((sum, f) => sum + fs.statSync(path.join(OUT_DIR, f)).size, 0);
  assert.ok(size < 40 * 2 ** 20, `out/ is ${(size / 2 ** 20).toFixed(1)} MiB (budget 40 MiB)`);
});
