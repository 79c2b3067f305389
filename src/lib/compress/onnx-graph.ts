/**
 * A small builder for ONNX graphs on top of `onnx-proto` (the ONNX protobuf schema compiled for
 * protobufjs): weights become initializers, operators become nodes, and every value remembers its
 * memory layout. TensorFlow.js is channels-last (NHWC); ONNX Conv and pooling are channels-first
 * (NCHW). Rather than transposing around every layer, a value is transposed only when the next
 * operator needs the other layout: convolutions and pooling ask for NCHW, Flatten and Dense ask for
 * NHWC (so flattened features come out in tfjs's order and Dense weights match unchanged).
 */
import { onnx } from 'onnx-proto';
import { checkArray, checkObject, checkString } from '../validate';

export type Layout = 'nhwc' | 'nchw' | 'flat';

/** A value in the graph: its ONNX name, layout and shape in tfjs terms (batch as null). */
export interface OnnxValue {
  name: string;
  layout: Layout;
  /** tfjs (channels-last) shape, batch dimension null. */
  shape: (number | null)[];
}

export const OPSET = 13;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export class OnnxGraph {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  /** A fresh, readable value name. */
  fresh(hint: string): string {
    checkString('OnnxGraph.fresh', 'hint', hint, false);
    return `${hint.replace(/[^A-Za-z0-9_]/g, '_')}_${this.counter++}`;
  }

  /** Adds a float32 constant (a weight) and returns its name. */
  weight(hint: string, values: Float32Array, dims: number[]): string {
    checkString('OnnxGraph.weight', 'hint', hint, false);
    checkArray('OnnxGraph.weight', 'values', values, { nonEmpty: false });
    checkArray('OnnxGraph.weight', 'dims', dims, { nonEmpty: false });
    const name = this.fresh(hint);
    const copy = Float32Array.from(values); // own buffer, little-endian as ONNX raw_data requires
    this.initializers.push({ name, dims, dataType: FLOAT, rawData: new Uint8Array(copy.buffer) });
    return name;
  }

  /** Adds an int64 constant (e.g. a shape) and returns its name. */
  int64(hint: string, values: number[]): string {
    checkString('OnnxGraph.int64', 'hint', hint, false);
    checkArray('OnnxGraph.int64', 'values', values, { nonEmpty: false });
    const name = this.fresh(hint);
    this.initializers.push({ name, dims: [values.length], dataType: INT64, int64Data: values });
    return name;
  }

  /** Adds a node with the given attributes; returns the name of its (single) output. */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, number | number[] | string> = {},
    hint = opType,
  ): string {
    checkString('OnnxGraph.node', 'opType', opType, false);
    checkArray('OnnxGraph.node', 'inputs', inputs, { nonEmpty: false });
    if (attributes !== undefined) checkObject('OnnxGraph.node', 'attributes', attributes);
    if (hint !== undefined) checkString('OnnxGraph.node', 'hint', hint, false);
    const output = this.fresh(hint);
    const attribute = Object.entries(attributes).map(([name, v]) => attr(name, v));
    this.nodes.push({
      opType,
      input: inputs,
      output: [output],
      name: `${hint}_${opType}_${this.nodes.length}`,
      attribute,
    });
    return output;
  }

  /** The value in NCHW layout (inserts a Transpose if it is NHWC). */
  toNchw(v: OnnxValue): OnnxValue {
    checkObject('OnnxGraph.toNchw', 'v', v);
    if (v.layout !== 'nhwc' || v.shape.length !== 4) return v;
    return { ...v, name: this.node('Transpose', [v.name], { perm: [0, 3, 1, 2] }, 'to_nchw'), layout: 'nchw' };
  }

  /** The value in NHWC layout (inserts a Transpose if it is NCHW). */
  toNhwc(v: OnnxValue): OnnxValue {
    checkObject('OnnxGraph.toNhwc', 'v', v);
    if (v.layout !== 'nchw') return v;
    return { ...v, name: this.node('Transpose', [v.name], { perm: [0, 2, 3, 1] }, 'to_nhwc'), layout: 'nhwc' };
  }

  /** Serialises the graph with one input and one output into ONNX model bytes. */
  build(name: string, input: OnnxValue, inputName: string, output: OnnxValue, outputName: string): Uint8Array {
    checkString('OnnxGraph.build', 'name', name, false);
    checkObject('OnnxGraph.build', 'input', input);
    checkString('OnnxGraph.build', 'inputName', inputName, false);
    checkObject('OnnxGraph.build', 'output', output);
    checkString('OnnxGraph.build', 'outputName', outputName, false);
    // rename the final value to a stable output name with an Identity node
    this.nodes.push({ opType: 'Identity', input: [output.name], output: [outputName], name: 'output_Identity' });
    const graph: onnx.IGraphProto = {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: [valueInfo(inputName, input.shape)],
      output: [valueInfo(outputName, output.shape)],
    };
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'tfjs-workbook',
      producerVersion: '0.1.0',
      opsetImport: [{ domain: '', version: OPSET }],
      graph,
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, shape: (number | null)[]): onnx.IValueInfoProto {
  const dim = shape.map((d) => (d === null ? { dimParam: 'batch' } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

function attr(name: string, v: number | number[] | string): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if (Number.isInteger(v)) return { name, type: T.INT, i: v };
  return { name, type: T.FLOAT, f: v };
}
