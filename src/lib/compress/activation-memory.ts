/**
 * Activation memory: the bytes a training step holds for the backward pass. TF.js keeps every
 * intermediate tensor of the forward pass alive on the gradient tape until the gradients are
 * computed; `activationBytes` measures that (tf.memory() at the top of the forward pass, minus what
 * was alive before), per example. Gradient checkpointing (Chen et al. 2016) trades compute for that
 * memory: the forward pass keeps only the inputs of k segments of layers, and the backward pass
 * recomputes one segment at a time, so the peak is the boundaries plus one segment's activations
 * (about 1/k of the whole for k equal segments, plus the boundaries) at the cost of a second forward pass.
 */
import { checkTensor } from '../validate';
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { GradientSource } from '../train/loop';

type Layer = tf.layers.Layer;

const ce = (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;

function checkArgs(where: string, model: unknown, x: unknown, y: unknown): void {
  check(model instanceof tf.LayersModel, where, 'model', typeof model, 'a tf.LayersModel ending in logits');
  check(
    x instanceof tf.Tensor && y instanceof tf.Tensor && x.shape[0] === y.shape[0] && x.shape[0] > 0,
    where,
    'x/y',
    x instanceof tf.Tensor ? x.shape : typeof x,
    'tensors with the same number of rows (≥ 1)',
  );
  const m = model as tf.LayersModel;
  const inShape = m.inputs[0].shape;
  const xs = (x as tf.Tensor).shape;
  check(
    xs.length === inShape.length && inShape.every((d, i) => i === 0 || d == null || d === xs[i]),
    where,
    'x',
    xs,
    `a batch of the model's input shape [N, ${inShape.slice(1).join(', ')}]`,
  );
  const outShape = m.outputs[0].shape;
  const ys = (y as tf.Tensor).shape;
  check(
    ys.length === outShape.length && outShape.every((d, i) => i === 0 || d == null || d === ys[i]),
    where,
    'y',
    ys,
    `one-hot rows of the model's output shape [N, ${outShape.slice(1).join(', ')}]`,
  );
  checkTensor(where, 'x', x, { finite: true });
  checkTensor(where, 'y', y, { finite: true });
}

export interface MemoryMeasurement {
  /** Bytes alive at the top of the forward pass that were not alive before it, per example. */
  bytesPerExample: number;
  loss: number;
}

/** Bytes held for the backward pass in one ordinary training step (softmax cross-entropy), per example. */
export function activationBytes(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): MemoryMeasurement {
  checkArgs('activationBytes', model, x, y);
  const before = tf.memory().numBytes;
  let held = 0;
  const { value, grads } = tf.variableGrads(
    () => {
      const loss = ce(y, model.apply(x, { training: true }) as tf.Tensor);
      held = tf.memory().numBytes - before;
      return loss;
    },
    model.trainableWeights.map((w) => w.read() as tf.Variable),
  );
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { bytesPerExample: held / x.shape[0], loss };
}

/** Splits a chain of layers into `segments` contiguous groups of (nearly) equal length. */
export function splitSegments<T>(layers: T[], segments: number): T[][] {
  check(Array.isArray(layers), 'splitSegments', 'layers', layers, 'an array of layers');
  check(layers.length > 0, 'splitSegments', 'layers', layers, 'at least one layer');
  checkInt('splitSegments', 'segments', segments, 1, layers.length);
  const out: T[][] = [];
  for (let s = 0; s < segments; s++)
    out.push(
      layers.slice(Math.round((s * layers.length) / segments), Math.round(((s + 1) * layers.length) / segments)),
    );
  return out.filter((g) => g.length > 0);
}

/** Applies a chain of layers, freeing each intermediate output once the next layer has read it (the tape keeps what backward needs), as model.apply does. */
function run(layers: Layer[], x: tf.Tensor): tf.Tensor {
  let h = x;
  for (const l of layers) {
    const next = l.apply(h, { training: true }) as tf.Tensor;
    if (h !== x) h.dispose();
    h = next;
  }
  return h;
}

export interface CheckpointedStep extends MemoryMeasurement {
  /** Gradients keyed by variable name (like fit's trainable variables); the caller disposes them. */
  grads: tf.NamedTensorMap;
  /** Correct predictions in the batch. */
  hits: number;
}

/**
 * One training step's loss and gradients with gradient checkpointing over `segments` segments of a
 * Sequential model, and the peak bytes it held beyond what was alive before (per example).
 */
export function checkpointedGradients(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { segments: number },
): CheckpointedStep {
  const where = 'checkpointedGradients';
  checkArgs(where, model, x, y);
  check(model instanceof tf.Sequential, where, 'model', model.constructor.name, 'a tf.Sequential (a chain of layers)');
  check(options != null && typeof options === 'object', where, 'options', options, 'an object with segments');
  for (const key of Object.keys(options))
    check(key === 'segments', where, `option "${key}"`, key, 'the one option, segments');
  const layers = model.layers;
  checkInt(where, 'segments', options.segments, 1, layers.length);
  const groups = splitSegments(layers, options.segments);
  const before = tf.memory().numBytes;
  let peak = 0;
  let gradBytes = 0; // weight gradients collected so far: every method holds them at the end, so they are not counted
  const sample = () => {
    peak = Math.max(peak, tf.memory().numBytes - before - gradBytes);
  };
  // forward: no tape, keep only each segment's input
  const inputs: tf.Tensor[] = [x];
  for (const g of groups.slice(0, -1)) {
    inputs.push(tf.tidy(() => run(g, inputs[inputs.length - 1])));
    sample();
  }
  const grads: tf.NamedTensorMap = {};
  let dy: tf.Tensor | null = null;
  let loss = 0,
    hits = 0;
  for (let s = groups.length - 1; s >= 0; s--) {
    const vars = groups[s].flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
    const input = s > 0 ? tf.variable(inputs[s], true) : null;
    const upstream = dy;
    const result = tf.variableGrads(
      () => {
        const out = run(groups[s], input ?? inputs[0]);
        sample();
        if (upstream) return tf.sum(tf.mul(out, upstream)) as tf.Scalar;
        hits = tf.tidy(() => tf.sum(tf.equal(tf.argMax(out, -1), tf.argMax(y, -1))).dataSync()[0]);
        return ce(y, out);
      },
      input ? [...vars, input] : vars,
    );
    if (!upstream) loss = result.value.dataSync()[0];
    result.value.dispose();
    for (const v of vars) {
      grads[v.name] = result.grads[v.name];
      gradBytes += 4 * v.size;
    }
    dy = input ? result.grads[input.name] : null;
    if (upstream) upstream.dispose();
    if (input) {
      input.dispose();
      inputs[s].dispose();
    }
  }
  if (dy) dy.dispose();
  return { grads, loss, hits, bytesPerExample: peak / x.shape[0] };
}

/**
 * A GradientSource for fit: each batch's gradients computed with checkpointing, so the one training
 * loop trains with it. `peakBytesPerExample` holds the largest measurement seen.
 * @example const source = checkpointedSource(model, x, y, { segments: 3 }); await fit(model, x, y, { epochs: 1, gradientSource: source });
 */
export function checkpointedSource(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { segments: number },
): GradientSource & { peakBytesPerExample: number } {
  checkArgs('checkpointedSource', model, x, y);
  const source = {
    peakBytesPerExample: 0,
    async compute(indices: Int32Array) {
      const idx = tf.tensor1d(indices, 'int32');
      const bx = tf.gather(x, idx),
        by = tf.gather(y, idx);
      const step = checkpointedGradients(model, bx, by, options);
      tf.dispose([idx, bx, by]);
      source.peakBytesPerExample = Math.max(source.peakBytesPerExample, step.bytesPerExample);
      return { loss: step.loss, hits: step.hits, grads: step.grads };
    },
  };
  return source;
}
