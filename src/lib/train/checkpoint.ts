/**
 * Checkpoints on disk, and resuming from them. A checkpoint is a folder with two files:
 *   checkpoint.json  epoch, logs, and for each tensor its name, shape, dtype and byte offset;
 *   weights.bin      the model's weights then the optimizer's state (Adam's moments, iterations),
 *                    little-endian, back to back.
 * A small format of our own (not tf.io's) so that optimizer state travels with the weights and a
 * resumed run continues exactly where it stopped. `ModelCheckpoint` writes `best/` and `last/`.
 * @example await fit(model, x, y, { epochs: 10, validationData: [vx, vy], callbacks: [new ModelCheckpoint({ dir: 'ckpt' })] });
 *          const { epoch } = await loadCheckpoint('ckpt/last', model, optimizer);
 *          await fit(model, x, y, { epochs: 20, initialEpoch: epoch + 1, optimizer });
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { check, checkOneOf, WorkbookError } from '../errors';
import { Callback, Logs, TrainState } from './callback';
import { Monitor, monitorMode } from './monitor';
import { checkModel, checkObject, checkString } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

const FORMAT = 'tfjs-workbook-checkpoint/1';

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
}

interface Manifest {
  format: string;
  epoch: number;
  logs: Logs;
  weights: TensorEntry[];
  optimizer?: { className: string; tensors: TensorEntry[] };
}

export interface CheckpointInfo {
  /** The epoch (0-based) the checkpoint was written after; resume with initialEpoch: epoch + 1. */
  epoch: number;
  logs: Logs;
}

async function pack(
  tensors: { name: string; tensor: tf.Tensor }[],
  chunks: Buffer[],
  start: number,
): Promise<{ entries: TensorEntry[]; end: number }> {
  const entries: TensorEntry[] = [];
  let offset = start;
  for (const { name, tensor } of tensors) {
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    const data = await tensor.data();
    const typed = dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data);
    chunks.push(Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength));
    entries.push({ name, shape: tensor.shape, dtype, offset });
    offset += typed.byteLength;
  }
  return { entries, end: offset };
}

function unpack(entry: TensorEntry, bin: Buffer): tf.Tensor {
  const size = entry.shape.reduce((a, b) => a * b, 1);
  const bytes = bin.subarray(entry.offset, entry.offset + size * 4);
  const copy = new Uint8Array(bytes); // aligned copy for the typed array view
  const values = entry.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
  return tf.tensor(values, entry.shape, entry.dtype);
}

const SAVE_CHECKPOINT_OPTIONS = defineOptions('saveCheckpoint', {
  optimizer: undefined as tf.Optimizer | undefined,
  epoch: undefined as number | undefined,
  logs: undefined as Logs | undefined,
});

/** Writes model weights (and optimizer state, when given) to `dir`, replacing what was there. */
export async function saveCheckpoint(
  dir: string,
  model: tf.LayersModel,
  options: OptionsOf<typeof SAVE_CHECKPOINT_OPTIONS> = {},
): Promise<void> {
  options = SAVE_CHECKPOINT_OPTIONS.read(options);
  checkString('saveCheckpoint', 'dir', dir, false);
  checkModel('saveCheckpoint', 'model', model);
  check(typeof dir === 'string' && dir.length > 0, 'saveCheckpoint', 'dir', dir, 'a folder path');
  check(model instanceof tf.LayersModel, 'saveCheckpoint', 'model', typeof model, 'a tf.LayersModel');
  fs.mkdirSync(dir, { recursive: true });
  const chunks: Buffer[] = [];
  const w = await pack(
    model.weights.map((v) => ({ name: v.originalName, tensor: v.read() })),
    chunks,
    0,
  );
  const manifest: Manifest = {
    format: FORMAT,
    epoch: options.epoch ?? -1,
    logs: options.logs ?? {},
    weights: w.entries,
  };
  if (options.optimizer) {
    const state = await options.optimizer.getWeights();
    const o = await pack(state, chunks, w.end);
    // getWeights hands out its own variables plus a fresh iteration-count scalar: free only the latter.
    tf.dispose(state.map((s) => s.tensor).filter((t) => !(t instanceof tf.Variable)));
    manifest.optimizer = { className: options.optimizer.getClassName(), tensors: o.entries };
  }
  // Write to temporary names and rename, so a crash mid-write never leaves a torn checkpoint.
  const bin = path.join(dir, 'weights.bin');
  const json = path.join(dir, 'checkpoint.json');
  fs.writeFileSync(`${bin}.tmp`, Buffer.concat(chunks));
  fs.writeFileSync(`${json}.tmp`, JSON.stringify(manifest, null, 1));
  fs.renameSync(`${bin}.tmp`, bin);
  fs.renameSync(`${json}.tmp`, json);
}

