/**
 * Metric parity with scikit-learn over random cases: binary and multi-class labels, classes absent
 * from yTrue or yPred, tied scores, every `average` and every `zeroDivision`. The expected values
 * come from scikit-learn itself when Debian's python3-sklearn is importable (test/fixtures/
 * sklearn_metrics.py), and from test/fixtures/sklearn-metrics.json (the same cases, recorded from
 * scikit-learn) otherwise. WRITE_SKLEARN_FIXTURE=1 re-records the JSON.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng } from '../../../src/lib/random';
import { WorkbookError } from '../../../src/lib/errors';
import { accuracy, logLoss, precisionRecallFscore, rocAucScore } from '../../../src/lib/eval';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURE = path.join(root, 'test', 'fixtures', 'sklearn-metrics.json');
const SCRIPT = path.join(root, 'test', 'fixtures', 'sklearn_metrics.py');

type Case = Record<string, any>;

/** The cases, drawn from a fixed seed (the fixture records them with their expected values). */
function makeCases(): Case[] {
  const r = rng(2024);
  const cases: Case[] = [];
  const labelsOf = (n: number, k: number) => Array.from({ length: n }, () => r.int(0, k - 1));
  for (let c = 0; c < 40; c++) {
    const k = r.choice([1, 2, 2, 3, 4]);
    const n = r.int(1, 12);
    const yTrue = labelsOf(n, k);
    // Predictions: sometimes from more classes than yTrue has (a class only predicted), sometimes fewer.
    const yPred = labelsOf(n, r.choice([1, k, k + 1]));
    const present = Math.max(...yTrue, ...yPred) + 1;
    const numClasses = r.bool(0.3) ? present + r.int(0, 1) : null;
    const beta = r.choice([1, 1, 0.5, 2]);
    for (const zeroDivision of [0, 1, 'nan', 'warn']) {
      for (const average of ['macro', 'micro', 'weighted', 'none', 'binary']) {
        if (average === 'binary' && (present > 2 || (numClasses ?? 0) > 2)) continue;
        cases.push({ kind: 'prf', yTrue, yPred, numClasses, beta, posLabel: 1, average, zeroDivision });
      }
    }
    cases.push({ kind: 'accuracy', yTrue, yPred });
  }
  // average 'binary' with the positive label absent: one label present (0/0 everywhere), two present (an error).
  for (const zeroDivision of [0, 1, 'nan', 'warn']) {
    cases.push({
      kind: 'prf',
      yTrue: [0],
      yPred: [0],
      numClasses: null,
      beta: 1,
      posLabel: 1,
      average: 'binary',
      zeroDivision,
    });
    cases.push({
      kind: 'prf',
      yTrue: [0, 2, 2],
      yPred: [0, 2, 0],
      numClasses: null,
      beta: 1,
      posLabel: 1,
      average: 'binary',
      zeroDivision,
    });
  }
  // ROC AUC: any two labels (the greater is positive), ties from scores rounded to one decimal.
  for (let c = 0; c < 20; c++) {
    const [a, b] = r.choice([
      [0, 1],
      [1, 2],
      [0, 2],
      [3, 7],
      [1, 0],
    ]); // labels are non-negative integers here (sklearn also takes -1/1 and strings)
    const n = r.int(2, 14);
    const yTrue = Array.from({ length: n }, (_, i) => (i < 1 ? a : i < 2 ? b : r.bool() ? a : b));
    const scores = yTrue.map(() => Math.round(r.next() * 10) / 10);
    cases.push({ kind: 'auc', yTrue, scores, average: 'macro' });
  }
  cases.push({ kind: 'auc', yTrue: [1, 1, 1], scores: [0.1, 0.5, 0.9], average: 'macro' });
  for (let c = 0; c < 10; c++) {
    const k = r.int(3, 4);
    const n = r.int(k + 1, 14);
    const yTrue = Array.from({ length: n }, (_, i) => (i < k ? i : r.int(0, k - 1)));
    const scores = yTrue.map(() => {
      const raw = Array.from({ length: k }, () => Math.round(r.next() * 10) / 10 + 0.01);
      const z = raw.reduce((s, v) => s + v, 0);
      return raw.map((v) => v / z);
    });
    for (const average of ['macro', 'weighted']) cases.push({ kind: 'auc', yTrue, scores, average });
  }
  // Log loss: [N, K] rows and [N] binary probabilities, some saturated at 0 or 1 (where the clipping order shows).
  for (let c = 0; c < 12; c++) {
    const k = c % 3 === 0 ? 1 : r.int(2, 4);
    const classes = Math.max(k, 2);
    const n = r.int(2, 10);
    const yTrue = Array.from({ length: n }, (_, i) => (i < classes ? i : r.int(0, classes - 1)));
    const row = () => {
      if (k === 1) return r.choice([0, 1, r.next()]);
      const raw = Array.from({ length: k }, () => (r.bool(0.2) ? 0 : r.next()));
      raw[r.int(0, k - 1)] += 0.1;
      const z = raw.reduce((s, v) => s + v, 0);
      return raw.map((v) => v / z);
    };
    cases.push({ kind: 'logLoss', yTrue, probabilities: yTrue.map(row), classes });
  }
  return cases;
}

