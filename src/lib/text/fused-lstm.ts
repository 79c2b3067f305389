/**
 * fusedLstm: a drop-in for tf.layers.lstm whose whole sequence runs in one wasm kernel call each
 * way (./lstm-sequence.ts) instead of ~15 tensor ops per time step. Its weights are an
 * LSTMCell's (kernel [D, 4U], recurrent_kernel [U, 4U], bias [4U], gates i, f, g, o), so
 * getWeights/setWeights interchange with tf.layers.lstm, and the initialisers, defaults
 * (glorotNormal, orthogonal, zeros, tanh, hardSigmoid) and unitForgetBias are tfjs-layers' own.
 * It covers what the workbook's text models use: a zero initial state, the last output or every
 * output; no masking, dropout, initial or returned states, statefulness or reversed time (each
 * refused with a WorkbookError rather than silently ignored).
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError, check, checkInt, checkOneOf } from '../errors';
import { checkOptions } from '../validate';
import { lstmSequence } from './lstm-sequence';

type InitializerArg = string | tf.serialization.Serializable | { className: string; config?: object };

export interface FusedLstmArgs {
  /** Recurrent units, ≥ 1. */
  units: number;
  /** Every step's output [batch, steps, units] (true) or only the last [batch, units]. Default false. */
  returnSequences?: boolean;
  /** The candidate/output activation: only 'tanh' (tf.layers.lstm's default). */
  activation?: 'tanh';
  /** The gates' activation. Default 'hardSigmoid' (tf.layers.lstm's default); 'sigmoid' is PyTorch's. */
  recurrentActivation?: 'hardSigmoid' | 'sigmoid';
  useBias?: boolean;
  /** As for tf.layers.lstm (an initializer or its name). Defaults glorotNormal / orthogonal / zeros. */
  kernelInitializer?: InitializerArg;
  recurrentInitializer?: InitializerArg;
  biasInitializer?: InitializerArg;
  /** Forget-gate bias starts at 1. Default false (as tf.layers.lstm). */
  unitForgetBias?: boolean;
  name?: string;
  trainable?: boolean;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  dtype?: 'float32';
  /** Initial weights [kernel, recurrent_kernel, bias], as tf.layers.lstm's getWeights() returns them. */
  weights?: tf.Tensor[];
}

const KEYS = [
  'units',
  'returnSequences',
  'activation',
  'recurrentActivation',
  'useBias',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'unitForgetBias',
  'name',
  'trainable',
  'inputShape',
  'batchInputShape',
  'dtype',
  'weights',
] as const;

const INITIALIZERS = [
  'constant',
  'glorotNormal',
  'glorotUniform',
  'heNormal',
  'heUniform',
  'identity',
  'leCunNormal',
  'leCunUniform',
  'ones',
  'orthogonal',
  'randomNormal',
  'randomUniform',
  'truncatedNormal',
  'varianceScaling',
  'zeros',
];

const WHERE = 'fusedLstm';

function validate(args: FusedLstmArgs): void {
  check(args !== null && typeof args === 'object' && !Array.isArray(args), WHERE, 'args', args, 'an object with units');
  checkOptions(WHERE, args, KEYS, 'args');
  checkInt(WHERE, 'units', args.units, 1, 1 << 16);
  for (const flag of ['returnSequences', 'useBias', 'unitForgetBias', 'trainable'] as const)
    if (args[flag] !== undefined) checkOneOf(WHERE, flag, args[flag], [true, false]);
  if (args.activation !== undefined) checkOneOf(WHERE, 'activation', args.activation, ['tanh']);
  if (args.recurrentActivation !== undefined)
    checkOneOf(WHERE, 'recurrentActivation', args.recurrentActivation, ['hardSigmoid', 'sigmoid']);
  if (args.dtype !== undefined) checkOneOf(WHERE, 'dtype', args.dtype, ['float32']);
  if (args.name !== undefined)
    check(typeof args.name === 'string' && args.name.length > 0, WHERE, 'name', args.name, 'a non-empty string');
  for (const key of ['kernelInitializer', 'recurrentInitializer', 'biasInitializer'] as const) {
    const v = args[key];
    if (v === undefined) continue;
    const ok =
      (typeof v === 'string' && INITIALIZERS.includes(v)) ||
      v instanceof tf.serialization.Serializable ||
      (typeof v === 'object' && v !== null && typeof (v as { className?: unknown }).className === 'string');
    check(ok, WHERE, key, v, `a tf.initializers instance or one of ${INITIALIZERS.join(', ')}`);
  }
  for (const key of ['inputShape', 'batchInputShape'] as const) {
    const s = args[key];
    if (s === undefined) continue;
    const rank = key === 'inputShape' ? 2 : 3;
    check(
      Array.isArray(s) &&
        s.length === rank &&
        s.every((d, i) => (d === null && i < rank - 1) || (Number.isSafeInteger(d) && (d as number) >= 1)),
      WHERE,
      key,
      s,
      key === 'inputShape'
        ? '[steps, features] (steps may be null), positive integers'
        : '[batch, steps, features], positive integers or null',
    );
  }
  if (args.weights !== undefined)
    check(
      Array.isArray(args.weights) && args.weights.every((w) => w instanceof tf.Tensor),
      WHERE,
      'weights',
      args.weights,
      'an array of tensors [kernel, recurrent_kernel, bias]',
    );
}

