/**
 * Notebook 23's harness: structured vs unstructured pruning (accuracy and measured time per training
 * step), quantisation-aware training vs post-training quantisation per bit width, and activation
 * memory per example for feature-map reduction and gradient checkpointing. Techniques live in
 * src/lib/compress; this file arranges the runs and times them.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { Dataset, fit, evaluate } from '../lib';
import {
  pruneChannels,
  magnitudePrune,
  KeepPruned,
  disposeMasks,
  QuantisationAwareTraining,
  quantiseModel,
  withQuantisedWeights,
  activationBytes,
  checkpointedSource,
  checkpointedGradients,
} from '../lib/compress';

/** Median milliseconds of one training step (forward, backward, Adam update) on a fixed batch, after warm-up. */
export function msPerStep(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { steps?: number; step?: () => void } = {},
): number {
  const steps = options.steps ?? 10;
  checkInt('msPerStep', 'steps', steps, 1);
  const optimizer = tf.train.adam(1e-4);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step =
    options.step ??
    (() =>
      tf.tidy(() => {
        optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          false,
          vars,
        );
      }));
  const times: number[] = [];
  for (let i = 0; i < steps + 2; i++) {
    const t = performance.now();
    step();
    model.trainableWeights[0].read().dataSync(); // wait for the step to finish
    if (i >= 2) times.push(performance.now() - t);
  }
  optimizer.dispose();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export interface PruningRow {
  model: string;
  parameters: number;
  nonZero: number;
  accuracy: number;
  msPerStep: number;
}

const countNonZero = (m: tf.LayersModel) =>
  m.weights.reduce((n, w) => n + tf.tidy(() => tf.sum(tf.notEqual(w.read(), 0).toInt()).dataSync()[0]), 0);

/**
 * Trains `makeModel(seed)`, then prunes it two ways at the same share of weights removed: structured
 * (`ratio` of every hidden layer's filters/units → a smaller model) and unstructured (magnitude
 * pruning to the same number of non-zero weights); both are fine-tuned for `fineTuneEpochs`.
 */
export async function comparePruning(o: {
  train: Dataset;
  test: Dataset;
  makeModel: (seed: number) => tf.LayersModel;
  seed: number;
  epochs: number;
  fineTuneEpochs: number;
  ratio: number;
  timingBatch?: number;
}): Promise<PruningRow[]> {
  const base = o.makeModel(o.seed);
  const opts = (epochs: number) => ({ epochs, batchSize: 64, seed: o.seed, optimizer: tf.train.adam(1e-3) });
  const opt0 = opts(o.epochs);
  await fit(base, o.train.xs, o.train.ys, opt0);
  const bx = o.train.xs.slice(0, o.timingBatch ?? 64),
    by = o.train.ys.slice(0, o.timingBatch ?? 64);
  const row = (name: string, m: tf.LayersModel): PruningRow => ({
    model: name,
    parameters: m.countParams(),
    nonZero: countNonZero(m),
    accuracy: evaluate(m, o.test.xs, o.test.ys, { batchSize: 500 }).accuracy!,
    msPerStep: msPerStep(m, bx, by),
  });
  const rows = [row('trained', base)];
  const { model: small } = pruneChannels(base, { ratio: o.ratio });
  const opt1 = opts(o.fineTuneEpochs);
  await fit(small, o.train.xs, o.train.ys, opt1);
  rows.push(row(`structured: ${Math.round(100 * o.ratio)}% of filters removed`, small));
  const sparsity = 1 - small.countParams() / base.countParams();
  const masks = magnitudePrune(base, { sparsity, scope: 'global' });
  const keep = new KeepPruned(masks);
  const opt2 = opts(o.fineTuneEpochs);
  await fit(base, o.train.xs, o.train.ys, { ...opt2, callbacks: [keep], gradientHook: keep.gradientHook });
  rows.push(row(`unstructured: ${(100 * sparsity).toFixed(0)}% of weights zeroed`, base));
  disposeMasks(masks);
  [opt0.optimizer, opt1.optimizer, opt2.optimizer].forEach((x) => x.dispose());
  tf.dispose([bx, by]);
  base.dispose();
  small.dispose();
  return rows;
}

export interface QuantRow {
  bits: number;
  float: number;
  ptq: number;
  qat: number;
}

/**
 * For each bit width: the trained float model quantised after training (PTQ), and the same model
 * fine-tuned `qatEpochs` with fake-quantised weights and then quantised (QAT). The PTQ model gets
 * the same extra epochs in float, so both have trained equally long.
 */
