/**
 * GPipe-style model parallelism on worker threads, used as fit's gradientSource: the model's layers
 * are cut into S stages (see ./split.ts), each stage lives in its own worker with its own copy of its
 * layers' weights, and every batch is cut into M micro-batches that flow through the stages — all
 * forward passes, then all backward passes — while neighbouring stages exchange activations and their
 * gradients directly. Each stage sums its gradients over the micro-batches; the coordinator collects
 * them into one gradient map for the whole model, fit applies one optimizer step per batch, and every
 * stage applies the same update to its own weights, so the stages and the coordinator stay identical.
 */
import * as path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, WorkbookError } from '../../errors';
import { currentBackend, threadsPerWorker } from '../../backend';
import { BatchInfo, GradientSource } from '../loop';
import { checkArray, checkNumber, checkObject, checkOptions, checkTensor } from '../../validate';
import { checkSequential, checkSplit } from './split';
import { BubbleMeasurement, measuredBubble, replayedBubble } from './bubble';
import { FromStage, PassEvent, StageDone, ToStage } from './protocol';

export interface PipelineOptions {
  /** Layer-index boundaries [0, …, layers]: stage s runs layers split[s] … split[s+1]-1. */
  split: number[];
  /** Micro-batches per batch (M). Default 4; a batch of fewer rows uses one per row. */
  microBatches?: number;
  /** A loss by name (functions cannot cross threads). Default 'softmaxCrossEntropy'. */
  loss?: string;
  optimizer: tf.Optimizer;
}

/** How the last batch went through the pipeline. */
export interface PipelineStepStats extends BubbleMeasurement {
  microBatches: number;
  /** The bubble the same passes would leave on dedicated stages with instant links (see replayedBubble). */
  replayed: number;
  /** Each stage's forward and backward passes (ms since the epoch). */
  events: PassEvent[][];
  /** Most bytes of stashed micro-batch inputs each stage held at once. */
  stashBytes: number[];
}

type WorkbookErrorFields = { where: string; parameter: string; given: string; accepted: string; message: string };
const asError = (m: { message: string; workbookError?: WorkbookErrorFields }): Error =>
  m.workbookError
    ? new WorkbookError(
        m.workbookError.where,
        m.workbookError.parameter,
        m.workbookError.given,
        m.workbookError.accepted,
        m.workbookError.message,
      )
    : new Error(`pipeline stage failed: ${m.message}`);

/** One stage's worker: replies are taken in order, a failure fails every wait on the pool. */
class StageWorker {
  private readonly worker: Worker;
  private readonly inbox: FromStage[] = [];
  private readonly waiting: { resolve: (m: FromStage) => void; reject: (e: Error) => void }[] = [];

  constructor(
    file: string,
    private readonly onFailure: (e: Error) => void,
  ) {
    this.worker = new Worker(file);
    this.worker.on('message', (m: FromStage) => {
      if (m.type === 'error') return this.onFailure(asError(m));
      const w = this.waiting.shift();
      if (w) w.resolve(m);
      else this.inbox.push(m);
    });
    this.worker.on('error', (e) => this.onFailure(e));
  }

