// %% [markdown]
// # Early stopping and checkpoints
// How many epochs? Too few underfits, too many overfits. *Early stopping* watches the validation
// loss and stops once it has not improved for `patience` epochs; with `restoreBestWeights` it also
// puts back the weights of the best epoch (tfjs's own callback cannot). *Checkpoints* write the
// model to disk as training goes — the best epoch and the last — so a crashed or interrupted run
// resumes where it stopped.
// %%
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import {
  claim,
  showClaims,
  setup,
  loadMnist,
  mlp,
  fit,
  evaluate,
  show,
  showTable,
  lineChart,
  tf,
  EarlyStopping,
  ModelCheckpoint,
  loadCheckpoint,
} from 'tfjs-workbook';
const backend = await setup({ seed: 4 });
// %% [markdown]
// ## Train until it stops improving
// A small training set (500 digits) and a fast learning rate make the validation loss turn up
// after a few epochs. We allow up to 40 epochs; `EarlyStopping` decides when to stop, and
// `ModelCheckpoint` writes `best/` and `last/` after every epoch (weights plus Adam's state).
// %%
const MAX_EPOCHS = 40,
  PATIENCE = 3;
const { train, test: heldOut } = loadMnist({ trainSize: 500, testSize: 1500, seed: 4, flat: true });
// Held-out digits split in two: 500 to decide when to stop, 1000 to test the result.
const val = { xs: heldOut.xs.slice(0, 500), ys: heldOut.ys.slice(0, 500) };
const test = { xs: heldOut.xs.slice(500), ys: heldOut.ys.slice(500) };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-ckpt-'));
const model = mlp({ hidden: [128], seed: 4 });
const stopper = new EarlyStopping({ monitor: 'val_loss', patience: PATIENCE, restoreBestWeights: true });
const checkpoint = new ModelCheckpoint({ dir, monitor: 'val_loss' });
const history = await fit(model, train.xs, train.ys, {
  epochs: MAX_EPOCHS,
  batchSize: 25,
  optimizer: tf.train.adam(3e-3),
  seed: 4,
  validationData: [val.xs, val.ys],
  callbacks: [stopper, checkpoint],
});
const epochs = history.epoch.map((e) => e + 1);
const fig = lineChart(
  [
    { name: 'train loss', x: epochs, y: history.history.loss },
    { name: 'validation loss', x: epochs, y: history.history.val_loss },
    {
      name: 'best epoch',
      x: [stopper.bestEpoch + 1, stopper.bestEpoch + 1],
      y: [0, Math.max(...history.history.val_loss)],
      dash: 'dot',
    },
  ],
  { title: `Early stopping (patience ${PATIENCE})`, xTitle: 'epoch', yTitle: 'cross-entropy' },
);
show(fig);
// %% [markdown]
// ## What is on disk
// Each checkpoint is a folder: `checkpoint.json` (epoch, logs, names and shapes of the tensors) and
// `weights.bin` (the model's weights, then the optimizer's moments), written atomically.
// %%
const files = ['best', 'last'].flatMap((k) =>
  fs.readdirSync(path.join(dir, k)).map((f) => {
    const info = JSON.parse(fs.readFileSync(path.join(dir, k, 'checkpoint.json'), 'utf8'));
    return {
      checkpoint: k,
      file: f,
      bytes: fs.statSync(path.join(dir, k, f)).size,
      'saved after epoch': info.epoch + 1,
      val_loss: info.logs.val_loss,
    };
  }),
);
showTable(files);
// %% [markdown]
// ## Resume from the last checkpoint
// A fresh model and optimizer load `last/`, then `fit` continues with `initialEpoch`, which also
// replays the shuffling, so the resumed run sees the same batches as an uninterrupted one would.
// We check this: an uninterrupted run of the same total length gives the same weights.
// %%
const resumed = mlp({ hidden: [128], seed: 4 });
const resumedOptimizer = tf.train.adam(3e-3);
const { epoch: lastEpoch } = await loadCheckpoint(checkpoint.lastPath, resumed, resumedOptimizer);
const EXTRA = 2;
await fit(resumed, train.xs, train.ys, {
  epochs: lastEpoch + 1 + EXTRA,
  initialEpoch: lastEpoch + 1,
  batchSize: 25,
  optimizer: resumedOptimizer,
  seed: 4,
});
const straight = mlp({ hidden: [128], seed: 4 });
await fit(straight, train.xs, train.ys, {
  epochs: lastEpoch + 1 + EXTRA,
  batchSize: 25,
  optimizer: tf.train.adam(3e-3),
  seed: 4,
});
const maxDiff = tf.tidy(() =>
  Math.max(...resumed.getWeights().map((w, i) => tf.max(tf.abs(tf.sub(w, straight.getWeights()[i]))).dataSync()[0])),
);
// %% [markdown]
// ## What we measured
// %%
const restored = evaluate(model, test.xs, test.ys);
const lastLoss = history.history.val_loss[history.history.val_loss.length - 1];
console.log(
  `Training stopped after epoch ${stopper.stoppedEpoch + 1} of ${MAX_EPOCHS}: the validation loss was best at epoch ${stopper.bestEpoch + 1} ` +
    `(${stopper.best.toFixed(3)}) and ${lastLoss.toFixed(3)} when it stopped. The restored best weights classify ${(restored.accuracy! * 100).toFixed(1)}% of ${test.xs.shape[0]} test digits. ` +
    `Resuming from the epoch-${lastEpoch + 1} checkpoint for ${EXTRA} more epochs matched an uninterrupted run to within ${maxDiff.toExponential(1)} per weight (${backend.name}).`,
);
claim({
  id: 'stops-early',
  text: `early stopping (patience ${PATIENCE}) ends training well before the ${MAX_EPOCHS}-epoch budget`,
  measured: stopper.stoppedEpoch + 1,
  expected: '<',
  against: MAX_EPOCHS / 2,
  unit: 'epochs',
});
claim({
  id: 'restores-best',
  text: "the restored weights are the best epoch's: a lower validation loss than the weights training ended with",
  measured: stopper.best,
  expected: '<',
  against: lastLoss,
});
claim({
  id: 'resume-matches',
  text: 'resuming from a checkpoint gives the same weights as an uninterrupted run (max difference below 1e-5)',
  measured: maxDiff,
  expected: '<',
  against: 1e-5,
});
showClaims();
fs.rmSync(dir, { recursive: true });
[model, resumed, straight].forEach((m) => m.dispose());
train.dispose();
heldOut.dispose();
tf.dispose([val.xs, val.ys, test.xs, test.ys]);