/** Loads a checkpoint into `model` (same architecture) and, when given, into `optimizer`. */
export async function loadCheckpoint(
  dir: string,
  model: tf.LayersModel,
  optimizer?: tf.Optimizer,
): Promise<CheckpointInfo> {
  checkString('loadCheckpoint', 'dir', dir, false);
  checkModel('loadCheckpoint', 'model', model);
  if (optimizer !== undefined) checkObject('loadCheckpoint', 'optimizer', optimizer);
  const json = path.join(dir, 'checkpoint.json');
  check(
    fs.existsSync(json),
    'loadCheckpoint',
    'dir',
    dir,
    'a folder written by saveCheckpoint / ModelCheckpoint (with checkpoint.json)',
  );
  const manifest = JSON.parse(fs.readFileSync(json, 'utf8')) as Manifest;
  check(manifest.format === FORMAT, 'loadCheckpoint', 'format', manifest.format, FORMAT);
  const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
  const shapes = model.weights.map((v) => v.shape.join('×'));
  const saved = manifest.weights.map((e) => e.shape.join('×'));
  if (shapes.join(',') !== saved.join(',')) {
    const detail = `loadCheckpoint: model weights [${shapes.join(', ')}] do not match the checkpoint's [${saved.join(', ')}]; build the same architecture`;
    throw new WorkbookError('loadCheckpoint', 'model', shapes, `weights [${saved.join(', ')}]`, detail);
  }
  const weights = manifest.weights.map((e) => unpack(e, bin));
  model.setWeights(weights);
  tf.dispose(weights);
  if (optimizer) {
    check(
      manifest.optimizer !== undefined,
      'loadCheckpoint',
      'optimizer',
      optimizer.getClassName(),
      'a checkpoint saved with its optimizer',
    );
    check(
      manifest.optimizer!.className === optimizer.getClassName(),
      'loadCheckpoint',
      'optimizer',
      optimizer.getClassName(),
      `a ${manifest.optimizer!.className} (the optimizer that was saved)`,
    );
    const state = manifest.optimizer!.tensors.map((e) => ({ name: e.name, tensor: unpack(e, bin) }));
    await optimizer.setWeights(state); // the optimizer copies them into its own variables
    tf.dispose(state.map((s) => s.tensor));
  }
  return { epoch: manifest.epoch, logs: manifest.logs };
}

const MODEL_CHECKPOINT_OPTIONS = defineOptions('ModelCheckpoint', {
  /** Folder; the callback writes `<dir>/last` every epoch and `<dir>/best` when the monitor improves. */
  dir: required<string>(),
  /** Default 'val_loss'. */
  monitor: undefined as string | undefined,
  mode: undefined as 'min' | 'max' | 'auto' | undefined,
  /** Default true. */
  saveBest: undefined as boolean | undefined,
  /** Default true. */
  saveLast: undefined as boolean | undefined,
  /** Save optimizer state too, for exact resume. Default true. */
  saveOptimizer: undefined as boolean | undefined,
});

export type ModelCheckpointOptions = OptionsOf<typeof MODEL_CHECKPOINT_OPTIONS>;

/** Keras ModelCheckpoint: best and last checkpoints to disk after each epoch. */
export class ModelCheckpoint implements Callback {
  readonly dir: string;
  readonly saveBest: boolean;
  readonly saveLast: boolean;
  readonly saveOptimizer: boolean;
  /** Epochs at which `best/` was written. */
  readonly savedBest: number[] = [];
  private readonly watch: Monitor;

  constructor(options: ModelCheckpointOptions) {
    options = MODEL_CHECKPOINT_OPTIONS.read(options);
    check(
      typeof options?.dir === 'string' && options.dir.length > 0,
      'ModelCheckpoint',
      'dir',
      options?.dir,
      'a folder path',
    );
    const { monitor = 'val_loss', mode = 'auto', saveBest = true, saveLast = true, saveOptimizer = true } = options;
    checkOneOf('ModelCheckpoint', 'mode', mode, ['min', 'max', 'auto'] as const);
    this.dir = options.dir;
    this.saveBest = saveBest;
    this.saveLast = saveLast;
    this.saveOptimizer = saveOptimizer;
    this.watch = new Monitor('ModelCheckpoint', monitor, monitorMode(monitor, mode));
  }

  get bestPath(): string {
    return path.join(this.dir, 'best');
  }

  get lastPath(): string {
    return path.join(this.dir, 'last');
  }

  onTrainBegin(): void {
    this.watch.reset();
  }

  async onEpochEnd(epoch: number, logs: Logs, state: TrainState): Promise<void> {
    const options = { optimizer: this.saveOptimizer ? state.optimizer : undefined, epoch, logs };
    if (this.saveLast) await saveCheckpoint(this.lastPath, state.model, options);
    if (this.saveBest && this.watch.update(logs, epoch)) {
      await saveCheckpoint(this.bestPath, state.model, options);
      this.savedBest.push(epoch);
    }
  }
}
