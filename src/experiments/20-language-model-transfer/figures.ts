/** Notebook 20's summaries and figure: test accuracy against the number of labels, mean ± sd over seeds. */
import { lineChart } from '../../lib';
import type { LabelRun, LmTransferStrategy } from '../20-language-model-transfer';

export interface LabelSummary {
  strategy: LmTransferStrategy;
  size: number;
  seeds: number;
  accuracy: number;
  accuracySd: number;
  /** Accuracy of each seed, in seed order. */
  perSeed: number[];
  seconds: number;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
};

/** One row per (strategy, size). */
export function summariseLabelRuns(runs: LabelRun[]): LabelSummary[] {
  const keys = [...new Set(runs.map((r) => `${r.strategy}|${r.size}`))];
  return keys.map((key) => {
    const rows = runs.filter((r) => `${r.strategy}|${r.size}` === key).sort((a, b) => a.seed - b.seed);
    const acc = rows.map((r) => r.accuracy);
    return {
      strategy: rows[0].strategy,
      size: rows[0].size,
      seeds: rows.length,
      accuracy: mean(acc),
      accuracySd: sd(acc),
      perSeed: acc,
      seconds: mean(rows.map((r) => r.seconds)),
    };
  });
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