  post(m: ToStage, transfer: (ArrayBuffer | import('node:worker_threads').MessagePort)[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  next(): Promise<FromStage> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  fail(e: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(e);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export class PipelinePool implements GradientSource {
  /** The last batch's schedule, timings and bubble. */
  lastStep: PipelineStepStats | null = null;
  private stages: StageWorker[] = [];
  private failed: Error | null = null;
  private micro: number;
  /** Updates sent to the stages so far (each batch waits, stage by stage, until they are applied). */
  private updates = 0;
  /** Per stage, the names and shapes of its trainable weights (the coordinator's variable names). */
  private readonly stageVars: { name: string; shape: number[] }[][];

  private constructor(
    private readonly model: tf.Sequential,
    readonly split: number[],
    microBatches: number,
  ) {
    this.micro = microBatches;
    this.stageVars = split
      .slice(1)
      .map((end, s) =>
        model.layers
          .slice(split[s], end)
          .flatMap((l) =>
            l.trainableWeights.map((w) => ({ name: (w.read() as tf.Variable).name, shape: w.shape as number[] })),
          ),
      );
  }

  /** Starts one worker per stage, each holding its layers (and the first x, the last y). */
  static async start(
    model: tf.Sequential,
    x: tf.Tensor,
    y: tf.Tensor,
    options: PipelineOptions,
  ): Promise<PipelinePool> {
    checkSequential('PipelinePool.start', 'model', model);
    checkTensor('PipelinePool.start', 'x', x, { nonEmpty: false });
    checkTensor('PipelinePool.start', 'y', y, { nonEmpty: false });
    options = checkOptions('PipelinePool.start', options, ['split', 'microBatches', 'loss', 'optimizer']);
    const split = checkSplit('PipelinePool.start', model, options.split);
    const microBatches = options.microBatches ?? 4;
    checkInt('PipelinePool.start', 'microBatches', microBatches, 1, 4096);
    check(
      typeof (options.loss ?? 'softmaxCrossEntropy') === 'string',
      'PipelinePool.start',
      'loss',
      typeof options.loss,
      'a loss name (functions cannot be sent to workers)',
    );
    check(
      options.optimizer instanceof tf.Optimizer,
      'PipelinePool.start',
      'optimizer',
      options.optimizer,
      'a tf.Optimizer',
    );
    const pool = new PipelinePool(model, split, microBatches);
    const S = split.length - 1;
    const layersJson = (model.toJSON(null, false) as { config: { layers: { config: Record<string, unknown> }[] } })
      .config.layers;
    check(
      layersJson.length === model.layers.length,
      'PipelinePool.start',
      'model',
      `${layersJson.length} serialised layers for ${model.layers.length}`,
      'a Sequential whose serialised layers are its layers',
    );
    const data = (t: tf.Tensor) => ({ data: Float32Array.from(t.dataSync()), shape: t.shape });
    const optimizer = { className: options.optimizer.getClassName(), config: options.optimizer.getConfig() };
    const file = path.join(__dirname, 'stage-worker.js');
    const channels = Array.from({ length: S - 1 }, () => new MessageChannel());
    try {
      for (let s = 0; s < S; s++) pool.stages.push(new StageWorker(file, (e) => pool.#fail(e)));
      const ready = pool.stages.map((w) => w.next());
      pool.stages.forEach((w, s) => {
        const layers = layersJson.slice(split[s], split[s + 1]).map((l) => JSON.parse(JSON.stringify(l)));
        if (s > 0) {
          // The stage's first layer takes the previous stage's output.
          const shape = model.layers[split[s] - 1].outputShape as (number | null)[];
          layers[0].config.batch_input_shape = [null, ...shape.slice(1)];
        }
        const weights = model.layers.slice(split[s], split[s + 1]).flatMap((l) => l.getWeights());
        const prev = s > 0 ? channels[s - 1].port2 : undefined;
        const next = s < S - 1 ? channels[s].port1 : undefined;
        w.post(
          {
            type: 'init',
            stage: s,
            stages: S,
            backend: currentBackend()?.name ?? 'cpu',
            threads: threadsPerWorker(S),
            topology: { class_name: 'Sequential', config: { name: `stage${s}`, layers } },
            weights: weights.map((t) => Float32Array.from(t.dataSync())),
            x: s === 0 ? data(x) : undefined,
            y: s === S - 1 ? data(y) : undefined,
            loss: options.loss ?? 'softmaxCrossEntropy',
            optimizer,
            prev,
            next,
          },
          [prev, next].filter((p): p is NonNullable<typeof p> => p !== undefined),
        );
      });
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get stageCount(): number {
    return this.split.length - 1;
  }

  get microBatches(): number {
    return this.micro;
  }

  /** Sets M for the following batches (1 … 4096). */
  set microBatches(m: number) {
    checkInt('PipelinePool', 'microBatches', m, 1, 4096);
    this.micro = m;
  }

  #fail(e: Error): void {
    this.failed ??= e;
    for (const s of this.stages) s.fail(e);
  }

  #alive(): void {
    if (this.failed) throw this.failed;
    check(this.stages.length > 0, 'PipelinePool', 'pool', 'closed', 'an open pool (start a new one)');
  }

  /** One batch through the pipeline: loss, correct predictions and the model's gradients (summed over micro-batches). */
  async compute(
    indices: Int32Array,
    info: BatchInfo,
  ): Promise<{ loss: number; hits: number; grads: tf.NamedTensorMap }> {
    checkArray('PipelinePool.compute', 'indices', indices);
    checkObject('PipelinePool.compute', 'info', info);
    checkNumber('PipelinePool.compute', 'info.seed', info.seed);
    this.#alive();
    const microBatches = Math.min(this.micro, indices.length);
    const replies = this.stages.map((w) => w.next());
    this.stages[0].post({
      type: 'step',
      indices: Int32Array.from(indices),
      microBatches,
      seed: info.seed,
      updates: this.updates,
    });
    const done = (await Promise.all(replies)) as StageDone[];
    const grads: tf.NamedTensorMap = {};
    done.forEach((d, s) => this.stageVars[s].forEach((v, i) => (grads[v.name] = tf.tensor(d.grads[i], v.shape))));
    const events = done.map((d) => d.events);
    this.lastStep = {
      ...measuredBubble(events),
      replayed: replayedBubble(events).bubble,
      microBatches,
      events,
      stashBytes: done.map((d) => d.stashBytes),
    };
    const last = done[done.length - 1];
    return { loss: last.loss!, hits: last.hits!, grads };
  }

  /** Sends each stage its part of the update fit is applying (in order, before its next batch). */
  applied(grads: tf.NamedTensorMap | null, learningRate: number): void {
    checkObject('PipelinePool.applied', 'grads', grads);
    checkNumber('PipelinePool.applied', 'learningRate', learningRate);
    if (!grads || this.failed) return;
    this.updates++;
    this.stages.forEach((w, s) =>
      w.post({
        type: 'apply',
        grads: this.stageVars[s].map((v) => grads[v.name].dataSync() as Float32Array),
        learningRate,
      }),
    );
  }

  /** Waits until every stage has applied every update sent so far. */
  async sync(): Promise<void> {
    this.#alive();
    await Promise.all(this.stages.map((w) => (w.post({ type: 'sync' }), w.next())));
  }

  /** Every weight of every stage, layer by layer (each layer's getWeights() order), after sync. */
  async stageWeights(): Promise<Float32Array[]> {
    await this.sync();
    const replies = await Promise.all(this.stages.map((w) => (w.post({ type: 'weights' }), w.next())));
    return replies.flatMap((r) => (r.type === 'weights' ? r.weights : []));
  }

  /** Copies the stages' weights into the model — trainable ones and state such as batch-norm statistics. */
  async pullWeights(): Promise<void> {
    const weights = await this.stageWeights();
    let k = 0;
    for (const layer of this.model.layers) {
      const values = layer.weights.map((w) => tf.tensor(weights[k++], w.shape as number[]));
      layer.setWeights(values); // copies into the layer's variables
      tf.dispose(values);
    }
  }

  async close(): Promise<void> {
    const stages = this.stages;
    this.stages = [];
    await Promise.all(stages.map((w) => w.terminate()));
  }
}
