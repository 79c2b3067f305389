/**
 * Keras-style callbacks: the training loop calls these hooks; schedules, early stopping,
 * checkpoints, progress bars and live plots are all callbacks. Every method is optional and
 * may be async.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';

/** Numbers reported after a batch or epoch: loss, acc, val_loss, val_acc, lr, seconds, ... */
export type Logs = Record<string, number>;

export interface TrainParams {
  epochs: number;
  batchSize: number;
  /** Batches per epoch. */
  steps: number;
  samples: number;
}

/** What callbacks can see and change while training runs. */
export interface TrainState {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  params: TrainParams;
  epoch: number;
  /** Set to true to stop after the current batch. */
  stopTraining: boolean;
  history: History;
}

export interface History {
  /** Epoch numbers (0-based) that were completed. */
  epoch: number[];
  /** Per-epoch logs, one array per key. */
  history: Record<string, number[]>;
}

type MaybePromise = void | Promise<void>;

export interface Callback {
  onTrainBegin?(state: TrainState): MaybePromise;
  onEpochBegin?(epoch: number, state: TrainState): MaybePromise;
  onBatchBegin?(batch: number, state: TrainState): MaybePromise;
  onBatchEnd?(batch: number, logs: Logs, state: TrainState): MaybePromise;
  onEpochEnd?(epoch: number, logs: Logs, state: TrainState): MaybePromise;
  onTrainEnd?(state: TrainState): MaybePromise;
}

/** Runs one hook on every callback, in order. */
export async function runCallbacks<K extends keyof Callback>(
  callbacks: Callback[],
  hook: K,
  ...args: Parameters<NonNullable<Callback[K]>>
): Promise<void> {
  check(Array.isArray(callbacks), 'runCallbacks', 'callbacks', callbacks, 'an array of callbacks');
  check(typeof hook === 'string', 'runCallbacks', 'hook', hook, 'a hook name, e.g. "onEpochEnd"');
  for (const cb of callbacks) {
    const fn = cb[hook] as ((...a: unknown[]) => MaybePromise) | undefined;
    if (fn) await fn.apply(cb, args);
  }
}
