// %% [markdown]
// # Regularisation and optimizers
// A big network trained on little data memorises it: training accuracy climbs to 100% while
// test accuracy stalls. *Regularisation* fights this: L2 (weight decay) pulls weights toward zero,
// L1 drives many of them exactly to zero, dropout randomly silences units so none can be relied on
// alone. Then, on one task, we compare the optimizers everyone uses: SGD, momentum, Adam, RMSprop.
// %%
import {
  setup, loadMnist, mlp, fit, evaluate, show, showTable, lineChart, barChart, tf, makeOptimizer,
} from 'tfjs-workbook';
import { weightPenalty, withDropout, sparsity } from 'tfjs-workbook/train';
const backend = await setup({ seed: 3 });
// %% [markdown]
// ## Overfitting on purpose
// 600 training digits and an MLP with 256 hidden units — plenty of capacity to memorise. Each
// variant trains for 25 epochs with Adam, long enough for the unregularised test loss to turn back up; L1 and L2 enter as a `lossHook` adding
// l1·Σ|w| or l2·Σw² over the kernels (`weightPenalty`); dropout is a layer, added after every hidden
// layer of the same model by `withDropout`.
// %%
const TRAIN_SIZE = 600, TEST_SIZE = 1000, EPOCHS = 25, BATCH_SIZE = 32, HIDDEN = [256];
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: 3, flat: true });
const variants = [
  { name: 'none', dropout: 0, lossHook: undefined },
  { name: 'L2 (3e-3)', dropout: 0, lossHook: weightPenalty({ l2: 3e-3 }) },
  { name: 'L1 (3e-4)', dropout: 0, lossHook: weightPenalty({ l1: 3e-4 }) },
  { name: 'dropout 0.5', dropout: 0.5, lossHook: undefined },
];
const reg: { name: string; trainAcc: number; testAcc: number; testLoss: number; sparse: number; valLoss: number[] }[] = [];
for (const v of variants) {
  const base = mlp({ hidden: HIDDEN, seed: 3 });
  const model = v.dropout > 0 ? await withDropout(base, v.dropout) : base; // same weights, plus Dropout layers
  const h = await fit(model, train.xs, train.ys, { epochs: EPOCHS, batchSize: BATCH_SIZE, optimizer: tf.train.adam(3e-3), lossHook: v.lossHook, seed: 3, validationData: [test.xs, test.ys] });
  const t = evaluate(model, test.xs, test.ys);
  reg.push({ name: v.name, trainAcc: evaluate(model, train.xs, train.ys).accuracy!, testAcc: t.accuracy!, testLoss: t.loss, sparse: sparsity(model, 1e-3), valLoss: h.history.val_loss });
  model.dispose();
  if (model !== base) base.dispose();
}
show(lineChart(reg.map((r) => ({ name: r.name, x: r.valLoss.map((_, i) => i + 1), y: r.valLoss })), { title: 'Test loss per epoch', xTitle: 'epoch', yTitle: 'cross-entropy' }));
showTable(reg.map((r) => ({ regulariser: r.name, 'train acc': r.trainAcc, 'test acc': r.testAcc, 'gap': r.trainAcc - r.testAcc, 'test loss': r.testLoss, 'weights |w|<1e-3': r.sparse })));
// %% [markdown]
// ## Optimizers on one task
// Same model, same data, same number of steps; each optimizer at a customary learning rate.
// Momentum and Adam-like methods usually make faster early progress than plain SGD.
// %%
const OPTIMIZERS: [name: 'sgd' | 'momentum' | 'adam' | 'rmsprop', lr: number][] = [['sgd', 0.1], ['momentum', 0.02], ['adam', 1e-3], ['rmsprop', 1e-3]];
const OPT_EPOCHS = 5;
const opt: { name: string; loss: number[]; testAcc: number }[] = [];
for (const [name, lr] of OPTIMIZERS) {
  const model = mlp({ hidden: [128], seed: 3 });
  const h = await fit(model, train.xs, train.ys, { epochs: OPT_EPOCHS, batchSize: BATCH_SIZE, optimizer: makeOptimizer(name, lr), seed: 3 });
  opt.push({ name: `${name} (lr ${lr})`, loss: h.history.loss, testAcc: evaluate(model, test.xs, test.ys).accuracy! });
  model.dispose();
}
show(lineChart(opt.map((o) => ({ name: o.name, x: o.loss.map((_, i) => i + 1), y: o.loss })), { title: 'Training loss per epoch', xTitle: 'epoch', yTitle: 'cross-entropy', logY: true }));
show(barChart(opt.map((o) => o.name), opt.map((o) => o.testAcc), { title: `Test accuracy after ${OPT_EPOCHS} epochs`, yTitle: 'accuracy' }));
// %% [markdown]
// ## What we measured
// %%
const none = reg[0];
const others = reg.slice(1).map((r) => `${r.name} ${r.testLoss.toFixed(3)} (${(r.testAcc * 100).toFixed(1)}%)`).join(', ');
const minNone = Math.min(...none.valLoss);
const l1 = reg.find((r) => r.name.startsWith('L1'))!;
const bestOpt = [...opt].sort((a, b) => b.testAcc - a.testAcc)[0];
console.log(`Without regularisation the MLP reached ${(none.trainAcc * 100).toFixed(1)}% on its ${TRAIN_SIZE} training digits but ${(none.testAcc * 100).toFixed(1)}% on the test set; ` +
  `its test loss bottomed at ${minNone.toFixed(3)} (epoch ${none.valLoss.indexOf(minNone) + 1}) and ended at ${none.testLoss.toFixed(3)}. Final test losses with regularisation: ${others}. ` +
  `L1 left ${(l1.sparse * 100).toFixed(0)}% of weights below 1e-3 versus ${(none.sparse * 100).toFixed(0)}% without. ` +
  `Among optimizers, ${bestOpt.name} reached the best test accuracy after ${OPT_EPOCHS} epochs (${(bestOpt.testAcc * 100).toFixed(1)}%) on ${backend.name}.`);
train.dispose(); test.dispose();
