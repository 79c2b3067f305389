/**
 * A small Gaussian process for Bayesian optimisation: Matérn-5/2 kernel on unit-cube inputs,
 * standardised targets, the length scale picked by maximum marginal likelihood from a short list,
 * and expected improvement as the acquisition. Plain arrays and a Cholesky factor: with at most a
 * few hundred trials this is microseconds, no tensors needed.
 */
import { checkArray, checkNumber } from '../validate';
import { check } from '../errors';

function matern52(a: number[], b: number[], lengthScale: number): number {
  let d2 = 0;
  for (let i = 0; i < a.length; i++) d2 += (a[i] - b[i]) ** 2;
  const r = Math.sqrt(5 * d2) / lengthScale;
  return (1 + r + (r * r) / 3) * Math.exp(-r);
}

/** Lower-triangular L with L·Lᵀ = A (A symmetric positive definite). */
function cholesky(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j][j];
    }
  }
  return L;
}

function solveLower(L: number[][], b: number[]): number[] {
  const x = b.slice();
  for (let i = 0; i < x.length; i++) {
    for (let k = 0; k < i; k++) x[i] -= L[i][k] * x[k];
    x[i] /= L[i][i];
  }
  return x;
}

function solveUpperT(L: number[][], b: number[]): number[] {
  const x = b.slice();
  for (let i = x.length - 1; i >= 0; i--) {
    for (let k = i + 1; k < x.length; k++) x[i] -= L[k][i] * x[k];
    x[i] /= L[i][i];
  }
  return x;
}

export interface GaussianProcess {
  /** Posterior mean and standard deviation at x, in the original target units. */
  predict(x: number[]): { mean: number; sd: number };
  lengthScale: number;
}

/** Fits a GP to (X, y); the length scale maximises the log marginal likelihood. */
export function fitGaussianProcess(X: number[][], y: number[], noise = 1e-6): GaussianProcess {
  checkArray('fitGaussianProcess', 'X', X);
  checkArray('fitGaussianProcess', 'y', y, { numbers: true });
  check(y.length === X.length, 'fitGaussianProcess', 'y', `${y.length} values`, `one per row of X (${X.length})`);
  X.forEach((row, i) => checkArray('fitGaussianProcess', `X[${i}]`, row, { numbers: true }));
  X.forEach((row, i) =>
    check(
      row.length === X[0].length,
      'fitGaussianProcess',
      `X[${i}]`,
      `${row.length} values`,
      `as many as X[0] (${X[0].length})`,
    ),
  );
  if (noise !== undefined) checkNumber('fitGaussianProcess', 'noise', noise);
  const n = y.length;
  const mu = y.reduce((a, b) => a + b, 0) / n;
  const sigma = Math.sqrt(y.reduce((a, v) => a + (v - mu) ** 2, 0) / n) || 1;
  const z = y.map((v) => (v - mu) / sigma);
  let best: { ll: number; L: number[][]; alpha: number[]; ls: number } | null = null;
  for (const ls of [0.05, 0.1, 0.2, 0.4, 0.8, 1.6]) {
    const K = X.map((a, i) => X.map((b, j) => matern52(a, b, ls) + (i === j ? noise + 1e-8 : 0)));
    const L = cholesky(K);
    const alpha = solveUpperT(L, solveLower(L, z));
    let ll = -0.5 * z.reduce((a, v, i) => a + v * alpha[i], 0);
    for (let i = 0; i < n; i++) ll -= Math.log(L[i][i]);
    if (!best || ll > best.ll) best = { ll, L, alpha, ls };
  }
  const { L, alpha, ls } = best!;
  return {
    lengthScale: ls,
    predict(x) {
      const k = X.map((a) => matern52(a, x, ls));
      const mean = k.reduce((a, v, i) => a + v * alpha[i], 0);
      const v = solveLower(L, k);
      const variance = Math.max(1 + noise - v.reduce((a, w) => a + w * w, 0), 1e-12);
      return { mean: mu + sigma * mean, sd: sigma * Math.sqrt(variance) };
    },
  };
}

/** Standard normal density and distribution function (erf by Abramowitz–Stegun 7.1.26, |err| < 1.5e-7). */
export function normalPdf(x: number): number {
  checkNumber('normalPdf', 'x', x);
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
export function normalCdf(x: number): number {
  checkNumber('normalCdf', 'x', x);
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Expected improvement over `best` for maximisation, with exploration margin xi. */
export function expectedImprovement(mean: number, sd: number, best: number, xi = 0.01): number {
  checkNumber('expectedImprovement', 'mean', mean);
  checkNumber('expectedImprovement', 'sd', sd);
  checkNumber('expectedImprovement', 'best', best);
  if (xi !== undefined) checkNumber('expectedImprovement', 'xi', xi);
  if (sd <= 0) return Math.max(mean - best - xi, 0);
  const zed = (mean - best - xi) / sd;
  return (mean - best - xi) * normalCdf(zed) + sd * normalPdf(zed);
}
