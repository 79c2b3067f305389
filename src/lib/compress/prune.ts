/**
 * Magnitude pruning: the weights with the smallest |w| are set to zero and held there by a
 * binary mask. "Layer-wise" prunes the same fraction of every kernel; "global" ranks all kernels
 * together, so layers with many small weights (usually the big dense layer) lose more.
 * Only kernels are pruned (Dense, Conv2D, DepthwiseConv2D, SeparableConv2D), as in TF-MOT:
 * biases and batch-norm parameters are few and pruning them hurts more than it saves.
 * @example
 *   const masks = magnitudePrune(model, { sparsity: 0.8, scope: 'global' });
 *   showTable(sparsityReport(model));
 *   disposeMasks(masks);
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkOneOf, checkRange } from '../errors';
import { checkArray, checkMap, checkModel, checkNumber, checkObject } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

export type PruneScope = 'layer' | 'global';
export const PRUNE_SCOPES: readonly PruneScope[] = ['layer', 'global'];

/** One mask per pruned weight, keyed by the weight's variable name; 1 = kept, 0 = pruned. */
export type PruningMasks = Map<string, tf.Tensor>;

const PRUNABLE_CLASSES = ['Dense', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv1D'];

export interface PrunableWeight {
  layer: string;
  className: string;
  /** The weight's variable (its `.name` keys the mask). */
  variable: tf.LayerVariable;
}

/** The kernels magnitude pruning acts on, in layer order. */
export function prunableWeights(model: tf.LayersModel): PrunableWeight[] {
  checkModel('prunableWeights', 'model', model);
  check(model instanceof tf.LayersModel, 'prunableWeights', 'model', typeof model, 'a tf.LayersModel');
  const out: PrunableWeight[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (!PRUNABLE_CLASSES.includes(className)) continue;
    // kernels, not biases: every kernel has rank >= 2, every bias rank 1.
    for (const w of layer.weights) if (w.shape.length >= 2) out.push({ layer: layer.name, className, variable: w });
  }
  return out;
}

/**
 * A 0/1 mask over `values` zeroing exactly `k` entries: the k smallest |v|, ties broken by position,
 * so the sparsity reached is exact and zeros already in `values` are pruned first (masks only grow).
 */
export function smallestMagnitudeMask(values: Float32Array, k: number): Float32Array {
  checkArray('smallestMagnitudeMask', 'values', values, { nonEmpty: false });
  checkNumber('smallestMagnitudeMask', 'k', k);
  const n = values.length;
  const mask = new Float32Array(n).fill(1);
  if (k <= 0) return mask;
  if (k >= n) return mask.fill(0);
  const abs = values.map(Math.abs);
  const threshold = Float32Array.from(abs).sort()[k - 1];
  let below = 0;
  for (let i = 0; i < n; i++)
    if (abs[i] < threshold) {
      mask[i] = 0;
      below++;
    }
  let ties = k - below; // prune this many of the entries equal to the threshold, first ones first
  for (let i = 0; i < n && ties > 0; i++)
    if (abs[i] === threshold) {
      mask[i] = 0;
      ties--;
    }
  return mask;
}

const PRUNE_OPTIONS = defineOptions('computeMasks', {
  /** Fraction of kernel weights to zero, in [0, 1). */
  sparsity: required<number>(),
  /** 'layer' (default): the same fraction per kernel; 'global': one threshold over all kernels. */
  scope: undefined as PruneScope | undefined,
  /** Only prune these layers (by name); default: every prunable layer. */
  layers: undefined as string[] | undefined,
});

export type PruneOptions = OptionsOf<typeof PRUNE_OPTIONS>;

function validate(where: string, model: tf.LayersModel, o: PruneOptions): PrunableWeight[] {
  check(model instanceof tf.LayersModel, where, 'model', typeof model, 'a tf.LayersModel');
  checkRange(where, 'sparsity', o.sparsity, 0, 0.999);
  checkOneOf(where, 'scope', o.scope ?? 'layer', PRUNE_SCOPES);
  let weights = prunableWeights(model);
  if (o.layers) {
    const names = weights.map((w) => w.layer);
    for (const l of o.layers)
      check(names.includes(l), where, 'layers', l, `names of prunable layers (${[...new Set(names)].join(', ')})`);
    weights = weights.filter((w) => o.layers!.includes(w.layer));
  }
  check(weights.length > 0, where, 'model', model.name, 'a model with at least one Dense or convolution kernel');
  return weights;
}

/** Computes magnitude masks for the model's current weights without changing the model. */
export function computeMasks(model: tf.LayersModel, options: PruneOptions): PruningMasks {
  options = PRUNE_OPTIONS.read(options);
  checkModel('computeMasks', 'model', model);
  const weights = validate('computeMasks', model, options);
  const values = weights.map((w) => w.variable.read().dataSync() as Float32Array);
  const masks: PruningMasks = new Map();
  if ((options.scope ?? 'layer') === 'layer') {
    weights.forEach((w, i) => {
      const k = Math.round(options.sparsity * values[i].length);
      masks.set(w.variable.name, tf.tensor(smallestMagnitudeMask(values[i], k), w.variable.shape as number[]));
    });
    return masks;
  }
  const all = new Float32Array(values.reduce((s, v) => s + v.length, 0));
  let offset = 0;
  for (const v of values) {
    all.set(v, offset);
    offset += v.length;
  }
  const flat = smallestMagnitudeMask(all, Math.round(options.sparsity * all.length));
  offset = 0;
  weights.forEach((w, i) => {
    masks.set(
      w.variable.name,
      tf.tensor(flat.subarray(offset, offset + values[i].length), w.variable.shape as number[]),
    );
    offset += values[i].length;
  });
  return masks;
}

/** Multiplies every masked weight by its mask in place (pruned weights become exactly 0). */
export function applyMasks(model: tf.LayersModel, masks: PruningMasks): void {
  checkModel('applyMasks', 'model', model);
  checkMap('applyMasks', 'masks', masks);
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const mask = masks.get(w.name);
      if (!mask) continue;
      const masked = tf.tidy(() => tf.mul(w.read(), mask));
      w.write(masked); // the variable takes its own reference to the data
      masked.dispose();
    }
  }
}

