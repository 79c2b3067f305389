/**
 * Model growth (Net2Net, Chen, Goodfellow & Shlens 2016): train a small network, then grow it
 * into a bigger one that computes the same function, and train on — the bigger network starts
 * where the small one stopped instead of from scratch.
 *  - widenLayer (Net2WiderNet): a Dense or Conv2D layer gets more units/filters by copying
 *    existing ones; the next weighted layer's incoming weights of each copied unit are split
 *    between the copies, so the sum it sees is unchanged.
 *  - deepenAfter (Net2DeeperNet): inserts an identity layer (identity matrix / centred identity
 *    kernel, zero bias) after a ReLU or linear layer; relu(I·relu(z)) = relu(z).
 * Both return a new tf.Sequential (the caller owns both models) with fresh, untrained layers
 * nowhere: every weight is copied or derived from the original.
 * @example const wide = widenLayer(small, 'fc1', 256, { seed: 1 }); const deep = deepenAfter(wide, 'fc1');
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError, check, checkInt, checkOneOf } from '../errors';
import { rng } from '../random';

const WEIGHTED = ['Dense', 'Conv2D'];
/** Layers between a widened layer and the next weighted one that pass channels through unchanged. */
const PASS_THROUGH = [
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Flatten',
  'Dropout',
  'SpatialDropout1D',
  'Activation',
];
/** Activations f with f(f(z)) = f(z), so an identity layer using f after a layer using f changes nothing. */
const IDEMPOTENT = ['relu', 'linear'];

export interface WidenOptions {
  /** Seeds which units are copied and how their outgoing weights are split. Default 0. */
  seed?: number;
  /**
   * 'random' (default): each copy takes a random share of the outgoing weights (shares sum to 1), so
   * copies get different gradients and drift apart — still exactly the same function. 'equal': the
   * paper's 1/count split; copies stay identical under gradient descent unless something else
   * (dropout, noise) breaks the tie.
   */
  split?: 'random' | 'equal';
}

export interface DeepenOptions {
  /** Kernel size of an inserted Conv2D (odd). Default 3. */
  kernelSize?: number;
  /** Name of the inserted layer. Default `${layerName}_identity`. */
  name?: string;
}

interface LayerConfig {
  className: string;
  config: Record<string, unknown>;
}

function checkKeys(where: string, options: object, known: string[]): void {
  check(
    typeof options === 'object' && options !== null && !Array.isArray(options),
    where,
    'options',
    options,
    'an options object',
  );
  for (const key of Object.keys(options))
    check(known.includes(key), where, 'options', key, `known keys ${known.join(', ')}`);
}

function findLayer(where: string, model: tf.Sequential, layerName: string): number {
  check(
    model instanceof tf.Sequential,
    where,
    'model',
    (model as { constructor?: { name?: string } })?.constructor?.name ?? typeof model,
    'a tf.Sequential model',
  );
  const index = model.layers.findIndex((l) => l.name === layerName);
  const weighted = model.layers.filter((l) => WEIGHTED.includes(l.getClassName())).map((l) => l.name);
  check(
    index >= 0 && WEIGHTED.includes(model.layers[index].getClassName()),
    where,
    'layerName',
    layerName,
    `a Dense or Conv2D layer of the model (${weighted.join(', ')})`,
  );
  const cfg = model.layers[index].getConfig();
  check(cfg.useBias !== false, where, 'layerName', layerName, 'a layer with a bias');
  check(
    cfg.dataFormat === undefined || cfg.dataFormat === 'channelsLast',
    where,
    'layerName',
    layerName,
    'a channels-last layer',
  );
  return index;
}

function rebuild(model: tf.Sequential, layers: LayerConfig[], weights: tf.Tensor[][], suffix: string): tf.Sequential {
  const config = { name: `${model.name}_${suffix}`, layers };
  const grown = tf.Sequential.fromConfig(
    tf.Sequential,
    config as unknown as tf.serialization.ConfigDict,
  ) as tf.Sequential;
  grown.setWeights(weights.flat());
  return grown;
}

/**
 * A copy of `model` whose Dense/Conv2D layer `layerName` has `units` units (filters), computing the
 * same function. Layers between it and the next Dense/Conv2D may be pooling, flatten, dropout or
 * activation layers (BatchNorm and others are refused). The output layer cannot be widened.
 */
