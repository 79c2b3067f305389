/** Notebook 20's summaries and figure: test accuracy against the number of labels, mean ± sd over seeds. */
import { lineChart } from '../../lib';
import { check } from '../../lib/errors';
import { meanSd, pairedDifference, type PairedDifference } from '../../lib/eval';
import type { LabelRun, LmTransferStrategy } from '../20-language-model-transfer';

export interface LabelSummary {
  strategy: LmTransferStrategy;
  size: number;
  seeds: number;
  accuracy: number;
  accuracySd: number;
  /** Accuracy of each seed, in seed order. */
  perSeed: number[];
  /** The seeds, in that order. */
  seedIds: number[];
  seconds: number;
}

/** One row per (strategy, size). */
export function summariseLabelRuns(runs: LabelRun[]): LabelSummary[] {
  const keys = [...new Set(runs.map((r) => `${r.strategy}|${r.size}`))];
  return keys.map((key) => {
    const rows = runs.filter((r) => `${r.strategy}|${r.size}` === key).sort((a, b) => a.seed - b.seed);
    const acc = rows.map((r) => r.accuracy);
    const { mean, sd } = meanSd(acc);
    return {
      strategy: rows[0].strategy,
      size: rows[0].size,
      seeds: rows.length,
      accuracy: mean,
      accuracySd: sd,
      perSeed: acc,
      seedIds: rows.map((r) => r.seed),
      seconds: meanSd(rows.map((r) => r.seconds)).mean,
    };
  });
}

/** a − b seed by seed (pairedDifference), with the number of seeds. */
export type PairedGap = PairedDifference & { seeds: number };

/** a − b seed by seed (both summaries must hold the same seeds): the gap and how sure it is. */
export function pairedGap(a: LabelSummary, b: LabelSummary): PairedGap {
  check(
    a.seedIds.join() === b.seedIds.join(),
    'pairedGap',
    'b',
    `seeds ${b.seedIds.join(', ')}`,
    `the seeds of a (${a.seedIds.join(', ')})`,
  );
  const d = pairedDifference(a.perSeed, b.perSeed);
  return { ...d, seeds: d.n };
}

/** Test accuracy (%) against labelled examples, one line per strategy, error bars = sd over seeds. */
export function labelCurveChart(summary: LabelSummary[], title: string) {
  const strategies = [...new Set(summary.map((s) => s.strategy))];
  return lineChart(
    strategies.map((strategy) => {
      const rows = summary.filter((s) => s.strategy === strategy).sort((a, b) => a.size - b.size);
      return {
        name: strategy,
        x: rows.map((r) => r.size),
        y: rows.map((r) => r.accuracy * 100),
        error: rows.map((r) => r.accuracySd * 100),
      };
    }),
    { title, xTitle: 'labelled emails (log scale)', yTitle: 'test accuracy (%)', logX: true },
  );
}
