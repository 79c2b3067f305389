/**
 * THE training loop. Every technique plugs into it instead of writing its own:
 *  - batchHook    changes a batch before the step (augmentation, mixup),
 *  - lossHook     replaces the loss (distillation's soft targets, hint losses),
 *  - gradientHook changes or holds back gradients (accumulation, clipping, per-group LRs),
 *  - callbacks    see every batch and epoch (schedules, early stopping, checkpoints, progress).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { TRAIN_OPTION_KEYS, checkTrainData, checkTrainOptions } from './check-train-options';
import { rng } from '../random';
import seedrandom from 'seedrandom';
import { Callback, History, Logs, TrainState, runCallbacks } from './callback';
import { LossFn, LossName, resolveLoss } from './losses';
import { getLearningRate } from './optimizer';
import { evaluate } from './evaluate';
import { blameNonFinite, checkModel, checkOptions, checkTensor } from '../validate';
import { InterruptedError, interrupted as wasInterrupted, yieldToEventLoop } from '../interrupt';

export interface BatchInfo {
  epoch: number;
  batch: number;
  /** A seed for this batch's random choices (derived from the fit seed). */
  seed: number;
  /** Rows of x in this batch (before batchHook), so per-example data held elsewhere (e.g. precomputed teacher logits) can be looked up. */
  indices: Int32Array;
}

export interface LossContext extends BatchInfo {
  model: tf.LayersModel;
  x: tf.Tensor;
  y: tf.Tensor;
  /** The model's output for x in training mode. */
  yPred: tf.Tensor;
  /** The configured loss of (y, yPred). */
  baseLoss: () => tf.Scalar;
}

export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  /** Default: Adam(1e-3). */
  optimizer?: tf.Optimizer;
  /** Default 'softmaxCrossEntropy' (model outputs logits). */
  loss?: LossName | LossFn;
  /** Seeds the shuffling, the batch seeds and Math.random (so dropout is reproducible). */
  seed?: number;
  shuffle?: boolean;
  validationData?: [tf.Tensor, tf.Tensor];
  /** Returns the batch to train on; returned tensors are disposed by the loop after the step. */
  batchHook?: (x: tf.Tensor, y: tf.Tensor, info: BatchInfo) => [tf.Tensor, tf.Tensor];
  /** Returns the scalar loss to minimise; runs inside the gradient tape. */
  lossHook?: (ctx: LossContext) => tf.Scalar;
  /**
   * Returns the gradients to apply, or null to skip applying this step. Runs inside tf.tidy:
   * tensors it wants to keep across steps must be tf.keep()-ed and disposed by the hook.
   */
  gradientHook?: (grads: tf.NamedTensorMap, info: BatchInfo & { state: TrainState }) => tf.NamedTensorMap | null;
  /** Extra variables to train alongside the model's (e.g. a FitNets regressor). */
  extraVariables?: tf.Variable[];
  /** Custom forward pass; default model.apply(x, { training: true }). */
  forward?: (model: tf.LayersModel, x: tf.Tensor) => tf.Tensor;
  callbacks?: Callback[];
  validationBatchSize?: number;
  /**
   * Epoch to start at (Keras initial_epoch), for resuming from a checkpoint: epochs before it are
   * skipped, and the shuffling is fast-forwarded so the run continues as if never interrupted.
   */
  initialEpoch?: number;
  /**
   * Computes a batch's loss and gradients somewhere else (data-parallel workers) instead of the
   * local forward/backward pass; gradientHook, the optimizer step and callbacks work as usual.
   */
  gradientSource?: GradientSource;
}

/** Gradients for a batch, computed outside the loop (see TrainOptions.gradientSource). */
export interface GradientSource {
  /** Loss (mean over the batch), correct predictions and gradients (keyed like trainableVariables) for rows `indices` of x/y. */
  compute(indices: Int32Array, info: BatchInfo): Promise<{ loss: number; hits: number; grads: tf.NamedTensorMap }>;
  /**
   * Told, synchronously and just before the optimizer applies them, the gradients of this step
   * (null when the gradientHook held them back) and the learning rate.
   */
  applied?(grads: tf.NamedTensorMap | null, learningRate: number): void;
}

/** The variables the optimizer updates: trainable model weights (frozen layers excluded). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  checkModel('trainableVariables', 'model', model);
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Trains `model` on (x, y) and returns the per-epoch history. Labels y are one-hot (or soft) rows.
 * @example const h = await fit(model, train.xs, train.ys, { epochs: 3, batchSize: 64, callbacks: [progress()] });
 */
export async function fit(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: TrainOptions): Promise<History> {
  checkModel('fit', 'model', model);
  checkTensor('fit', 'x', x, { nonEmpty: false });
  checkTensor('fit', 'y', y, { nonEmpty: false });
  check(options !== undefined, 'fit', 'options', options, 'an options object with at least epochs, e.g. { epochs: 3 }');
  options = checkOptions('fit', options, TRAIN_OPTION_KEYS);
  checkTrainData('fit', model, x, y);
  checkTrainOptions('fit', options as unknown as Record<string, unknown>);
  const lossFn = resolveLoss(options.loss);
  // Everything is checked: only now is an optimizer made (ours to dispose, whatever happens).
  const optimizer = options.optimizer ?? tf.train.adam(1e-3);
  try {
    return await train(model, x, y, options, optimizer, lossFn);
  } finally {
    if (!options.optimizer) optimizer.dispose(); // Adam's moment variables would leak otherwise
  }
}

