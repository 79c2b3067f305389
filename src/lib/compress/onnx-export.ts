/**
 * Export of a TensorFlow.js LayersModel to ONNX (opset 13), the exchange format that ONNX Runtime,
 * TensorRT, OpenVINO, CoreML tools and most inference servers read. Supported layers:
 * Dense, Conv2D, DepthwiseConv2D, SeparableConv2D, MaxPooling2D, AveragePooling2D,
 * GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Activation / fused activations (relu, relu6,
 * sigmoid, tanh, softmax, elu, softplus, linear), BatchNormalization, Dropout (identity at
 * inference). Anything else stops the export with a WorkbookError naming the layer.
 * The ONNX model takes and returns the same layouts as tfjs (NHWC images in, logits out); inside,
 * convolutions run in NCHW (see onnx-graph.ts for where the transposes go).
 * @example
 *   const bytes = exportOnnx(model);                   // Uint8Array
 *   fs.writeFileSync('model.onnx', bytes);
 *   const check = await checkOnnx(model, bytes, test.xs.slice(0, 64)); // ≤ 1e-4 expected
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError, check } from '../errors';
import { OnnxGraph, OnnxValue } from './onnx-graph';
import { checkArray, checkModel, checkString } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export const ONNX_SUPPORTED_LAYERS = [
  'InputLayer',
  'Dense',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Flatten',
  'Activation',
  'ReLU',
  'Softmax',
  'BatchNormalization',
  'Dropout',
];
export const ONNX_SUPPORTED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'elu', 'softplus'];
export const ONNX_INPUT_NAME = 'input';
export const ONNX_OUTPUT_NAME = 'output';

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function weightOf(layer: tf.layers.Layer, suffix: string): { values: Float32Array; shape: number[] } | undefined {
  const w = layer.weights.find((v) => v.originalName.endsWith(suffix) || v.name.endsWith(suffix));
  return w ? { values: w.read().dataSync() as Float32Array, shape: w.shape as number[] } : undefined;
}

function transposed(values: Float32Array, shape: number[], perm: number[], reshape?: number[]): Float32Array {
  return tf.tidy(() => {
    let t = tf.transpose(tf.tensor(values, shape), perm);
    if (reshape) t = t.reshape(reshape);
    return t.dataSync() as Float32Array;
  });
}

/** ONNX pads [top, left, bottom, right] reproducing TF 'same' (extra padding at the end) or 'valid'. */
export function tfPads(
  padding: string,
  inSize: number[],
  kernel: number[],
  strides: number[],
  dilation: number[] = [1, 1],
): number[] {
  checkString('tfPads', 'padding', padding, false);
  checkArray('tfPads', 'inSize', inSize, { numbers: true });
  checkArray('tfPads', 'kernel', kernel, { numbers: true });
  checkArray('tfPads', 'strides', strides, { numbers: true });
  if (dilation !== undefined) checkArray('tfPads', 'dilation', dilation, { numbers: true });
  if (padding === 'valid') return [0, 0, 0, 0];
  const total = inSize.map((n, i) => {
    const out = Math.ceil(n / strides[i]);
    return Math.max((out - 1) * strides[i] + (kernel[i] - 1) * dilation[i] + 1 - n, 0);
  });
  const begin = total.map((t) => Math.floor(t / 2));
  return [begin[0], begin[1], total[0] - begin[0], total[1] - begin[1]];
}

function spatial(where: string, layer: tf.layers.Layer, c: Config, v: OnnxValue): number[] {
  if (c.dataFormat && c.dataFormat !== 'channelsLast')
    throw new WorkbookError(
      where,
      `layer "${layer.name}" dataFormat`,
      c.dataFormat,
      '"channelsLast" (the tfjs default)',
    );
  check(
    v.shape.length === 4,
    where,
    `layer "${layer.name}" input rank`,
    v.shape.length,
    '4 (batch, height, width, channels)',
  );
  return [v.shape[1]!, v.shape[2]!];
}

function pair(x: number | number[] | undefined, fallback: number): number[] {
  if (x === undefined || x === null) return [fallback, fallback];
  return Array.isArray(x) ? x : [x, x];
}

/** Adds the activation named `name` after value v. */
function activation(g: OnnxGraph, v: OnnxValue, name: string, layerName: string): OnnxValue {
  if (!name || name === 'linear') return v;
  const op: Record<string, string> = {
    relu: 'Relu',
    sigmoid: 'Sigmoid',
    tanh: 'Tanh',
    elu: 'Elu',
    softplus: 'Softplus',
  };
  if (op[name]) return { ...v, name: g.node(op[name], [v.name], {}, layerName) };
  if (name === 'relu6')
    return {
      ...v,
      name: g.node(
        'Clip',
        [v.name, g.weight('zero', Float32Array.of(0), []), g.weight('six', Float32Array.of(6), [])],
        {},
        layerName,
      ),
    };
  if (name === 'softmax') {
    const w = g.toNhwc(v); // tfjs softmax is over the last (channel) axis
    return { ...w, name: g.node('Softmax', [w.name], { axis: -1 }, layerName) };
  }
  throw new WorkbookError(
    'exportOnnx',
    `activation of layer "${layerName}"`,
    name,
    `one of ${ONNX_SUPPORTED_ACTIVATIONS.join(', ')}`,
  );
}

