/**
 * Static checks of the notebook conventions (CONTRIBUTING.md, "Notebook conventions"): each notebook is generated from its
 * percent-format source and in sync with it, is stored without outputs, imports the library by
 * name and calls setup first, and ends by printing what it measured.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureJupyter, KERNEL_NAME, ROOT } from '../../kernel-setup/jupyter';
import { listNotebooks, NOTEBOOK_DIR } from '../../kernel-setup/runner';

interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: unknown[];
}
const read = (file: string): { cells: Cell[]; metadata: { kernelspec: { name: string } } } =>
  JSON.parse(fs.readFileSync(file, 'utf8'));
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);

for (const name of listNotebooks()) {
  test(`${name}: follows the notebook conventions`, () => {
    const nb = read(path.join(NOTEBOOK_DIR, `${name}.ipynb`));
    assert.equal(nb.metadata.kernelspec.name, KERNEL_NAME);
    assert.ok(
      nb.cells.every((c) => !c.outputs?.length),
      'stored without outputs (out/ has the executed copy)',
    );
    const code = nb.cells.filter((c) => c.cell_type === 'code').map(text);
    assert.match(code[0], /from 'tfjs-workbook'/, 'first code cell imports the library by its package name');
    assert.match(
      code[0],
      /const \w+ = await setup\(/,
      'first code cell calls setup (and keeps its result, so tslab does not print it)',
    );
    const md = nb.cells.filter((c) => c.cell_type === 'markdown').map(text);
    assert.match(md[0], /^# /, 'opens with a title');
    assert.ok(
      md.some((m) => /What we measured/.test(m)),
      'has a "What we measured" section',
    );
    assert.match(code[code.length - 1], /console\.log\(/, 'the last cell prints the measured result');
  });

  test(`${name}: .ipynb is in sync with notebooks/src/${name}.ts`, () => {
    const python = ensureJupyter();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nb-sync-')), `${name}.ipynb`);
    const r = spawnSync(
      python,
      [path.join(ROOT, 'kernel-setup', 'percent_to_ipynb.py'), path.join(NOTEBOOK_DIR, 'src', `${name}.ts`), out],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const want = read(out).cells.map((c) => [c.cell_type, c.id, text(c)]);
    const have = read(path.join(NOTEBOOK_DIR, `${name}.ipynb`)).cells.map((c) => [c.cell_type, c.id, text(c)]);
    assert.deepEqual(
      have,
      want,
      `regenerate: /usr/bin/python3 kernel-setup/percent_to_ipynb.py notebooks/src/${name}.ts notebooks/${name}.ipynb`,
    );
  });
}