async function train(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: TrainOptions,
  optimizer: tf.Optimizer,
  lossFn: LossFn,
): Promise<History> {
  const { epochs, batchSize = 32, shuffle = true, seed = 0, callbacks = [] } = options;
  const forward =
    options.forward ?? ((m: tf.LayersModel, input: tf.Tensor) => m.apply(input, { training: true }) as tf.Tensor);
  const n = x.shape[0];
  const steps = Math.ceil(n / batchSize);
  const order = rng(seed);
  // Batch seeds come from their own stream, so the shuffling does not depend on how many batches
  // an epoch has (accumulating 8 batches of 8 sees the same epochs as batches of 64).
  const batchSeeds = order.fork();
  const history: History = { epoch: [], history: {} };
  const state: TrainState = {
    model,
    optimizer,
    params: { epochs, batchSize, steps, samples: n },
    epoch: 0,
    stopTraining: false,
    history,
  };
  const classify = y.rank === 2 && y.shape[1]! > 1;

  const permutation = () => (shuffle ? order.permutation(n) : Int32Array.from({ length: n }, (_, i) => i));
  const initialEpoch = options.initialEpoch ?? 0;
  for (let e = 0; e < initialEpoch; e++) {
    permutation(); // replay the skipped epochs' random draws: a resumed run shuffles as the full one did
    for (let b = 0; b < steps; b++) batchSeeds.seed();
  }

  let interrupted = false;
  await runCallbacks(callbacks, 'onTrainBegin', state);
  for (let epoch = initialEpoch; epoch < epochs && !state.stopTraining; epoch++) {
    state.epoch = epoch;
    // Dropout & other unseeded tfjs ops draw from Math.random: seeded per epoch, so a run resumed
    // at initialEpoch draws the same masks as an uninterrupted one.
    seedrandom(`fit:${seed}:${epoch}`, { global: true });
    const started = Date.now();
    await runCallbacks(callbacks, 'onEpochBegin', epoch, state);
    const perm = permutation();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let b = 0; b < steps && !state.stopTraining; b++) {
      await runCallbacks(callbacks, 'onBatchBegin', b, state);
      const idx = perm.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
      const info: BatchInfo = { epoch, batch: b, seed: batchSeeds.seed(), indices: idx };
      const kept: tf.Tensor[] = []; // computeGradients tidies its closure, so the hit count is kept
      const stats = options.gradientSource
        ? await remoteStep(options.gradientSource, optimizer, idx, info, state, options.gradientHook)
        : tf.tidy(() => {
            const ind = tf.tensor1d(idx, 'int32');
            let bx = tf.gather(x, ind);
            let by = tf.gather(y, ind);
            if (options.batchHook) [bx, by] = options.batchHook(bx, by, info);
            const vars = trainableVariables(model).concat(options.extraVariables ?? []);
            const { value, grads } = optimizer.computeGradients(() => {
              const yPred = forward(model, bx);
              if (classify) kept.push(tf.keep(tf.sum(tf.equal(tf.argMax(yPred, -1), tf.argMax(by, -1)))));
              const baseLoss = () => lossFn(by, yPred);
              return options.lossHook
                ? options.lossHook({ ...info, model, x: bx, y: by, yPred, baseLoss })
                : baseLoss();
            }, vars);
            const toApply = options.gradientHook ? options.gradientHook(grads, { ...info, state }) : grads;
            if (toApply) optimizer.applyGradients(toApply);
            return tf.stack([value, kept.length ? kept[0].toFloat() : tf.scalar(0)]);
          });
      tf.dispose(kept);
      const [lossValue, hitCount] = stats.dataSync();
      stats.dispose();
      if (!Number.isFinite(lossValue)) blameNonFinite('fit', { x, y });
      check(Number.isFinite(lossValue), 'fit', 'loss', lossValue, 'a finite loss (lower the learning rate?)');
      const size = idx.length;
      lossSum += lossValue * size;
      correct += hitCount;
      seen += size;
      const logs: Logs = { loss: lossValue, size };
      if (classify) logs.acc = hitCount / size;
      await runCallbacks(callbacks, 'onBatchEnd', b, logs, state);
      // Between batches: let an interrupt through (a notebook's ■), and stop if one came.
      await yieldToEventLoop();
      if (wasInterrupted()) interrupted = state.stopTraining = true;
    }
    if (interrupted) break;
    const logs: Logs = { loss: lossSum / Math.max(seen, 1) };
    if (classify) logs.acc = correct / Math.max(seen, 1);
    if (options.validationData) {
      const v = evaluate(model, options.validationData[0], options.validationData[1], {
        batchSize: options.validationBatchSize ?? 256,
        loss: lossFn,
      });
      logs.val_loss = v.loss;
      if (v.accuracy !== undefined) logs.val_acc = v.accuracy;
    }
    const lr = getLearningRate(optimizer);
    if (typeof lr === 'number') logs.lr = lr;
    logs.seconds = (Date.now() - started) / 1000;
    history.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (history.history[k] ??= []).push(v);
    await runCallbacks(callbacks, 'onEpochEnd', epoch, logs, state);
  }
  await runCallbacks(callbacks, 'onTrainEnd', state);
  if (interrupted) throw new InterruptedError('fit');
  return history;
}

/** One step with gradients from a GradientSource: hook, tell the source, apply. */
async function remoteStep(
  source: GradientSource,
  optimizer: tf.Optimizer,
  idx: Int32Array,
  info: BatchInfo,
  state: TrainState,
  hook: TrainOptions['gradientHook'],
): Promise<tf.Tensor> {
  const { loss, hits, grads } = await source.compute(idx, info);
  tf.tidy(() => {
    const toApply = hook ? hook(grads, { ...info, state }) : grads;
    // The source hears of the update first, so its replicas apply it while this thread does.
    source.applied?.(toApply, getLearningRate(optimizer));
    if (toApply) optimizer.applyGradients(toApply);
  });
  tf.dispose(Object.values(grads));
  return tf.tensor1d([loss, hits]);
}