/** The LSTMCell weights the layer reads (tfjs-layers keeps them on the cell). */
interface CellWeights {
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
}

export class FusedLstm extends tf.layers.Layer {
  static readonly className = 'WorkbookFusedLstm';
  readonly units: number;
  readonly returnSequences: boolean;
  readonly recurrentActivation: 'hardSigmoid' | 'sigmoid';
  /** tf.layers.lstmCell with the same arguments: it owns (and initialises) the weights. */
  readonly cell: tf.layers.Layer;

  constructor(args: FusedLstmArgs) {
    validate(args);
    const { units, returnSequences = false, recurrentActivation = 'hardSigmoid' } = args;
    const { name, trainable, inputShape, batchInputShape, dtype, weights } = args;
    super({ name, trainable, inputShape, batchInputShape, dtype, weights } as never);
    this.units = units;
    this.returnSequences = returnSequences;
    this.recurrentActivation = recurrentActivation;
    this.inputSpec = [{ ndim: 3 }];
    const { kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias, useBias, activation } = args;
    this.cell = tf.layers.lstmCell({
      units,
      activation,
      recurrentActivation,
      useBias,
      kernelInitializer,
      recurrentInitializer,
      biasInitializer,
      unitForgetBias,
      name: this.name, // weights named `<layer>/kernel` etc., as tf.layers.lstm names them
    } as never);
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1];
    if (features === null) throw new WorkbookError(WHERE, 'input features', shape, 'a known last dimension');
    this.cell.build([shape[0], features]);
    this.built = true;
  }

  get trainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.cell.trainableWeights : [];
  }

  get nonTrainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.cell.nonTrainableWeights : this.cell.weights;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor; // the fused layer takes and gives no mask
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    if (kwargs?.mask != null)
      throw new WorkbookError(WHERE, 'mask', 'a mask', 'no mask (use tf.layers.lstm for masked sequences)');
    if (kwargs?.initialState != null)
      throw new WorkbookError(WHERE, 'initialState', 'given', 'none (the fused layer starts from a zero state)');
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    if (x.rank !== 3) throw new WorkbookError(WHERE, 'inputs', `rank ${x.rank}`, 'a [batch, steps, features] tensor');
    const { kernel, recurrentKernel, bias } = this.cell as unknown as CellWeights;
    return tf.tidy(() => {
      const b = bias ? (bias.read() as tf.Tensor1D) : tf.zeros([4 * this.units]);
      return lstmSequence(x, kernel.read() as tf.Tensor2D, recurrentKernel.read() as tf.Tensor2D, b as tf.Tensor1D, {
        hardSigmoid: this.recurrentActivation === 'hardSigmoid',
        returnSequences: this.returnSequences,
      });
    });
  }

  /** Frees the weights; unlike tfjs' layers, also for a layer never applied (nothing to free if never built). */
  dispose(): { refCountAfterDispose: number; numDisposedVariables: number } {
    const self = this as unknown as { _refCount: number | null; disposeWeights(): number };
    if (self._refCount === null)
      return { refCountAfterDispose: 0, numDisposedVariables: this.built ? self.disposeWeights() : 0 };
    return super.dispose();
  }

  /** Rebuilds a layer from getConfig() (tfjs adds its own `customObjects` key when deserialising a model). */
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { customObjects, ...args } = config;
    void customObjects;
    return new cls(args);
  }

  getConfig(): tf.serialization.ConfigDict {
    const cell = this.cell.getConfig();
    const base = super.getConfig();
    return {
      ...base,
      units: this.units,
      returnSequences: this.returnSequences,
      activation: 'tanh',
      recurrentActivation: this.recurrentActivation,
      useBias: cell.useBias,
      unitForgetBias: cell.unitForgetBias ?? false,
      kernelInitializer: cell.kernelInitializer,
      recurrentInitializer: cell.recurrentInitializer,
      biasInitializer: cell.biasInitializer,
    };
  }
}
tf.serialization.registerClass(FusedLstm);

/**
 * A fused LSTM layer (see FusedLstm): tf.layers.lstm's weights and results, one wasm call per
 * sequence each way on the wasm backend.
 * @example model.add(fusedLstm({ units: 32, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
 */
export function fusedLstm(args: FusedLstmArgs): FusedLstm {
  return new FusedLstm(args);
}
