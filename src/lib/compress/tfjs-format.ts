/**
 * Saving in the TensorFlow.js layers format: a folder with `model.json` (topology + weights manifest)
 * and `group1-shard1of1.bin` (the weights). It is what `tf.loadLayersModel` reads in the browser
 * (over http) and in Node (`file://` with tfjs-node), and what `tensorflowjs_converter` turns into
 * a Keras .h5 / SavedModel. Optionally the weights are stored quantised the way the converter's
 * `--quantize_uint8` / `--quantize_float16` do (per-tensor uint8: w = q·scale + min); tfjs
 * dequantises them when it loads. Plain tfjs (no tfjs-node) has no file:// handler, hence this
 * small one built on tf.io.withSaveHandler / tf.io.fromMemory.
 * @example
 *   await saveTfjs(model, 'out/mnist-cnn', { quantise: 'uint8' });
 *   const again = await loadTfjs('out/mnist-cnn');
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { check, checkOneOf } from '../errors';
import { quantiseTensor } from './quantise';

export type TfjsQuantisation = 'none' | 'uint8' | 'float16';
const TFJS_QUANTISATIONS: readonly TfjsQuantisation[] = ['none', 'uint8', 'float16'];
const WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface SavedTfjs {
  /** model.json path. */
  modelPath: string;
  /** Sizes of model.json and the weights file. */
  jsonBytes: number;
  weightBytes: number;
}

/** Re-encodes float32 weights as the tfjs converter's quantised formats. */
function quantiseArtifacts(specs: tf.io.WeightsManifestEntry[], data: ArrayBuffer, mode: 'uint8' | 'float16'): { specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer } {
  const parts: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    check(spec.dtype === 'float32', 'saveTfjs', `weight ${spec.name}`, spec.dtype, 'float32 weights (to quantise)');
    const values = new Float32Array(data.slice(offset, offset + 4 * n));
    offset += 4 * n;
    const q = quantiseTensor(values, spec.shape, { dtype: mode === 'uint8' ? 'uint8' : 'float16' });
    parts.push(new Uint8Array(q.data.buffer, q.data.byteOffset, q.data.byteLength));
    out.push({ ...spec, quantization: mode === 'uint8' ? { dtype: 'uint8', scale: q.scale[0], min: -q.zeroPoint[0] * q.scale[0] } : { dtype: 'float16' } });
  }
  const joined = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { joined.set(p, at); at += p.length; }
  return { specs: out, data: joined.buffer };
}

/** Writes `dir/model.json` and `dir/group1-shard1of1.bin` (the folder is created). */
export async function saveTfjs(model: tf.LayersModel, dir: string, options: { quantise?: TfjsQuantisation } = {}): Promise<SavedTfjs> {
  check(model instanceof tf.LayersModel, 'saveTfjs', 'model', typeof model, 'a tf.LayersModel');
  check(typeof dir === 'string' && dir.length > 0, 'saveTfjs', 'dir', dir, 'a folder path');
  const mode = options.quantise ?? 'none';
  checkOneOf('saveTfjs', 'quantise', mode, TFJS_QUANTISATIONS);
  let saved: SavedTfjs | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    let specs = artifacts.weightSpecs ?? [];
    let data = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
    if (mode !== 'none') ({ specs, data } = quantiseArtifacts(specs, data, mode));
    const json = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: 'tfjs-workbook saveTfjs',
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
    };
    fs.mkdirSync(dir, { recursive: true });
    const text = JSON.stringify(json);
    fs.writeFileSync(path.join(dir, 'model.json'), text);
    fs.writeFileSync(path.join(dir, WEIGHTS_FILE), Buffer.from(data));
    saved = { modelPath: path.join(dir, 'model.json'), jsonBytes: Buffer.byteLength(text), weightBytes: data.byteLength };
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
  }));
  return saved!;
}

/** Loads a folder written by saveTfjs (or by tensorflowjs_converter, layers format) with plain tfjs. */
export async function loadTfjs(dirOrModelJson: string): Promise<tf.LayersModel> {
  check(typeof dirOrModelJson === 'string', 'loadTfjs', 'path', dirOrModelJson, 'a folder or model.json path');
  const modelPath = dirOrModelJson.endsWith('.json') ? dirOrModelJson : path.join(dirOrModelJson, 'model.json');
  check(fs.existsSync(modelPath), 'loadTfjs', 'path', modelPath, 'an existing model.json (or the folder holding it)');
  const json = JSON.parse(fs.readFileSync(modelPath, 'utf8')) as tf.io.ModelJSON;
  const dir = path.dirname(modelPath);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const b = fs.readFileSync(path.join(dir, p));
      buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    }
  }
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: tf.io.CompositeArrayBuffer.join(buffers) }));
}
