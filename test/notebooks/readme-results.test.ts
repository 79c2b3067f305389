/** The README's results table is generated from a results.json, never typed in. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BEGIN, END, replaceBlock, resultsMarkdown } from '../../kernel-setup/readme-results';
import { makeClaim } from '../../src/lib';
import { ROOT } from '../../kernel-setup/jupyter';

const doc = {
  generated: '2026-12-04T21:00:00.000Z',
  machine: { cpu: 'Test CPU', cores: 2, loadavg: [1, 1, 1] },
  notebooks: [
    {
      name: '00-a',
      ok: true,
      seconds: 12.4,
      claims: [makeClaim({ id: 'x', text: 'a | b', measured: 95, expected: '>' as const, against: 90, unit: '%' })],
    },
    { name: '01-b', ok: false, seconds: 3, claims: [] },
  ],
};

test('the table shows each notebook’s first claim, the run’s date, machine and counts', () => {
  const md = resultsMarkdown(doc);
  assert.match(md, /2026-12-04 21:00 UTC on Test CPU \(2 cores/);
  assert.match(md, /2 notebooks, 1 failed, 1 of 1 claims hold/);
  assert.match(md, /\| 00-a \| ✓ a \\\| b \| 95% > 90% \| 1 \| 12 s \|/);
  assert.match(md, /\| 01-b \| \*\*failed\*\* \|/);
});

test('only the marked block is replaced, and the README has the markers', () => {
  const text = `top\n${BEGIN}\nold\n${END}\nbottom`;
  assert.equal(replaceBlock(text, 'new'), `top\n${BEGIN}\nnew\n${END}\nbottom`);
  assert.throws(() => replaceBlock('no markers', 'x'), /results:begin/);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(BEGIN) && readme.includes(END));
});
