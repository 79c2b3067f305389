/**
 * Messages between the coordinating thread and its replica workers. Arrays travel as plain
 * typed arrays (structured clone), gradients and weights in the model's trainable-weight order.
 */
import type { BackendName } from '../../backend';

export interface InitMessage {
  type: 'init';
  rank: number;
  seed: number;
  backend: BackendName;
  /** Kernel threads for this replica (threadsPerWorker: workers × threads ≤ the thread budget). */
  threads: number;
  /** model.toJSON(null, false): the topology, to rebuild the model inside the worker. */
  topology: object;
  /** All weights (model.getWeights() order). */
  weights: Float32Array[];
  x: { data: Float32Array; shape: number[] };
  y: { data: Float32Array; shape: number[] };
  loss: string;
  optimizer: { className: string; config: object };
}

/** An update every replica applies: the averaged gradients and the learning rate of this step. */
export interface Update {
  grads: Float32Array[];
  learningRate: number;
}

/** Compute loss and gradients on rows `indices`. */
export interface StepMessage {
  type: 'step';
  indices: Int32Array;
}

/** Apply an update; no reply (messages are handled in order, so the next step sees it). */
export interface ApplyMessage {
  type: 'apply';
  update: Update;
}

/** Reply once every earlier message has been handled. */
export interface SyncMessage {
  type: 'sync';
}

export interface WeightsMessage {
  type: 'weights';
}

/** Report the kernel threads this replica runs with (after every earlier message). */
export interface ThreadsMessage {
  type: 'threads';
}

export type ToWorker = InitMessage | StepMessage | ApplyMessage | SyncMessage | WeightsMessage | ThreadsMessage;

export interface StepResult {
  type: 'step';
  loss: number;
  hits: number;
  grads: Float32Array[];
  /** Milliseconds the replica spent computing this step. */
  ms: number;
}

export type FromWorker =
  | { type: 'ready' }
  | StepResult
  | { type: 'synced' }
  | { type: 'weights'; weights: Float32Array[] }
  /** The replica's thread setting, and the threads its kernel pool really has (1 = no pool). */
  | { type: 'threads'; setting: number; poolThreads: number }
  | {
      type: 'error';
      message: string;
      workbookError?: { where: string; parameter: string; given: string; accepted: string; message: string };
    };