/** Grouped (depthwise) convolution: tfjs kernel [kh, kw, in, mult] → ONNX [in·mult, 1, kh, kw]. */
function depthwise(g: OnnxGraph, layer: tf.layers.Layer, c: Config, v: OnnxValue, bias?: Float32Array): OnnxValue {
  const [h, w] = spatial('exportOnnx', layer, c, v);
  const k = weightOf(layer, 'depthwise_kernel')!;
  const [kh, kw, cin, mult] = k.shape;
  const W = g.weight(`${layer.name}_dw`, transposed(k.values, k.shape, [2, 3, 0, 1]), [cin * mult, 1, kh, kw]);
  const strides = pair(c.strides, 1),
    dilations = pair(c.dilationRate, 1);
  const x = g.toNchw(v);
  const inputs = [x.name, W].concat(bias ? [g.weight(`${layer.name}_b`, bias, [bias.length])] : []);
  const name = g.node(
    'Conv',
    inputs,
    {
      group: cin,
      kernel_shape: [kh, kw],
      strides,
      dilations,
      pads: tfPads(c.padding, [h, w], [kh, kw], strides, dilations),
    },
    layer.name,
  );
  return { name, layout: 'nchw', shape: [null, ...(layer.outputShape as number[]).slice(1, 3), cin * mult] };
}

function convert(g: OnnxGraph, layer: tf.layers.Layer, v: OnnxValue): OnnxValue {
  const c = layer.getConfig() as Config;
  const out = (layer.outputShape as (number | null)[]).slice();
  switch (layer.getClassName()) {
    case 'Dropout':
      return v;
    case 'Activation':
      return activation(g, v, c.activation, layer.name);
    case 'ReLU':
      check(!c.maxValue, 'exportOnnx', `layer "${layer.name}" maxValue`, c.maxValue, 'none (use activation relu6)');
      return activation(g, v, 'relu', layer.name);
    case 'Softmax':
      check(
        c.axis === undefined || c.axis === -1 || c.axis === v.shape.length - 1,
        'exportOnnx',
        `layer "${layer.name}" axis`,
        c.axis,
        'the last axis',
      );
      return activation(g, v, 'softmax', layer.name);
    case 'Flatten': {
      const x = g.toNhwc(v); // flatten in tfjs (channels-last) order so the next Dense's weights match
      return {
        name: x.shape.length > 2 ? g.node('Flatten', [x.name], { axis: 1 }, layer.name) : x.name,
        layout: 'flat',
        shape: out,
      };
    }
    case 'Dense': {
      const x = g.toNhwc(v);
      const k = weightOf(layer, 'kernel')!;
      let y = g.node('MatMul', [x.name, g.weight(`${layer.name}_W`, k.values, k.shape)], {}, layer.name);
      const b = weightOf(layer, 'bias');
      if (b) y = g.node('Add', [y, g.weight(`${layer.name}_b`, b.values, b.shape)], {}, layer.name);
      return activation(g, { name: y, layout: x.layout, shape: out }, c.activation, layer.name);
    }
    case 'Conv2D': {
      const [h, w] = spatial('exportOnnx', layer, c, v);
      const k = weightOf(layer, 'kernel')!;
      const [kh, kw, cin, cout] = k.shape;
      const strides = pair(c.strides, 1),
        dilations = pair(c.dilationRate, 1);
      const x = g.toNchw(v);
      const inputs = [
        x.name,
        g.weight(`${layer.name}_W`, transposed(k.values, k.shape, [3, 2, 0, 1]), [cout, cin, kh, kw]),
      ];
      const b = weightOf(layer, 'bias');
      if (b) inputs.push(g.weight(`${layer.name}_b`, b.values, b.shape));
      const y = g.node(
        'Conv',
        inputs,
        { kernel_shape: [kh, kw], strides, dilations, pads: tfPads(c.padding, [h, w], [kh, kw], strides, dilations) },
        layer.name,
      );
      return activation(g, { name: y, layout: 'nchw', shape: out }, c.activation, layer.name);
    }
    case 'DepthwiseConv2D':
      return activation(
        g,
        { ...depthwise(g, layer, c, v, weightOf(layer, 'bias')?.values), shape: out },
        c.activation,
        layer.name,
      );
    case 'SeparableConv2D': {
      const d = depthwise(g, layer, c, v);
      const p = weightOf(layer, 'pointwise_kernel')!; // [1, 1, in·mult, filters]
      const [, , cmid, cout] = p.shape;
      const inputs = [
        d.name,
        g.weight(`${layer.name}_pw`, transposed(p.values, p.shape, [3, 2, 0, 1]), [cout, cmid, 1, 1]),
      ];
      const b = weightOf(layer, 'bias');
      if (b) inputs.push(g.weight(`${layer.name}_b`, b.values, b.shape));
      const y = g.node('Conv', inputs, { kernel_shape: [1, 1] }, layer.name);
      return activation(g, { name: y, layout: 'nchw', shape: out }, c.activation, layer.name);
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const [h, w] = spatial('exportOnnx', layer, c, v);
      const kernel = pair(c.poolSize, 2),
        strides = pair(c.strides ?? c.poolSize, 2);
      const op = layer.getClassName() === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool'; // AveragePool excludes padding, like TF
      const x = g.toNchw(v);
      const y = g.node(
        op,
        [x.name],
        { kernel_shape: kernel, strides, pads: tfPads(c.padding, [h, w], kernel, strides) },
        layer.name,
      );
      return { name: y, layout: 'nchw', shape: out };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      spatial('exportOnnx', layer, c, v);
      const x = g.toNchw(v);
      const pooled = g.node(
        layer.getClassName() === 'GlobalMaxPooling2D' ? 'GlobalMaxPool' : 'GlobalAveragePool',
        [x.name],
        {},
        layer.name,
      );
      return { name: g.node('Flatten', [pooled], { axis: 1 }, layer.name), layout: 'flat', shape: out };
    }
    case 'BatchNormalization': {
      const rank = v.shape.length;
      check(
        c.axis === -1 || c.axis === rank - 1,
        'exportOnnx',
        `layer "${layer.name}" axis`,
        c.axis,
        'the channel (last) axis',
      );
      const x = g.toNchw(v);
      const mean = weightOf(layer, 'moving_mean')!;
      const n = mean.values.length;
      const gamma = weightOf(layer, 'gamma')?.values ?? new Float32Array(n).fill(1);
      const beta = weightOf(layer, 'beta')?.values ?? new Float32Array(n);
      const inputs = [
        x.name,
        g.weight('gamma', gamma, [n]),
        g.weight('beta', beta, [n]),
        g.weight('mean', mean.values, [n]),
        g.weight('var', weightOf(layer, 'moving_variance')!.values, [n]),
      ];
      return {
        ...x,
        name: g.node('BatchNormalization', inputs, { epsilon: c.epsilon ?? 1e-3 }, layer.name),
        shape: out,
      };
    }
    default:
      throw new WorkbookError(
        'exportOnnx',
        'layer',
        `${layer.name} (${layer.getClassName()})`,
        `models made of ${ONNX_SUPPORTED_LAYERS.filter((l) => l !== 'InputLayer').join(', ')}`,
        `exportOnnx: layer "${layer.name}" of type ${layer.getClassName()} is not supported; accepted: ${ONNX_SUPPORTED_LAYERS.filter((l) => l !== 'InputLayer').join(', ')}`,
      );
  }
}

