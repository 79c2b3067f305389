/**
 * One data-parallel replica, run in a worker_thread: it rebuilds the model from its JSON topology
 * and weights, sets up the same backend as the coordinator, and then, per step, applies the
 * averaged update of each step and computes gradients on its shard of the next batch.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { WorkbookError } from '../../errors';
import seedrandom from 'seedrandom';
import { selectBackend, setTrainingThreads, trainingThreads } from '../../backend';
import { kernelPool } from '../../backend/kernels/parallel';
import { LossName, resolveLoss } from '../losses';
import { setLearningRate } from '../optimizer';
import { FromWorker, InitMessage, ToWorker, Update } from './protocol';

let model: tf.LayersModel;
let optimizer: tf.Optimizer;
let lossFn: (y: tf.Tensor, p: tf.Tensor) => tf.Scalar;
let x: tf.Tensor;
let y: tf.Tensor;
let vars: tf.Variable[];

const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

async function init(m: InitMessage): Promise<void> {
  await selectBackend({ force: m.backend });
  setTrainingThreads(m.threads); // the no-oversubscription policy: src/lib/backend/threads.ts
  seedrandom(`replica:${m.seed}:${m.rank}`, { global: true }); // dropout masks, per replica
  model = await tf.models.modelFromJSON({ modelTopology: m.topology } as tf.io.ModelJSON);
  model.setWeights(model.weights.map((w, i) => tf.tensor(m.weights[i], w.shape as number[])));
  vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  const [cls, fromConfig] = map[m.optimizer.className];
  optimizer = fromConfig(cls, m.optimizer.config as tf.serialization.ConfigDict) as unknown as tf.Optimizer;
  lossFn = resolveLoss(m.loss as LossName);
  x = tf.tensor(m.x.data, m.x.shape);
  y = tf.tensor(m.y.data, m.y.shape);
}

function apply(update: Update): void {
  setLearningRate(optimizer, update.learningRate);
  tf.tidy(() => {
    const grads: tf.NamedTensorMap = {};
    vars.forEach((v, i) => (grads[v.name] = tf.tensor(update.grads[i], v.shape)));
    optimizer.applyGradients(grads);
  });
}

function step(indices: Int32Array): void {
  const started = performance.now();
  const classify = y.rank === 2 && y.shape[1]! > 1;
  const result = tf.tidy(() => {
    const ind = tf.tensor1d(indices, 'int32');
    const bx = tf.gather(x, ind);
    const by = tf.gather(y, ind);
    let hits: tf.Tensor = tf.scalar(0);
    const { value, grads } = tf.variableGrads(() => {
      const yPred = model.apply(bx, { training: true }) as tf.Tensor;
      if (classify) hits = tf.keep(tf.sum(tf.equal(tf.argMax(yPred, -1), tf.argMax(by, -1))));
      return lossFn(by, yPred);
    }, vars);
    return { value, hits, grads: vars.map((v) => grads[v.name]) };
  });
  const grads = result.grads.map((g) => new Float32Array(g.dataSync() as Float32Array)); // a copy we may transfer
  const msg: FromWorker = {
    type: 'step',
    loss: result.value.dataSync()[0],
    hits: result.hits.dataSync()[0],
    grads,
    ms: performance.now() - started,
  };
  tf.dispose([result.value, result.hits, ...result.grads]);
  send(
    msg,
    grads.map((g) => g.buffer as ArrayBuffer),
  );
}

parentPort!.on('message', async (m: ToWorker) => {
  try {
    if (m.type === 'init') {
      await init(m);
      send({ type: 'ready' });
    } else if (m.type === 'step') {
      step(m.indices);
    } else if (m.type === 'apply') {
      apply(m.update);
    } else if (m.type === 'sync') {
      send({ type: 'synced' });
    } else if (m.type === 'weights') {
      send({ type: 'weights', weights: model.getWeights().map((w) => Float32Array.from(w.dataSync())) });
    } else if (m.type === 'threads') {
      // the pool the threaded kernels would use now (made here if no kernel has needed it yet)
      send({ type: 'threads', setting: trainingThreads(), poolThreads: kernelPool()?.liveThreads() ?? 1 });
    }
  } catch (e) {
    // A WorkbookError travels as its fields, so the coordinator re-throws the same error type.
    const workbookError =
      e instanceof WorkbookError
        ? { where: e.where, parameter: e.parameter, given: String(e.given), accepted: e.accepted, message: e.message }
        : undefined;
    send({ type: 'error', message: (e as Error).stack ?? String(e), workbookError });
  }
});