/** Our value for a case, or { error } for a WorkbookError. */
function ours(c: Case): unknown {
  try {
    if (c.kind === 'prf') {
      const zeroDivision = c.zeroDivision === 'nan' ? NaN : c.zeroDivision;
      const s = precisionRecallFscore(c.yTrue, c.yPred, {
        average: c.average,
        numClasses: c.numClasses ?? undefined,
        beta: c.beta,
        posLabel: c.posLabel,
        zeroDivision,
      } as never) as { precision: unknown; recall: unknown; f: unknown };
      return [s.precision, s.recall, s.f];
    }
    if (c.kind === 'accuracy') return accuracy(c.yTrue, c.yPred);
    if (c.kind === 'auc') return rocAucScore(c.yTrue, c.scores, { average: c.average });
    if (c.kind === 'logLoss') return logLoss(c.yTrue, c.probabilities);
  } catch (e) {
    if (e instanceof WorkbookError) return { error: e.message };
    throw e;
  }
  throw new Error(c.kind);
}

function sklearnPython(): string | null {
  try {
    const python = execFileSync('sh', ['-c', 'command -pv python3'], { encoding: 'utf8' }).trim();
    execFileSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return python;
  } catch {
    return null;
  }
}

function close(a: unknown, b: unknown): boolean {
  if (b === 'NaN') return typeof a === 'number' && Number.isNaN(a);
  if (typeof b === 'number') return typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && b.every((v, i) => close(a[i], v));
  if (b && typeof b === 'object' && 'error' in b) return !!a && typeof a === 'object' && 'error' in a;
  return false;
}

test('metrics match scikit-learn on random cases (binary, multi-class, absent classes, ties, every average and zeroDivision)', () => {
  const cases = makeCases();
  const python = process.env.SKLEARN_PARITY_FIXTURE ? null : sklearnPython(); // the variable forces the recorded values
  let expected: unknown[];
  let source: string;
  if (python) {
    const out = JSON.parse(
      execFileSync(python, [SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 26 }),
    );
    expected = out.expected;
    source = `scikit-learn ${out.sklearn} (${python})`;
    if (process.env.WRITE_SKLEARN_FIXTURE)
      fs.writeFileSync(FIXTURE, JSON.stringify({ sklearn: out.sklearn, cases, expected }) + '\n');
  } else {
    const recorded = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    assert.deepEqual(
      recorded.cases,
      cases,
      'the recorded cases differ from the generated ones: re-record with WRITE_SKLEARN_FIXTURE=1 where python3-sklearn is installed',
    );
    expected = recorded.expected;
    source = `values recorded from scikit-learn ${recorded.sklearn}`;
  }
  const warn = console.warn;
  console.warn = () => {}; // zeroDivision 'warn' warns, as sklearn does
  const results = cases.map((c, i) => ({ c, got: ours(c), want: expected[i] }));
  console.warn = warn;
  const mismatches = results.filter(({ got, want }) => !close(got, want));
  console.log(`sklearn parity: ${cases.length} cases against ${source}, ${mismatches.length} mismatches`);
  assert.equal(
    mismatches.length,
    0,
    mismatches
      .slice(0, 5)
      .map(
        ({ c, got, want }) => `${JSON.stringify(c)}\n  ours ${JSON.stringify(got)}\n  sklearn ${JSON.stringify(want)}`,
      )
      .join('\n'),
  );
});