/** Prunes the model in place to the given sparsity and returns the masks (the caller disposes them). */
export function magnitudePrune(model: tf.LayersModel, options: PruneOptions): PruningMasks {
  options = PRUNE_OPTIONS.read(options, 'magnitudePrune');
  checkModel('magnitudePrune', 'model', model);
  validate('magnitudePrune', model, options);
  const masks = computeMasks(model, options);
  applyMasks(model, masks);
  return masks;
}

/** Disposes the mask tensors. */
export function disposeMasks(masks: PruningMasks): void {
  checkMap('disposeMasks', 'masks', masks);
  for (const m of masks.values()) m.dispose();
  masks.clear();
}

export interface SparsityRow {
  layer: string;
  weight: string;
  params: number;
  zeros: number;
  sparsity: number;
}

/** Zeros per prunable kernel and in total (the last row, layer 'total'). */
export function sparsityReport(model: tf.LayersModel): SparsityRow[] {
  checkModel('sparsityReport', 'model', model);
  check(model instanceof tf.LayersModel, 'sparsityReport', 'model', typeof model, 'a tf.LayersModel');
  const rows = prunableWeights(model).map((w) => {
    const v = w.variable.read().dataSync();
    let zeros = 0;
    for (let i = 0; i < v.length; i++) if (v[i] === 0) zeros++;
    return { layer: w.layer, weight: w.variable.name, params: v.length, zeros, sparsity: zeros / v.length };
  });
  const params = rows.reduce((s, r) => s + r.params, 0);
  const zeros = rows.reduce((s, r) => s + r.zeros, 0);
  rows.push({ layer: 'total', weight: '', params, zeros, sparsity: params ? zeros / params : 0 });
  return rows;
}
