/**
 * How fine-tuning strategies cope with the learning rate: the same transfer runs (same labelled
 * samples, same seeds) at several rates. ULMFiT's gradual unfreezing and discriminative rates exist
 * to keep a too-large update from wiping out the pretrained features (catastrophic forgetting); this
 * sweep shows where that protection matters and where it does not.
 *
 *   const runs = await rateSensitivity({ source, train, test, scratch, size: 20, rates: [1e-3, 1e-2, 1e-1],
 *     seeds: [1, 2, 3], epochs: 15, batchSize: 16 });
 *   show(rateSensitivityChart(summariseRates(runs)));
 */
import { check } from '../../lib/errors';
import { Figure, lineChart } from '../../lib';
import { compare, CompareTransferOptions, TransferRun } from '../17-fine-tuning';
import { TransferStrategy } from './strategies';

export interface RateRun extends TransferRun {
  learningRate: number;
}

export interface RateSensitivityOptions extends Omit<
  CompareTransferOptions,
  'sizes' | 'learningRates' | 'strategies' | 'onRun'
> {
  /** Labelled target examples per run. */
  size: number;
  /** The learning rates to try (for gradual-discriminative: the head's rate). */
  rates: number[];
  /** Default: fine-tune against gradual-discriminative. */
  strategies?: TransferStrategy[];
}

/** Every (rate, strategy, seed): one transfer run, tagged with its rate; a printed line per (rate, strategy). */
export async function rateSensitivity(options: RateSensitivityOptions): Promise<RateRun[]> {
  const { size, rates, strategies = ['fine-tune', 'gradual-discriminative'], ...rest } = options;
  check(
    Array.isArray(rates) && rates.length > 0 && rates.every((r) => Number.isFinite(r) && r > 0 && r <= 10),
    'rateSensitivity',
    'rates',
    rates,
    'a non-empty array of learning rates in (0, 10]',
  );
  const out: RateRun[] = [];
  for (const learningRate of rates) {
    const learningRates = {
      scratch: learningRate,
      'feature-extraction': learningRate,
      'fine-tune': learningRate,
      'gradual-discriminative': learningRate,
    };
    await compare({
      ...rest,
      sizes: [size],
      strategies,
      learningRates,
      onRun: (run) => {
        const same = out.filter((r) => r.learningRate === learningRate && r.strategy === run.strategy).length + 1;
        if (same === options.seeds.length) {
          const mean =
            [...out.filter((r) => r.learningRate === learningRate && r.strategy === run.strategy), run].reduce(
              (s, r) => s + r.accuracy,
              0,
            ) / same;
          console.log(
            `lr ${String(learningRate).padEnd(6)} ${run.strategy.padEnd(22)} n=${size}: accuracy ${(mean * 100).toFixed(1)}% (mean of ${same} seeds)`,
          );
        }
        out.push({ ...run, learningRate });
      },
    });
  }
  return out;
}

export interface RateSummary {
  strategy: TransferStrategy;
  learningRate: number;
  /** Test accuracy over seeds. */
  mean: number;
  sd: number;
  min: number;
}

/** Mean, sd and worst test accuracy per (strategy, rate). */
export function summariseRates(runs: RateRun[]): RateSummary[] {
  check(runs.length > 0, 'summariseRates', 'runs', runs, 'the result of rateSensitivity');
  const keys = [...new Set(runs.map((r) => `${r.strategy}|${r.learningRate}`))];
  return keys.map((key) => {
    const rows = runs.filter((r) => `${r.strategy}|${r.learningRate}` === key);
    const v = rows.map((r) => r.accuracy);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
    return { strategy: rows[0].strategy, learningRate: rows[0].learningRate, mean, sd, min: Math.min(...v) };
  });
}

/** Test accuracy against the learning rate (log axis), one line per strategy, ± sd over seeds. */
export function rateSensitivityChart(
  summary: RateSummary[],
  title = 'Test accuracy against the learning rate (mean ± sd over seeds)',
): Figure {
  const strategies = [...new Set(summary.map((s) => s.strategy))];
  return lineChart(
    strategies.map((strategy) => {
      const rows = summary.filter((s) => s.strategy === strategy).sort((a, b) => a.learningRate - b.learningRate);
      return {
        name: strategy,
        x: rows.map((r) => r.learningRate),
        y: rows.map((r) => r.mean),
        error: rows.map((r) => r.sd),
      };
    }),
    { title, xTitle: 'learning rate (head)', yTitle: 'test accuracy', logX: true },
  );
}
