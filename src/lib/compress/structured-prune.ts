/**
 * Structured (channel / filter) pruning: whole convolution filters and dense units with the
 * smallest L1 norm are removed, and the result is rebuilt as a smaller *dense* model (fewer filters,
 * fewer units, the next layer's input trimmed to match). Unlike magnitude pruning, which leaves the
 * shapes and so the cost of every matrix product unchanged, this model really computes less.
 * Li et al. (2017), "Pruning Filters for Efficient ConvNets". Works on a tf.Sequential chain of
 * Conv2D, Dense and shape-keeping layers (pooling, dropout, activation, flatten); the output layer
 * keeps all its units.
 * @example const { model: small } = pruneChannels(cnn, { ratio: 0.5 }); // half the filters of every hidden layer
 */
import { checkTensor } from '../validate';
import * as tf from '@tensorflow/tfjs';
import { check, checkRange, WorkbookError } from '../errors';

export interface StructuredPruneOptions {
  /** Share of each hidden Conv2D / Dense layer's filters or units removed, in [0, 1). */
  ratio: number;
}

export interface StructuredPruneResult {
  /** The new, smaller model (its own weights; the original is untouched). */
  model: tf.Sequential;
  /** Per pruned layer: the indices of the filters / units kept, and how many there were. */
  kept: { layer: string; kept: number[]; of: number }[];
}

const PRUNED = ['Conv2D', 'Dense'];
const PASS_THROUGH = ['MaxPooling2D', 'AveragePooling2D', 'Dropout', 'Activation', 'ReLU', 'Flatten'];
const KEYS = ['ratio'];

/** L1 norm of each output filter / unit of a kernel (last axis). */
export function filterNorms(kernel: tf.Tensor): Float32Array {
  check(
    kernel instanceof tf.Tensor && kernel.rank >= 2 && kernel.size > 0,
    'filterNorms',
    'kernel',
    kernel instanceof tf.Tensor ? kernel.shape : kernel,
    'a kernel tensor of rank 2 or more',
  );
  checkTensor('filterNorms', 'kernel', kernel, { finite: true });
  return tf.tidy(() => {
    const out = kernel.shape[kernel.rank - 1];
    return tf.sum(tf.abs(kernel.reshape([-1, out])), 0).dataSync() as Float32Array;
  });
}

/** Indices of the `keep` largest values, in increasing index order (ties: the earlier index wins). */
function largest(values: Float32Array, keep: number): number[] {
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
  return order.slice(0, keep).sort((a, b) => a - b);
}

/** Removes the weakest `ratio` of filters / units from every hidden layer; returns a new, smaller model. */
export function pruneChannels(model: tf.LayersModel, options: StructuredPruneOptions): StructuredPruneResult {
  const where = 'pruneChannels';
  check(
    model instanceof tf.Sequential,
    where,
    'model',
    model?.constructor?.name,
    'a tf.Sequential (a chain of layers)',
  );
  check(options != null && typeof options === 'object', where, 'options', options, 'an object with ratio');
  for (const key of Object.keys(options))
    check(KEYS.includes(key), where, 'options', key, `known keys: ${KEYS.join(', ')}`);
  const { ratio } = options;
  check(
    typeof ratio === 'number' && Number.isFinite(ratio) && ratio >= 0 && ratio < 1,
    where,
    'ratio',
    ratio,
    'a number in [0, 1)',
  );
  const layers = model.layers;
  for (const l of layers) {
    const cls = l.getClassName();
    if (!PRUNED.includes(cls) && !PASS_THROUGH.includes(cls))
      throw new WorkbookError(
        where,
        'model',
        `layer ${l.name} (${cls})`,
        `only ${[...PRUNED, ...PASS_THROUGH].join(', ')} layers`,
      );
  }
  const lastPrunable = layers.map((l) => PRUNED.includes(l.getClassName())).lastIndexOf(true);
  const config = model.getConfig() as unknown as {
    name: string;
    layers: { className: string; config: Record<string, unknown> }[];
  };
  const kept: StructuredPruneResult['kept'] = [];
  // Which input features the current layer still receives: null = all of them.
  let inputKeep: number[] | null = null;
  const newWeights: tf.Tensor[][] = [];
  layers.forEach((layer, i) => {
    const cls = layer.getClassName();
    const [kernel, bias] = layer.getWeights();
    if (cls === 'Flatten' && inputKeep) {
      // Flatten orders features (h, w, c): keep every position of the kept channels.
      const shape = (layer.input as tf.SymbolicTensor).shape as number[];
      const channels = shape[shape.length - 1];
      const positions = shape.slice(1, -1).reduce((a, b) => a * b, 1);
      const rows: number[] = [];
      for (let p = 0; p < positions; p++) for (const c of inputKeep) rows.push(p * channels + c);
      inputKeep = rows;
    }
    if (!PRUNED.includes(cls)) {
      newWeights.push([]);
      return;
    }
    const weights = tf.tidy(() => {
      let k = inputKeep ? tf.gather(kernel, inputKeep, kernel.rank - 2) : kernel.clone();
      let b = bias?.clone();
      if (i !== lastPrunable) {
        const n = kernel.shape[kernel.rank - 1];
        const keepIdx = largest(filterNorms(kernel), Math.max(1, Math.round((1 - ratio) * n)));
        kept.push({ layer: layer.name, kept: keepIdx, of: n });
        k = tf.gather(k, keepIdx, k.rank - 1);
        if (b) b = tf.gather(b, keepIdx);
        config.layers[i].config[cls === 'Dense' ? 'units' : 'filters'] = keepIdx.length;
      }
      // fresh tensors from the values: setWeights on a new model must not share storage with the old one's variables
      return (b ? [k, b] : [k]).map((t) => tf.tensor(t.dataSync(), t.shape, 'float32'));
    });
    inputKeep = i === lastPrunable ? null : kept[kept.length - 1].kept;
    newWeights.push(weights);
  });
  const small = tf.Sequential.fromConfig(tf.Sequential, {
    ...config,
    name: `${config.name}_pruned`,
  } as unknown as tf.serialization.ConfigDict) as tf.Sequential;
  small.layers.forEach((l, i) => {
    if (newWeights[i].length) l.setWeights(newWeights[i]);
  });
  tf.dispose(newWeights.flat());
  return { model: small, kept };
}