const EXPORT_ONNX_OPTIONS = defineOptions('exportOnnx', {
  name: undefined as string | undefined,
});

/** The ONNX model (serialised ModelProto bytes) computing the same function as `model` at inference. */
export function exportOnnx(model: tf.LayersModel, options: OptionsOf<typeof EXPORT_ONNX_OPTIONS> = {}): Uint8Array {
  options = EXPORT_ONNX_OPTIONS.read(options);
  checkModel('exportOnnx', 'model', model);
  check(model instanceof tf.LayersModel, 'exportOnnx', 'model', typeof model, 'a tf.LayersModel');
  check(
    model.inputs.length === 1 && model.outputs.length === 1,
    'exportOnnx',
    'model',
    `${model.inputs.length} inputs, ${model.outputs.length} outputs`,
    'a model with one input and one output',
  );
  const g = new OnnxGraph();
  const inShape = model.inputs[0].shape;
  const input: OnnxValue = { name: ONNX_INPUT_NAME, layout: inShape.length === 4 ? 'nhwc' : 'flat', shape: inShape };
  const values = new Map<string, OnnxValue>([[model.inputs[0].name, input]]);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const inputs = layer.inboundNodes.length === 1 ? layer.inboundNodes[0].inputTensors : [];
    const v = inputs.length === 1 ? values.get(inputs[0].name) : undefined;
    if (!v)
      throw new WorkbookError(
        'exportOnnx',
        'layer',
        `${layer.name} (${layer.getClassName()})`,
        'a layer with exactly one input, used once',
        `exportOnnx: layer "${layer.name}" of type ${layer.getClassName()} has ${inputs.length} inputs or is shared; accepted: chains of single-input layers`,
      );
    values.set((layer.output as tf.SymbolicTensor).name, convert(g, layer, v));
  }
  const out = values.get(model.outputs[0].name)!;
  return g.build(options.name ?? model.name, input, ONNX_INPUT_NAME, g.toNhwc(out), ONNX_OUTPUT_NAME);
}
