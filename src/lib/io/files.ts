/**
 * Saving and loading models as files without tfjs-node: a `tf.io.IOHandler` for file paths that
 * writes the standard TF.js layers format (model.json + weights.bin). The files load back here,
 * in tfjs-node (`tf.loadLayersModel('file://…/model.json')`) or in a browser from any web server.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { check, WorkbookError } from '../errors';
import { checkObject, checkString } from '../validate';

export const MODEL_JSON = 'model.json';

/** Where the files of a save target live: `dir/` → dir/model.json + dir/weights.bin; `x/name.json` → x/name.json + x/name.weights.bin. */
export function modelFiles(
  target: string,
  where = 'modelFiles',
  parameter = 'target',
): { dir: string; json: string; weights: string } {
  checkString('modelFiles', 'target', target, false);
  if (where !== undefined) checkString('modelFiles', 'where', where, false);
  check(
    typeof target === 'string' && target.length > 0,
    where,
    parameter,
    target,
    'a directory, or a file path ending in .json',
  );
  const p = target.startsWith('file://') ? target.slice('file://'.length) : target;
  if (p.endsWith('.json')) {
    const dir = path.dirname(p);
    return { dir, json: p, weights: path.join(dir, `${path.basename(p, '.json')}.weights.bin`) };
  }
  return { dir: p, json: path.join(p, MODEL_JSON), weights: path.join(p, 'weights.bin') };
}

const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  int8: 1,
  int16: 2,
  complex64: 8,
};

/** Bytes one manifest entry occupies in the weights file (quantised entries store their quantised dtype). */
function entryBytes(spec: tf.io.WeightsManifestEntry): number {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  return size * (BYTES[spec.quantization?.dtype ?? spec.dtype] ?? 4);
}

/** Writes a file atomically (temp file + rename), so a reader never sees half a model. */
function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Writes model artifacts (what `model.save` hands a handler) as model.json + one weights file. */
export function saveArtifacts(target: string, artifacts: tf.io.ModelArtifacts): tf.io.SaveResult {
  checkString('saveArtifacts', 'target', target, false);
  checkObject('saveArtifacts', 'artifacts', artifacts);
  check(
    artifacts.weightSpecs === undefined || Array.isArray(artifacts.weightSpecs),
    'saveArtifacts',
    'artifacts.weightSpecs',
    artifacts.weightSpecs,
    'an array of weight specs',
  );
  check(
    artifacts.weightData === undefined ||
      artifacts.weightData instanceof ArrayBuffer ||
      Array.isArray(artifacts.weightData),
    'saveArtifacts',
    'artifacts.weightData',
    typeof artifacts.weightData,
    'an ArrayBuffer (or an array of them)',
  );
  const files = modelFiles(target, 'saveArtifacts');
  check(
    artifacts.modelTopology !== undefined && !(artifacts.modelTopology instanceof ArrayBuffer),
    'saveArtifacts',
    'modelTopology',
    artifacts.modelTopology instanceof ArrayBuffer ? 'a binary GraphDef' : 'missing',
    'a JSON model topology (layers or graph model)',
  );
  fs.mkdirSync(files.dir, { recursive: true });
  const weightData =
    artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [path.basename(files.weights)], weights: artifacts.weightSpecs ?? [] }],
  };
  for (const key of [
    'trainingConfig',
    'signature',
    'userDefinedMetadata',
    'modelInitializer',
    'initializerSignature',
  ] as const) {
    if (artifacts[key] !== undefined) modelJson[key] = artifacts[key];
  }
  writeAtomic(files.weights, new Uint8Array(weightData)); // weights first: model.json present ⇒ weights complete
  writeAtomic(files.json, JSON.stringify(modelJson));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData }) };
}

/** Reads model.json and its weight files (every shard, in manifest order) back into artifacts. */
export async function loadArtifacts(target: string): Promise<tf.io.ModelArtifacts> {
  checkString('loadArtifacts', 'target', target, false);
  const files = modelFiles(target, 'loadArtifacts');
  if (!fs.existsSync(files.json))
    throw new WorkbookError(
      'loadArtifacts',
      'target',
      target,
      'a saved model',
      `loadArtifacts: no model at "${target}" (${files.json} does not exist)`,
    );
  const modelJson = JSON.parse(fs.readFileSync(files.json, 'utf8')) as tf.io.ModelJSON;
  check(
    modelJson.modelTopology !== undefined,
    'loadArtifacts',
    'model.json',
    files.json,
    'a TF.js model.json with a modelTopology',
  );
  const base = path.dirname(files.json);
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers = manifest.flatMap((group) =>
      group.paths.map((p) => {
        const bytes = fs.readFileSync(path.join(base, p));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      }),
    );
    const data = tf.io.CompositeArrayBuffer.join(buffers);
    const expected = specs.reduce((s, w) => s + entryBytes(w), 0);
    check(
      data.byteLength === expected,
      'loadArtifacts',
      'weights',
      `${data.byteLength} bytes`,
      `the ${expected} bytes that ${files.json} describes`,
    );
    return [specs, data];
  });
}

/**
 * A `tf.io.IOHandler` for a directory (or a path ending in .json).
 * @example await model.save(fileHandler('models/mnist-cnn')); const m = await tf.loadLayersModel(fileHandler('models/mnist-cnn'));
 */
export function fileHandler(target: string): tf.io.IOHandler {
  checkString('fileHandler', 'target', target, false);
  modelFiles(target, 'fileHandler');
  return { save: async (artifacts) => saveArtifacts(target, artifacts), load: () => loadArtifacts(target) };
}

/**
 * Lets `model.save('file://dir')` and `tf.loadLayersModel('file://dir')` use `fileHandler`, as
 * tfjs-node does. Does nothing when a file:// handler is already registered (tfjs-node loaded).
 */
export function registerFileRouter(): void {
  const isFile = (url: string | string[]) => typeof url === 'string' && url.startsWith('file://');
  if (tf.io.getSaveHandlers('file://probe').length > 0) return;
  tf.io.registerSaveRouter((url) => (isFile(url) ? fileHandler(url as string) : (null as unknown as tf.io.IOHandler)));
  tf.io.registerLoadRouter((url) => (isFile(url) ? fileHandler(url as string) : (null as unknown as tf.io.IOHandler)));
}
