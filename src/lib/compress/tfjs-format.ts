/**
 * Saving in the TensorFlow.js layers format: a folder with `model.json` (topology + weights manifest)
 * and `weights.bin` (the weights). It is what `tf.loadLayersModel` reads in the browser
 * (over http) and in Node (`file://` with tfjs-node), and what `tensorflowjs_converter` turns into
 * a Keras .h5 / SavedModel. Optionally the weights are stored quantised the way the converter's
 * `--quantize_uint8` / `--quantize_float16` do (per-tensor uint8: w = q·scale + min); tfjs
 * dequantises them when it loads. The files are written and read by the workbook's file handler
 * (`io/files.ts`; plain tfjs has no file:// handler); this module only re-encodes the weights.
 * @example
 *   await saveTfjs(model, 'out/mnist-cnn', { quantise: 'uint8' });
 *   const again = await loadTfjs('out/mnist-cnn');
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { check, checkOneOf } from '../errors';
import { fileHandler, modelFiles, saveArtifacts } from '../io/files';
import { quantiseTensor } from './quantise';
import { checkModel, checkString } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export type TfjsQuantisation = 'none' | 'uint8' | 'float16';
const TFJS_QUANTISATIONS: readonly TfjsQuantisation[] = ['none', 'uint8', 'float16'];

export interface SavedTfjs {
  /** model.json path. */
  modelPath: string;
  /** Sizes of model.json and the weights file. */
  jsonBytes: number;
  weightBytes: number;
}

/** Re-encodes float32 weights as the tfjs converter's quantised formats. */
function quantiseArtifacts(
  specs: tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
  mode: 'uint8' | 'float16',
): { specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer } {
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
    out.push({
      ...spec,
      quantization:
        mode === 'uint8'
          ? { dtype: 'uint8', scale: q.scale[0], min: -q.zeroPoint[0] * q.scale[0] }
          : { dtype: 'float16' },
    });
  }
  const joined = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return { specs: out, data: joined.buffer };
}

const SAVE_TFJS_OPTIONS = defineOptions('saveTfjs', {
  quantise: undefined as TfjsQuantisation | undefined,
});

/** Writes `dir/model.json` and `dir/weights.bin` (the folder is created) with the shared file handler of `io/`. */
export async function saveTfjs(
  model: tf.LayersModel,
  dir: string,
  options: OptionsOf<typeof SAVE_TFJS_OPTIONS> = {},
): Promise<SavedTfjs> {
  options = SAVE_TFJS_OPTIONS.read(options);
  checkModel('saveTfjs', 'model', model);
  checkString('saveTfjs', 'dir', dir, false);
  check(model instanceof tf.LayersModel, 'saveTfjs', 'model', typeof model, 'a tf.LayersModel');
  check(typeof dir === 'string' && dir.length > 0, 'saveTfjs', 'dir', dir, 'a folder path');
  const mode = options.quantise ?? 'none';
  checkOneOf('saveTfjs', 'quantise', mode, TFJS_QUANTISATIONS);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (mode === 'none') return saveArtifacts(dir, artifacts);
      const q = quantiseArtifacts(
        artifacts.weightSpecs ?? [],
        tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)),
        mode,
      );
      return saveArtifacts(dir, {
        ...artifacts,
        weightSpecs: q.specs,
        weightData: q.data,
        convertedBy: `tfjs-workbook saveTfjs (${mode} weights)`,
      });
    }),
  );
  const files = modelFiles(dir, 'saveTfjs');
  return {
    modelPath: files.json,
    jsonBytes: fs.statSync(files.json).size,
    weightBytes: fs.statSync(files.weights).size,
  };
}

/** Loads a folder (or model.json) in the tfjs layers format with plain tfjs; quantised weights are dequantised. */
export async function loadTfjs(dirOrModelJson: string): Promise<tf.LayersModel> {
  checkString('loadTfjs', 'dirOrModelJson', dirOrModelJson, false);
  check(
    typeof dirOrModelJson === 'string',
    'loadTfjs',
    'dirOrModelJson',
    dirOrModelJson,
    'a folder or model.json path',
  );
  const files = modelFiles(dirOrModelJson, 'loadTfjs', 'dirOrModelJson');
  check(
    fs.existsSync(files.json),
    'loadTfjs',
    'dirOrModelJson',
    dirOrModelJson,
    'an existing model.json (or the folder holding it)',
  );
  return tf.loadLayersModel(fileHandler(dirOrModelJson));
}
