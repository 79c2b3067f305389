/**
 * Messages of the pipeline: the coordinator talks to each stage over its worker's parentPort, and
 * neighbouring stages talk directly over a MessageChannel (activations forward, their gradients
 * backward), the way pipeline stages on GPUs send to each other without a host in the middle.
 * Arrays travel as typed arrays; weights and gradients in the stage model's weight order.
 */
import type { MessagePort } from 'node:worker_threads';
import type { BackendName } from '../../backend';

export interface ArrayData {
  data: Float32Array;
  shape: number[];
}

export interface StageInit {
  type: 'init';
  stage: number;
  stages: number;
  backend: BackendName;
  /** Kernel threads for this stage (threadsPerWorker(stages): stages × threads ≤ the thread budget). */
  threads: number;
  /** The stage as a Sequential topology (its slice of the model's layers, input shape set). */
  topology: object;
  /** All weights of the stage's layers, layer by layer (each layer's getWeights() order). */
  weights: Float32Array[];
  /** The training inputs: the first stage holds them. */
  x?: ArrayData;
  /** The training targets: the last stage holds them (it computes the loss). */
  y?: ArrayData;
  loss: string;
  optimizer: { className: string; config: object };
  /** From the previous stage: activations in, and where its input gradients go back. */
  prev?: MessagePort;
  /** To the next stage. */
  next?: MessagePort;
}

/** Start one batch (sent to the first stage only): rows `indices`, cut into `microBatches` micro-batches. */
export interface StepStart {
  type: 'step';
  indices: Int32Array;
  microBatches: number;
  /** Seeds this batch's random choices (dropout), per stage and micro-batch. */
  seed: number;
  /** Updates sent before this batch: a stage computes only once it has applied that many. */
  updates: number;
}

export interface StageUpdate {
  type: 'apply';
  grads: Float32Array[];
  learningRate: number;
}

export type ToStage = StageInit | StepStart | StageUpdate | { type: 'sync' } | { type: 'weights' } | { type: 'close' };

/** Between neighbours: micro-batch m's activations (forward) or the gradient of the loss with respect to them (backward). */
export type BetweenStages =
  | {
      type: 'forward';
      m: number;
      microBatches: number;
      /** Rows of x in this micro-batch (the last stage looks up their targets). */
      indices: Int32Array;
      /** Rows in the whole batch (micro-batch losses are weighted by their share of it). */
      batchRows: number;
      seed: number;
      /** As in StepStart: the update comes from the coordinator, the activation from a neighbour, in either order. */
      updates: number;
      activation: ArrayData;
    }
  | { type: 'backward'; m: number; gradient: ArrayData };

/** One forward (F) or backward (B) pass of micro-batch m, in milliseconds since the epoch (comparable across threads). */
export interface PassEvent {
  kind: 'F' | 'B';
  m: number;
  start: number;
  end: number;
}

/** A stage's share of a batch, sent when its last backward pass is done. */
export interface StageDone {
  type: 'done';
  stage: number;
  /** Gradients of the stage's trainable weights, summed over micro-batches. */
  grads: Float32Array[];
  /** The last stage only: batch-mean loss and correct predictions. */
  loss?: number;
  hits?: number;
  events: PassEvent[];
  /** Most bytes of stashed inputs this stage held at once (kept for the recomputing backward pass). */
  stashBytes: number;
}

export type FromStage =
  | { type: 'ready' }
  | StageDone
  | { type: 'synced' }
  /** Layer by layer, as in StageInit.weights. */
  | { type: 'weights'; weights: Float32Array[] }
  | {
      type: 'error';
      message: string;
      workbookError?: { where: string; parameter: string; given: string; accepted: string; message: string };
    };