export async function compareQat(o: {
  train: Dataset;
  test: Dataset;
  makeModel: (seed: number) => tf.LayersModel;
  seed: number;
  epochs: number;
  qatEpochs: number;
  bits: number[];
}): Promise<QuantRow[]> {
  check(Array.isArray(o.bits) && o.bits.length > 0, 'compareQat', 'bits', o.bits, 'a non-empty array of bit widths');
  const train = async (m: tf.LayersModel, epochs: number, qat?: QuantisationAwareTraining) => {
    const optimizer = tf.train.adam(1e-3);
    await fit(m, o.train.xs, o.train.ys, {
      epochs,
      batchSize: 64,
      seed: o.seed,
      optimizer,
      callbacks: qat ? [qat] : [],
      gradientHook: qat?.gradientHook,
    });
    optimizer.dispose();
  };
  const acc = (m: tf.LayersModel) => evaluate(m, o.test.xs, o.test.ys, { batchSize: 500 }).accuracy!;
  const float = o.makeModel(o.seed);
  await train(float, o.epochs + o.qatEpochs);
  const floatAcc = acc(float);
  const rows: QuantRow[] = [];
  for (const bits of o.bits) {
    const qat = new QuantisationAwareTraining({ bits });
    const ptq = withQuantisedWeights(float, quantiseModel(float, qat.quantiseOptions), () => acc(float));
    const m = o.makeModel(o.seed);
    await train(m, o.epochs);
    await train(m, o.qatEpochs, qat);
    const qatAcc = withQuantisedWeights(m, quantiseModel(m, qat.quantiseOptions), () => acc(m));
    rows.push({ bits, float: floatAcc, ptq, qat: qatAcc });
    m.dispose();
  }
  float.dispose();
  return rows;
}

export interface ActivationRow {
  method: string;
  bytesPerExample: number;
  accuracy: number;
  msPerStep: number;
}

/**
 * Activation memory per example, accuracy after `epochs` and time per step for each variant model,
 * and for gradient checkpointing of the first one in `segments` segments (same gradients, so the
 * same accuracy as its plain training; trained through fit with the checkpointed gradient source).
 */
export async function compareActivationMemory(o: {
  train: Dataset;
  test: Dataset;
  variants: { name: string; make: (seed: number) => tf.LayersModel }[];
  seed: number;
  epochs: number;
  segments: number;
}): Promise<ActivationRow[]> {
  const bx = o.train.xs.slice(0, 64),
    by = o.train.ys.slice(0, 64);
  const rows: ActivationRow[] = [];
  for (const v of o.variants) {
    const m = v.make(o.seed);
    const optimizer = tf.train.adam(1e-3);
    await fit(m, o.train.xs, o.train.ys, { epochs: o.epochs, batchSize: 64, seed: o.seed, optimizer });
    optimizer.dispose();
    rows.push({
      method: v.name,
      bytesPerExample: activationBytes(m, bx, by).bytesPerExample,
      accuracy: evaluate(m, o.test.xs, o.test.ys, { batchSize: 500 }).accuracy!,
      msPerStep: msPerStep(m, bx, by),
    });
    m.dispose();
  }
  const m = o.variants[0].make(o.seed);
  const optimizer = tf.train.adam(1e-3);
  await fit(m, o.train.xs, o.train.ys, {
    epochs: o.epochs,
    batchSize: 64,
    seed: o.seed,
    optimizer,
    gradientSource: checkpointedSource(m, o.train.xs, o.train.ys, { segments: o.segments }),
  });
  const opt2 = tf.train.adam(1e-4);
  const step = () => {
    const { grads } = checkpointedGradients(m, bx, by, { segments: o.segments });
    opt2.applyGradients(grads as never);
    tf.dispose(Object.values(grads));
  };
  rows.push({
    method: `${o.variants[0].name}, gradient checkpointing (${o.segments} segments)`,
    bytesPerExample: checkpointedGradients(m, bx, by, { segments: o.segments }).bytesPerExample,
    accuracy: evaluate(m, o.test.xs, o.test.ys, { batchSize: 500 }).accuracy!,
    msPerStep: msPerStep(m, bx, by, { step }),
  });
  tf.dispose([bx, by]);
  optimizer.dispose();
  opt2.dispose();
  m.dispose();
  return rows;
}

/**
 * The reference CNN (conv5×5(32), pool, conv3×3(64), pool, dense 128, dense 10) with a 2×2 average
 * pooling of its input first (`reduce: 'avgpool'`), or with a first convolution of stride 2
 * (`reduce: 'stride'`): every feature map after it has 4× fewer positions.
 */
export function reducedCnn(seed: number, reduce: 'none' | 'avgpool' | 'stride'): tf.Sequential {
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + i });
  const m = tf.sequential({ name: `cnn_${reduce}` });
  if (reduce === 'avgpool') m.add(tf.layers.averagePooling2d({ inputShape: [28, 28, 1], poolSize: 2, name: 'reduce' }));
  m.add(
    tf.layers.conv2d({
      ...(reduce === 'avgpool' ? {} : { inputShape: [28, 28, 1] }),
      filters: 32,
      kernelSize: 5,
      strides: reduce === 'stride' ? 2 : 1,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
      name: 'conv1',
    }),
  );
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(
    tf.layers.conv2d({
      filters: 64,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(2),
      name: 'conv2',
    }),
  );
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3), name: 'fc1' }));
  m.add(tf.layers.dense({ units: 10, kernelInitializer: init(4), name: 'logits' }));
  return m;
}

export {
  compareActivationQuant,
  type ActivationQuantRun,
  type ActivationQuantStudy,
} from './23-training-time-compression/activation-quant';
