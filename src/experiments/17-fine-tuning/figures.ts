/** Figures of the transfer experiment (plain plotly specs; render with `show`). */
import { check } from '../../lib/errors';
import { barChart, Figure, lineChart } from '../../lib';
import type { TransferRun, TransferSummary } from '../17-fine-tuning';

/** Accuracy, macro recall and macro F1 per strategy for one number of labelled examples (mean ± sd over seeds). */
export function transferScoresChart(summary: TransferSummary[], size: number): Figure {
  const rows = summary.filter((r) => r.size === size);
  check(
    rows.length > 0,
    'transferScoresChart',
    'size',
    size,
    `one of the sizes run (${[...new Set(summary.map((r) => r.size))].join(', ')})`,
  );
  const labels = rows.map((r) => r.strategy);
  const values = [rows.map((r) => r.accuracy), rows.map((r) => r.macroRecall), rows.map((r) => r.macroF1)];
  const error = [rows.map((r) => r.accuracySd), rows.map((r) => r.macroRecallSd), rows.map((r) => r.macroF1Sd)];
  const low = Math.min(...values.flat().map((v, i) => v - error.flat()[i]));
  const fig = barChart(labels, values, {
    groups: ['accuracy', 'macro recall', 'macro F1'],
    error,
    title: `Test scores with ${size} labelled examples (mean ± sd over seeds)`,
    yTitle: 'score',
  });
  (fig.layout.yaxis as Record<string, unknown>).range = [Math.max(0, Math.floor(low * 20) / 20 - 0.05), 1];
  return fig;
}

/** Validation accuracy per epoch, mean over seeds, one line per strategy (± sd as error bars). */
export function transferCurvesChart(runs: TransferRun[], size: number): Figure {
  const mine = runs.filter((r) => r.size === size);
  check(
    mine.length > 0,
    'transferCurvesChart',
    'size',
    size,
    `one of the sizes run (${[...new Set(runs.map((r) => r.size))].join(', ')})`,
  );
  const strategies = [...new Set(mine.map((r) => r.strategy))];
  const series = strategies.map((strategy) => {
    const curves = mine.filter((r) => r.strategy === strategy).map((r) => r.curve);
    const epochs = Math.min(...curves.map((c) => c.length));
    const mean = Array.from({ length: epochs }, (_, e) => curves.reduce((s, c) => s + c[e], 0) / curves.length);
    const sd = mean.map((m, e) =>
      Math.sqrt(curves.reduce((s, c) => s + (c[e] - m) ** 2, 0) / Math.max(1, curves.length - 1)),
    );
    return { name: strategy, x: mean.map((_, e) => e + 1), y: mean, error: sd };
  });
  return lineChart(series, {
    title: `Learning curves, ${size} labelled examples`,
    xTitle: 'epoch',
    yTitle: 'validation accuracy',
  });
}
