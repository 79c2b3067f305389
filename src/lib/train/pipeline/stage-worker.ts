/**
 * One pipeline stage, run in a worker_thread: a slice of the model's layers with its own optimizer.
 * GPipe's schedule: each micro-batch's activation is passed on as soon as it is computed, and the
 * backward passes start only once the last stage has seen every micro-batch. A stage keeps only the
 * inputs of its micro-batches (the "stash") and recomputes its forward pass under the gradient tape
 * in the backward pass — GPipe's re-materialisation, and in TF.js the only way, since a tape cannot
 * be kept open across messages. Gradients are summed over micro-batches; the coordinator gets the sum.
 */
import { MessagePort, parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { WorkbookError } from '../../errors';
import { selectBackend, setTrainingThreads } from '../../backend';
import { LossName, resolveLoss } from '../losses';
import { setLearningRate } from '../optimizer';
import { shardSizes } from '../data-parallel/pool';
import { ArrayData, BetweenStages, FromStage, PassEvent, StageInit, ToStage } from './protocol';

let init: StageInit;
let model: tf.LayersModel;
let vars: tf.Variable[];
let optimizer: tf.Optimizer;
let lossFn: (y: tf.Tensor, p: tf.Tensor) => tf.Scalar;
let x: tf.Tensor | undefined;
let y: tf.Tensor | undefined;
const isLast = () => init.stage === init.stages - 1;

/** The batch in flight. */
interface Batch {
  microBatches: number;
  batchRows: number;
  seed: number;
  stash: Map<number, { input: tf.Tensor; indices: Int32Array }>;
  stashBytes: number;
  peakStash: number;
  forwards: number;
  backwards: number;
  sums: tf.Tensor[] | null;
  loss: number;
  hits: number;
  events: PassEvent[];
}
let batch: Batch | null = null;
/** Updates applied so far, and forward passes that arrived before the update they must see. */
let updatesApplied = 0;
const early: Extract<BetweenStages, { type: 'forward' }>[] = [];

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromStage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
const toArray = (t: tf.Tensor): ArrayData => ({ data: new Float32Array(t.dataSync() as Float32Array), shape: t.shape });
const fromArray = (a: ArrayData) => tf.tensor(a.data, a.shape);
/** Same dropout masks in a micro-batch's forward pass and its recomputation. */
const seedPass = (m: number) => seedrandom(`pipeline:${batch!.seed}:${init.stage}:${m}`, { global: true });

async function setUp(m: StageInit): Promise<void> {
  init = m;
  await selectBackend({ force: m.backend });
  setTrainingThreads(m.threads); // the no-oversubscription policy: src/lib/backend/threads.ts
  model = await tf.models.modelFromJSON({ modelTopology: m.topology } as tf.io.ModelJSON);
  let k = 0;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => tf.tensor(m.weights[k++], w.shape as number[]));
    layer.setWeights(values);
    tf.dispose(values);
  }
  vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[m.optimizer.className];
  optimizer = fromConfig(cls, m.optimizer.config as tf.serialization.ConfigDict) as unknown as tf.Optimizer;
  lossFn = resolveLoss(m.loss as LossName);
  if (m.x) x = fromArray(m.x);
  if (m.y) y = fromArray(m.y);
  m.prev?.on('message', (msg: BetweenStages) => guard(() => (msg.type === 'forward' ? receive(msg) : undefined)));
  m.next?.on('message', (msg: BetweenStages) => guard(() => (msg.type === 'backward' ? backward(msg) : undefined)));
}

function startBatch(microBatches: number, batchRows: number, seed: number): Batch {
  return {
    microBatches,
    batchRows,
    seed,
    stash: new Map(),
    stashBytes: 0,
    peakStash: 0,
    forwards: 0,
    backwards: 0,
    sums: null,
    loss: 0,
    hits: 0,
    events: [],
  };
}

/** A forward pass from the previous stage: run it once this stage has applied every earlier update. */
function receive(msg: Extract<BetweenStages, { type: 'forward' }>): void {
  if (msg.updates > updatesApplied || early.length > 0) early.push(msg);
  else forward(msg);
}

/** The first stage: cut the batch and run every micro-batch forward, passing each on at once. */
function step(indices: Int32Array, microBatches: number, seed: number, updates: number): void {
  batch = startBatch(microBatches, indices.length, seed);
  let start = 0;
  shardSizes(indices.length, microBatches).forEach((size, m) => {
    const rows = indices.slice(start, (start += size));
    const input = tf.tidy(() => tf.gather(x!, tf.tensor1d(rows, 'int32')));
    forward(
      { type: 'forward', m, microBatches, indices: rows, batchRows: indices.length, seed, updates, activation: null! },
      input,
    );
  });
}

