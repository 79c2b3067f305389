/**
 * The transfer experiment: for each number of labelled target examples, each strategy and each
 * seed, train on a seeded sample, follow validation accuracy per epoch (learning curves) and
 * score the test set (accuracy, macro recall, macro F1).
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { rng, Dataset, fit } from '../lib';
import { classifierScores } from '../lib/eval';
import { prepareTransfer, PrepareOptions, TransferStrategy, TRANSFER_STRATEGIES } from './17-fine-tuning/strategies';

export {
  prepareTransfer,
  TRANSFER_STRATEGIES,
  type TransferStrategy,
  type PrepareOptions,
  type PreparedTransfer,
} from './17-fine-tuning/strategies';
export {
  sourceModel,
  pretrainSourceModel,
  sourceModelPath,
  SOURCE_RECIPE,
  type SourceModelInfo,
} from './17-fine-tuning/source-model';
export {
  selectOnValidation,
  type ValidationTrial,
  type ValidationSearchOptions,
  type HyperCandidate,
} from './17-fine-tuning/select';
export { transferScoresChart, transferCurvesChart } from './17-fine-tuning/figures';

/** Accuracy, macro recall and macro F1 on the test set (macro averages weigh every digit equally). */
export interface TransferScores {
  accuracy: number;
  macroRecall: number;
  macroF1: number;
}

export interface TransferRun extends TransferScores {
  strategy: TransferStrategy;
  size: number;
  seed: number;
  /** Validation accuracy after each epoch. */
  curve: number[];
  seconds: number;
}

export interface CompareTransferOptions extends Omit<PrepareOptions, 'seed' | 'learningRate'> {
  /** The pretrained model (left unchanged). */
  source: tf.LayersModel;
  /** Target training pool: labelled samples and the validation set are drawn from it. */
  train: Dataset;
  test: Dataset;
  /** Numbers of labelled examples (e.g. [100, 500]). */
  sizes: number[];
  seeds: number[];
  strategies?: readonly TransferStrategy[];
  /** Epochs per size (or one number for all). */
  epochs: number | ((size: number) => number);
  /** Batch size per size (or one number). */
  batchSize: number | ((size: number) => number);
  /** Learning rate per strategy. */
  learningRates: Record<TransferStrategy, number>;
  /** Held-out examples of the pool used for the learning curves (default 300). */
  validationSize?: number;
  /** Called after every run (default: one printed line per strategy and size). */
  onRun?: (run: TransferRun, done: number, total: number) => void;
}

function take(ds: Dataset, idx: Int32Array): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const i = tf.tensor1d(idx, 'int32');
    return [tf.gather(ds.xs, i), tf.gather(ds.ys, i)];
  });
}

function transferScores(model: tf.LayersModel, test: Dataset): TransferScores {
  const { accuracy, macroRecall, macroF1 } = classifierScores(model, test.xs, test.labels);
  return { accuracy, macroRecall, macroF1 };
}

const valueOf = (v: number | ((size: number) => number), size: number) => (typeof v === 'function' ? v(size) : v);

/** Runs every (size, strategy, seed) and returns one row per run. */
export async function compare(options: CompareTransferOptions): Promise<TransferRun[]> {
  const { source, train, test, sizes, seeds, strategies = TRANSFER_STRATEGIES, validationSize = 300 } = options;
  const pool = train.xs.shape[0];
  sizes.forEach((s, i) => checkInt('compareTransfer', `sizes[${i}]`, s, 1, pool - validationSize));
  check(seeds.length > 0, 'compareTransfer', 'seeds', seeds, 'at least one seed');
  const numClasses = train.numClasses;
  // the validation set is fixed across runs; labelled samples come from the rest of the pool
  const order = rng('compareTransfer').permutation(pool);
  const [vx, vy] = take(train, order.slice(0, validationSize));
  const rest = order.slice(validationSize);
  const total = sizes.length * strategies.length * seeds.length;
  const runs: TransferRun[] = [];
  const log =
    options.onRun ??
    ((run: TransferRun) => {
      const same = runs.filter((r) => r.strategy === run.strategy && r.size === run.size);
      if (same.length === seeds.length) {
        const mean = (k: 'accuracy' | 'macroF1') => same.reduce((s, r) => s + r[k], 0) / same.length;
        console.log(
          `${run.strategy.padEnd(22)} n=${String(run.size).padEnd(4)} accuracy ${(mean('accuracy') * 100).toFixed(1)}%  macro F1 ${(mean('macroF1') * 100).toFixed(1)}%  (${runs.length}/${total} runs)`,
        );
      }
    });
  for (const size of sizes) {
    for (const strategy of strategies) {
      for (const seed of seeds) {
        const picked = Int32Array.from(rng(`sample:${size}:${seed}`).shuffle(Array.from(rest)).slice(0, size));
        const [x, y] = take(train, picked);
        const run = await prepareTransfer(strategy, source, numClasses, {
          ...options,
          seed,
          learningRate: options.learningRates[strategy],
        });
        const started = Date.now();
        const h = await fit(run.model, x, y, {
          epochs: valueOf(options.epochs, size),
          batchSize: valueOf(options.batchSize, size),
          seed,
          validationData: [vx, vy],
          ...run.fitOptions,
        });
        const seconds = (Date.now() - started) / 1000;
        const row: TransferRun = {
          strategy,
          size,
          seed,
          ...transferScores(run.model, test),
          curve: h.history.val_acc,
          seconds,
        };
        runs.push(row);
        log(row, runs.length, total);
        run.dispose();
        tf.dispose([x, y]);
      }
    }
  }
  tf.dispose([vx, vy]);
  return runs;
}

export interface TransferSummary {
  strategy: TransferStrategy;
  size: number;
  accuracy: number;
  accuracySd: number;
  macroRecall: number;
  macroRecallSd: number;
  macroF1: number;
  macroF1Sd: number;
  seconds: number;
}

/** Mean and standard deviation over seeds, one row per (size, strategy). */
export function summariseTransfer(runs: TransferRun[]): TransferSummary[] {
  const keys = [...new Set(runs.map((r) => `${r.size}|${r.strategy}`))];
  return keys.map((key) => {
    const rows = runs.filter((r) => `${r.size}|${r.strategy}` === key);
    const stat = (k: 'accuracy' | 'macroRecall' | 'macroF1' | 'seconds') => {
      const v = rows.map((r) => r[k]);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1))];
    };
    const [accuracy, accuracySd] = stat('accuracy');
    const [macroRecall, macroRecallSd] = stat('macroRecall');
    const [macroF1, macroF1Sd] = stat('macroF1');
    return {
      strategy: rows[0].strategy,
      size: rows[0].size,
      accuracy,
      accuracySd,
      macroRecall,
      macroRecallSd,
      macroF1,
      macroF1Sd,
      seconds: stat('seconds')[0],
    };
  });
}