export function widenLayer(
  model: tf.Sequential,
  layerName: string,
  units: number,
  options: WidenOptions = {},
): tf.Sequential {
  const where = 'widenLayer';
  const index = findLayer(where, model, layerName);
  checkKeys(where, options, ['seed', 'split']);
  const { seed = 0, split = 'random' } = options;
  checkInt(where, 'seed', seed, 0);
  checkOneOf(where, 'split', split, ['random', 'equal'] as const);
  const layer = model.layers[index];
  const old =
    layer.getClassName() === 'Dense' ? (layer.getConfig().units as number) : (layer.getConfig().filters as number);
  checkInt(where, 'units', units, old + 1, 1 << 16);
  let next = index + 1;
  while (next < model.layers.length && !WEIGHTED.includes(model.layers[next].getClassName())) {
    const cls = model.layers[next].getClassName();
    check(
      PASS_THROUGH.includes(cls),
      where,
      'layerName',
      layerName,
      `a layer followed by pooling/flatten/dropout/activation layers only (found ${cls} "${model.layers[next].name}")`,
    );
    next++;
  }
  check(
    next < model.layers.length,
    where,
    'layerName',
    layerName,
    'a hidden layer (the output layer cannot be widened: it would change the output)',
  );

  // Unit j of the wide layer copies unit source[j]; each original unit's copies share its outgoing weights.
  const random = rng(seed);
  const source = Int32Array.from({ length: units }, (_, j) => (j < old ? j : random.int(0, old - 1)));
  const share = new Float32Array(units);
  for (let k = 0; k < old; k++) {
    const copies = Array.from(source.keys()).filter((j) => source[j] === k);
    const raw = copies.map(() => (split === 'equal' ? 1 : 0.5 + random.next()));
    const total = raw.reduce((a, b) => a + b, 0);
    copies.forEach((j, c) => (share[j] = raw[c] / total));
  }

  const weights = model.layers.map((l) => l.getWeights());
  const [kernel, bias] = weights[index];
  const nextLayer = model.layers[next];
  const [nextKernel, nextBias] = weights[next];
  // Incoming rows of the next kernel: channels are the last axis of the widened output, so after a
  // Flatten row r belongs to channel r % old (channels-last), repeated per spatial position.
  check(
    nextKernel.shape[nextKernel.rank - 2] % old === 0,
    where,
    'layerName',
    layerName,
    'a layer whose outputs feed the next kernel directly or through Flatten',
  );
  // Weights are rearranged as plain arrays and made into fresh tensors: a tf.gather result can share
  // its storage with an internal reshape (the WASM backend then reports the wrong rank for it).
  const kernelData = kernel.dataSync();
  const rowsIn = kernelData.length / old;
  const wideKernel = new Float32Array(rowsIn * units);
  for (let r = 0; r < rowsIn; r++)
    for (let j = 0; j < units; j++) wideKernel[r * units + j] = kernelData[r * old + source[j]];
  const biasData = bias.dataSync();
  const wideBias = Float32Array.from(source, (k) => biasData[k]);
  const nextData = nextKernel.dataSync();
  const outN = nextKernel.shape[nextKernel.rank - 1];
  const blocks = nextData.length / (old * outN); // spatial positions (Dense after Flatten) or kernel taps (Conv2D)
  const outgoing = new Float32Array(blocks * units * outN);
  for (let b = 0; b < blocks; b++)
    for (let j = 0; j < units; j++)
      for (let o = 0; o < outN; o++)
        outgoing[(b * units + j) * outN + o] = nextData[(b * old + source[j]) * outN + o] * share[j];
  const nextShape = nextKernel.shape.slice();
  nextShape[nextShape.length - 2] = nextLayer.getClassName() === 'Dense' ? blocks * units : units;
  const grown = [
    tf.tensor(wideKernel, [...kernel.shape.slice(0, -1), units]),
    tf.tensor1d(wideBias),
    tf.tensor(outgoing, nextShape),
  ];
  const layers = (model.getConfig() as unknown as { layers: LayerConfig[] }).layers;
  layers[index].config[layer.getClassName() === 'Dense' ? 'units' : 'filters'] = units;
  const newWeights = weights.map((w, i) =>
    i === index ? [grown[0], grown[1]] : i === next ? [grown[2], ...(nextBias ? [nextBias] : [])] : w,
  );
  try {
    return rebuild(model, layers, newWeights, `wide_${layerName}`);
  } finally {
    tf.dispose(grown);
  }
}

/**
 * A copy of `model` with an identity layer inserted right after Dense/Conv2D layer `layerName`
 * (its activation must be relu or linear, which the new layer repeats), computing the same function.
 */
export function deepenAfter(model: tf.Sequential, layerName: string, options: DeepenOptions = {}): tf.Sequential {
  const where = 'deepenAfter';
  const index = findLayer(where, model, layerName);
  checkKeys(where, options, ['kernelSize', 'name']);
  const { kernelSize = 3, name = `${layerName}_identity` } = options;
  checkInt(where, 'kernelSize', kernelSize, 1, 15);
  check(
    kernelSize % 2 === 1,
    where,
    'kernelSize',
    kernelSize,
    'an odd integer in [1, 15] (the identity tap sits in the centre)',
  );
  check(
    typeof name === 'string' && name.length > 0 && !model.layers.some((l) => l.name === name),
    where,
    'name',
    name,
    'a layer name not already in the model',
  );
  const layer = model.layers[index];
  const cfg = layer.getConfig();
  const activation = String(cfg.activation);
  if (!IDEMPOTENT.includes(activation)) {
    throw new WorkbookError(
      where,
      'layerName',
      layerName,
      'a layer with relu or linear activation',
      `${where}: layer "${layerName}" uses ${activation}; an identity layer preserves the function only after relu or linear`,
    );
  }
  const isDense = layer.getClassName() === 'Dense';
  const units = (isDense ? cfg.units : cfg.filters) as number;
  const inserted: LayerConfig = isDense
    ? { className: 'Dense', config: { name, units, activation, useBias: true } }
    : {
        className: 'Conv2D',
        config: {
          name,
          filters: units,
          kernelSize,
          padding: 'same',
          strides: 1,
          activation,
          useBias: true,
          dataFormat: 'channelsLast',
        },
      };
  // Dense: the identity matrix. Conv2D: tap (centre, centre) maps channel c to channel c, all other taps 0.
  const taps = isDense ? 1 : kernelSize * kernelSize;
  const centreTap = (taps - 1) / 2;
  const kernel = new Float32Array(taps * units * units);
  for (let c = 0; c < units; c++) kernel[(centreTap * units + c) * units + c] = 1;
  const identity = [
    tf.tensor(kernel, isDense ? [units, units] : [kernelSize, kernelSize, units, units]),
    tf.zeros([units]),
  ];
  const layers = (model.getConfig() as unknown as { layers: LayerConfig[] }).layers;
  layers.splice(index + 1, 0, inserted);
  const weights = model.layers.map((l) => l.getWeights());
  weights.splice(index + 1, 0, identity);
  try {
    return rebuild(model, layers, weights, `deep_${layerName}`);
  } finally {
    tf.dispose(identity);
  }
}