/** Micro-batch m forward: stash the input, pass the output on (or, on the last stage, score it). */
function forward(msg: Extract<BetweenStages, { type: 'forward' }>, input = fromArray(msg.activation)): void {
  if (init.stage > 0 && msg.m === 0) batch = startBatch(msg.microBatches, msg.batchRows, msg.seed);
  const b = batch!;
  const start = now();
  b.stash.set(msg.m, { input, indices: msg.indices });
  b.stashBytes += input.size * 4;
  b.peakStash = Math.max(b.peakStash, b.stashBytes);
  seedPass(msg.m);
  if (isLast()) {
    const [loss, hits] = tf.tidy(() => {
      const pred = model.apply(input, { training: true }) as tf.Tensor;
      const target = tf.gather(y!, tf.tensor1d(msg.indices, 'int32'));
      const correct = tf.sum(tf.equal(tf.argMax(pred, -1), tf.argMax(target, -1)));
      return [
        lossFn(target, pred).dataSync()[0],
        target.rank === 2 && target.shape[1]! > 1 ? correct.dataSync()[0] : 0,
      ];
    });
    b.loss += (loss * msg.indices.length) / b.batchRows;
    b.hits += hits;
  } else {
    const output = tf.tidy(() => model.apply(input, { training: true }) as tf.Tensor);
    const activation = toArray(output);
    output.dispose();
    init.next!.postMessage({ ...msg, activation }, [activation.data.buffer as ArrayBuffer]);
  }
  b.events.push({ kind: 'F', m: msg.m, start, end: now() });
  // GPipe's flush: the last stage turns round only after every micro-batch went forward.
  if (++b.forwards === b.microBatches && isLast())
    for (let m = b.microBatches - 1; m >= 0; m--) backward({ type: 'backward', m, gradient: null! });
}

/** Non-trainable state (batch-norm statistics) is updated by the forward pass only, not by its recomputation. */
function withStateKept<T>(fn: () => T): T {
  const state = model.nonTrainableWeights.map((w) => w.read().clone());
  try {
    return fn();
  } finally {
    model.nonTrainableWeights.forEach((w, i) => w.write(state[i]));
    tf.dispose(state);
  }
}

/** Micro-batch m backward: recompute the forward pass on the tape, add the weight gradients, send the input gradient back. */
function backward(msg: Extract<BetweenStages, { type: 'backward' }>): void {
  const b = batch!;
  const start = now();
  const { input, indices } = b.stash.get(msg.m)!;
  const first = init.stage === 0;
  const wrt = first ? vars : [input, ...vars];
  seedPass(msg.m);
  const grads =
    wrt.length === 0
      ? []
      : withStateKept(() =>
          tf.tidy(() => {
            const dy = isLast() ? undefined : fromArray(msg.gradient);
            const { grads } = tf.engine().gradients(
              () => {
                const pred = model.apply(input, { training: true }) as tf.Tensor;
                if (!isLast()) return pred;
                const target = tf.gather(y!, tf.tensor1d(indices, 'int32'));
                return tf.mul(lossFn(target, pred), indices.length / b.batchRows); // this micro-batch's share of the batch mean
              },
              wrt,
              dy,
            );
            return grads;
          }),
        );
  const weightGrads = first ? grads : grads.slice(1);
  if (!first) {
    const gradient = toArray(grads[0]);
    init.prev!.postMessage({ type: 'backward', m: msg.m, gradient }, [gradient.data.buffer as ArrayBuffer]);
  }
  if (b.sums === null) b.sums = weightGrads;
  else {
    const sums = b.sums;
    b.sums = sums.map((s, i) => tf.add(s, weightGrads[i]));
    tf.dispose([...sums, ...weightGrads]);
  }
  tf.dispose(first ? [] : grads[0]);
  b.stashBytes -= input.size * 4;
  input.dispose();
  b.stash.delete(msg.m);
  b.events.push({ kind: 'B', m: msg.m, start, end: now() });
  if (++b.backwards === b.microBatches) finish(b);
}

function finish(b: Batch): void {
  const grads = (b.sums ?? []).map((g) => new Float32Array(g.dataSync() as Float32Array));
  tf.dispose(b.sums ?? []);
  batch = null;
  const done: FromStage = { type: 'done', stage: init.stage, grads, events: b.events, stashBytes: b.peakStash };
  if (isLast()) Object.assign(done, { loss: b.loss, hits: b.hits });
  send(
    done,
    grads.map((g) => g.buffer as ArrayBuffer),
  );
}

function apply(grads: Float32Array[], learningRate: number): void {
  setLearningRate(optimizer, learningRate);
  tf.tidy(() => {
    const named: tf.NamedTensorMap = {};
    vars.forEach((v, i) => (named[v.name] = tf.tensor(grads[i], v.shape)));
    optimizer.applyGradients(named);
  });
  updatesApplied++;
  while (early.length > 0 && early[0].updates <= updatesApplied) forward(early.shift()!);
}

/** Runs a handler; a failure goes to the coordinator (a WorkbookError as its fields, to be re-thrown as one). */
async function guard(fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const workbookError =
      e instanceof WorkbookError
        ? { where: e.where, parameter: e.parameter, given: String(e.given), accepted: e.accepted, message: e.message }
        : undefined;
    send({ type: 'error', message: (e as Error).stack ?? String(e), workbookError });
  }
}

parentPort!.on('message', (m: ToStage) =>
  guard(async () => {
    if (m.type === 'init') {
      await setUp(m);
      send({ type: 'ready' });
    } else if (m.type === 'step') step(m.indices, m.microBatches, m.seed, m.updates);
    else if (m.type === 'apply') apply(m.grads, m.learningRate);
    else if (m.type === 'sync') send({ type: 'synced' });
    else if (m.type === 'weights')
      send({
        type: 'weights',
        weights: model.layers.flatMap((l) => l.getWeights().map((w) => Float32Array.from(w.dataSync()))),
      });
    else if (m.type === 'close') {
      init.prev?.close();
      init.next?.close();
    }
  }),
);
