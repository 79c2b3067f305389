/** The workbook site's pieces: notebook titles and summaries, navigation, the landing page. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decoratePage, firstSentence, navHtml, notebookInfo, writeLandingPage } from '../../kernel-setup/site';
import { listNotebooks, NOTEBOOK_DIR } from '../../kernel-setup/runner';
import { makeClaim } from '../../src/lib/plot/claims';

test('every notebook has a title (its first heading) and a one-sentence summary', () => {
  for (const name of listNotebooks()) {
    const info = notebookInfo(path.join(NOTEBOOK_DIR, `${name}.ipynb`));
    assert.notEqual(info.title, name, `${name} has a # heading`);
    assert.ok(info.summary.length >= 20 && /[.!?]$/.test(info.summary), `${name}: summary "${info.summary}"`);
  }
  assert.equal(
    firstSentence('How many epochs? Too few underfit, too many overfit. More text.'),
    'How many epochs? Too few underfit, too many overfit.',
  );
  assert.equal(
    firstSentence('It works, e.g. on MNIST, as shown by the plot below this line. Then more.'),
    'It works, e.g. on MNIST, as shown by the plot below this line.',
  );
});

test('navigation links the previous and next notebook and the contents', () => {
  const infos = [
    { name: '00-a', title: 'A', summary: '' },
    { name: '01-b', title: 'B <i>', summary: '' },
    { name: '02-c', title: 'C', summary: '' },
  ];
  const nav = navHtml('01-b', infos);
  assert.match(nav, /rel="prev" href="00-a\.html">← A</);
  assert.match(nav, /rel="next" href="02-c\.html">C →</);
  assert.match(nav, /href="index\.html"/);
  assert.doesNotMatch(navHtml('00-a', infos), /rel="prev"/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-site-'));
  const page = path.join(dir, 'p.html');
  fs.writeFileSync(page, '<html><head></head><body class="x"><p>hi</p></body></html>');
  decoratePage(page, navHtml('02-c', infos));
  decoratePage(page, navHtml('02-c', infos));
  const html = fs.readFileSync(page, 'utf8');
  assert.equal(html.split('class="wb-nav"').length - 1, 2, 'nav at top and bottom, added once');
  assert.match(html, /<link rel="stylesheet" href="site.css">/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the landing page shows each notebook card with its headline claim, status and no network URL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-site-'));
  fs.writeFileSync(path.join(dir, '00-a.html'), '');
  const infos = [
    { name: '00-a', title: 'First', summary: 'It is `code` and *emphasis*.' },
    { name: '01-b', title: 'Second', summary: 'Two.' },
    { name: '02-c', title: 'Third', summary: 'Three.' },
  ];
  const headline = makeClaim({
    id: 'h',
    text: 'training beats chance',
    measured: 93.7,
    expected: '>',
    against: 10,
    unit: '%',
  });
  const results = new Map([
    ['00-a', { name: '00-a', ok: true, seconds: 14.2, claims: [headline] }],
    ['01-b', { name: '01-b', ok: false, seconds: 3, cell: 4, error: 'RangeError: bad (In [4], line 2)', claims: [] }],
  ]);
  writeLandingPage(dir, infos, results, {
    description: 'A workbook.',
    machine: 'test CPU (2 cores)',
    generated: '2026-01-01T00:00:00Z',
  });
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  assert.match(html, /<a href="00-a\.html">First<\/a>/);
  assert.match(html, /It is <code>code<\/code> and <em>emphasis<\/em>\./);
  assert.match(html, /✓<\/span> training beats chance<br><span class="wb-numbers">measured 93\.7% &gt; 10%/);
  assert.match(html, /ran in 14 s · 1\/1 claims hold/);
  assert.match(html, /failed at cell 4: RangeError: bad/);
  assert.match(html, /Third<\/h2>.*not run yet/);
  assert.doesNotMatch(html, /https?:\/\//);
  fs.rmSync(dir, { recursive: true, force: true });
});
