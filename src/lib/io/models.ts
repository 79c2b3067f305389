/**
 * Model files for people: save, load, check and copy models, and the project's `models/` folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { fileHandler, modelFiles } from './files';
import { checkModel, checkString } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const SAVE_MODEL_OPTIONS = defineOptions('saveModel', {
  metadata: undefined as Record<string, unknown> | undefined,
  includeOptimizer: undefined as boolean | undefined,
});

/**
 * Saves a layers model as model.json + weights.bin (with optional metadata stored in model.json).
 * @example await saveModel(model, 'models/mnist-cnn', { metadata: { trainedOn: 'digits 0-4' } });
 */
export async function saveModel(
  model: tf.LayersModel,
  target: string,
  options: OptionsOf<typeof SAVE_MODEL_OPTIONS> = {},
): Promise<tf.io.SaveResult> {
  if (options?.metadata !== undefined)
    check(
      typeof options.metadata === 'object' && options.metadata !== null && !Array.isArray(options.metadata),
      'saveModel',
      'metadata',
      options.metadata,
      'a JSON object',
    );
  options = SAVE_MODEL_OPTIONS.read(options);
  checkModel('saveModel', 'model', model);
  checkString('saveModel', 'target', target, false);
  check(model instanceof tf.LayersModel, 'saveModel', 'model', typeof model, 'a tf.LayersModel');
  if (options.metadata !== undefined) model.setUserDefinedMetadata(options.metadata);
  return model.save(fileHandler(target), { includeOptimizer: options.includeOptimizer ?? false });
}

/** Loads a model saved by `saveModel` (or tfjs-node, or the TF.js converter). @example const m = await loadModel('models/mnist-cnn'); */
export async function loadModel(target: string): Promise<tf.LayersModel> {
  checkString('loadModel', 'target', target, false);
  return tf.loadLayersModel(fileHandler(target));
}

/** True when `target` holds a saved model (its model.json exists). */
export function modelExists(target: string): boolean {
  checkString('modelExists', 'target', target, false);
  return fs.existsSync(modelFiles(target, 'modelExists').json);
}

/** The metadata stored with a saved model, read without loading its weights (undefined when none). */
export function readModelMetadata(target: string): Record<string, unknown> | undefined {
  checkString('readModelMetadata', 'target', target, false);
  const files = modelFiles(target, 'readModelMetadata');
  if (!fs.existsSync(files.json)) return undefined;
  return (JSON.parse(fs.readFileSync(files.json, 'utf8')) as { userDefinedMetadata?: Record<string, unknown> })
    .userDefinedMetadata;
}

/**
 * An independent copy of a model (same architecture, same weights, same trainable flags, fresh
 * variables), made through an in-memory save/load round trip.
 * @example const copy = await cloneModel(pretrained);
 */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  checkModel('cloneModel', 'model', model);
  check(model instanceof tf.LayersModel, 'cloneModel', 'model', typeof model, 'a tf.LayersModel');
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

/** The nearest folder above `from` holding a package.json (the project root), else `from`. */
export function projectRoot(from = process.cwd()): string {
  if (from !== undefined) checkString('projectRoot', 'from', from, false);
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

/** Where saved models go: $WORKBOOK_MODELS_DIR, else `models/` at the project root (git-ignored). */
export function modelsDir(): string {
  return process.env.WORKBOOK_MODELS_DIR || path.join(projectRoot(), 'models');
}
