/**
 * Notebook 21's harness: the saliency gallery, the ε sweep, the adversarial-training comparison
 * over seeds and the corruption sweep (image-aug transforms at rising strength), each with its
 * figure. The techniques live in src/lib/robust; this file only arranges runs and reports.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { Dataset, fit, evaluate, Callback, Figure, imageGrid, lineChart, barChart } from '../lib';
import {
  AttackName,
  fgsm,
  pgd,
  adversarialBatchHook,
  robustAccuracy,
  gradientSaliency,
  smoothGrad,
  integratedGradients,
  saliencyMap,
  gradCam,
  heatOverlay,
} from '../lib/robust';
import { Augmentation, BatchAugmentation, GaussianNoise, GaussianBlur, Rotate, Contrast, OneOf } from '../image-aug';

export const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
export const sd = (v: number[]): number =>
  v.length < 2 ? 0 : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));

/**
 * A gallery: one row per method (the digit, gradient, SmoothGrad, integrated gradients, Grad-CAM,
 * HiResCAM), one column per image, heat drawn over the digit.
 */
export function saliencyGallery(
  model: tf.LayersModel,
  images: tf.Tensor4D,
  options: { seed?: number; camLayer?: string } = {},
): Figure {
  const n = images.shape[0];
  const rows: [string, tf.Tensor][] = [];
  const grad = gradientSaliency(model, images);
  const smooth = smoothGrad(model, images, { samples: 24, noise: 0.15, seed: options.seed ?? 0 });
  const ig = integratedGradients(model, images, { steps: 24 });
  rows.push(['digit', tf.zeros([n, 28, 28])]);
  for (const [name, attr] of [
    ['gradient', grad],
    ['SmoothGrad', smooth],
    ['integrated gradients', ig],
  ] as [string, tf.Tensor][])
    rows.push([name, saliencyMap(attr)]);
  rows.push(['Grad-CAM', gradCam(model, images, { layer: options.camLayer })]);
  rows.push(['HiResCAM', gradCam(model, images, { layer: options.camLayer, variant: 'hires-cam' })]);
  const predicted = tf.tidy(() => Array.from(tf.argMax(model.predict(images) as tf.Tensor, -1).dataSync()));
  const tiles: tf.Tensor3D[] = [];
  const captions: string[] = [];
  for (const [name, maps] of rows) {
    const rgb = heatOverlay(images, maps);
    tiles.push(...(tf.unstack(rgb) as tf.Tensor3D[]));
    captions.push(...predicted.map((p, i) => (i === 0 ? `${name}` : name === 'digit' ? `predicted ${p}` : '')));
    if (name === 'digit') captions.splice(captions.length - n, 1, `predicted ${predicted[0]}`);
    rgb.dispose();
  }
  const fig = imageGrid(tiles, {
    cols: n,
    captions,
    tileSize: 84,
    title: 'What the CNN looked at (rows: digit, gradient, SmoothGrad, integrated gradients, Grad-CAM, HiResCAM)',
  });
  tf.dispose([...tiles, grad, smooth, ig, ...rows.map((r) => r[1])]);
  return fig;
}

export interface TrainCnnOptions {
  train: Dataset;
  makeModel: (seed: number) => tf.LayersModel;
  seed: number;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  /** Adversarial training: the attack made against the current weights for each batch. */
  adversarial?: { attack: AttackName; epsilon: number; steps?: number; mix?: number };
  /** Augmentation in training (a fresh seeded draw each batch). */
  augmentation?: BatchAugmentation;
  callbacks?: Callback[];
}

/** One model trained through the library's loop, plainly, adversarially or with augmentation. */
export async function trainCnn(o: TrainCnnOptions): Promise<tf.LayersModel> {
  check(
    !(o.adversarial && o.augmentation),
    'trainCnn',
    'options',
    'adversarial + augmentation',
    'one of the two at most',
  );
  const model = o.makeModel(o.seed);
  const optimizer = tf.train.adam(o.learningRate ?? 3e-3);
  const batchHook = o.adversarial
    ? adversarialBatchHook(model, o.adversarial)
    : o.augmentation
      ? (x: tf.Tensor, y: tf.Tensor, info: { seed: number }) => o.augmentation!.applyBatch(x, y, info.seed)
      : undefined;
  await fit(model, o.train.xs, o.train.ys, {
    epochs: o.epochs,
    batchSize: o.batchSize ?? 64,
    seed: o.seed,
    optimizer,
    batchHook,
    callbacks: o.callbacks,
  });
  optimizer.dispose();
  return model;
}

export interface SweepPoint {
  model: string;
  attack: AttackName;
  epsilon: number;
  accuracy: number;
}

/** Accuracy of each model under FGSM and PGD at every ε (ε = 0 is the clean accuracy). */
export function epsilonSweep(
  models: { name: string; model: tf.LayersModel }[],
  test: Dataset,
  options: { epsilons: number[]; attacks?: AttackName[]; pgdSteps?: number; seed?: number },
): SweepPoint[] {
  const { epsilons, attacks = ['fgsm', 'pgd'], pgdSteps = 10, seed = 0 } = options;
  check(
    Array.isArray(epsilons) && epsilons.length > 0,
    'epsilonSweep',
    'epsilons',
    epsilons,
    'a non-empty array of numbers ≥ 0',
  );
  const out: SweepPoint[] = [];
  for (const { name, model } of models)
    for (const attack of attacks)
      for (const epsilon of epsilons) {
        const accuracy = robustAccuracy(
          model,
          test.xs,
          test.ys,
          attack === 'pgd' ? { attack, epsilon, steps: pgdSteps, seed } : { attack, epsilon },
        );
        out.push({ model: name, attack, epsilon, accuracy });
      }
  return out;
}

export function epsilonSweepFigure(points: SweepPoint[], title = 'Test accuracy under attack vs ε'): Figure {
  const keys = [...new Set(points.map((p) => `${p.model}|${p.attack}`))];
  return lineChart(
    keys.map((k) => {
      const [model, attack] = k.split('|');
      const pts = points.filter((p) => p.model === model && p.attack === attack);
      return {
        name: `${model}, ${attack.toUpperCase()}`,
        x: pts.map((p) => p.epsilon),
        y: pts.map((p) => p.accuracy),
        dash: attack === 'fgsm' ? 'dash' : 'solid',
      };
    }),
    { title, xTitle: 'ε (L∞, pixel range 0–1)', yTitle: 'test accuracy' },
  );
}

export interface AdversarialRun {
  seed: number;
  training: string;
  clean: number;
  fgsm: number;
  pgd: number;
  seconds: number;
}

/** Standard and adversarial training side by side for each seed; clean, FGSM and PGD accuracy at ε. The caller disposes the models. */
export async function compareAdversarialTraining(o: {
  train: Dataset;
  test: Dataset;
  makeModel: (seed: number) => tf.LayersModel;
  seeds: number[];
  epochs: number;
  epsilon: number;
  trainAttack?: AttackName;
  trainSteps?: number;
  evalSteps?: number;
  onRun?: (run: AdversarialRun) => void;
}): Promise<{ runs: AdversarialRun[]; models: { seed: number; training: string; model: tf.LayersModel }[] }> {
  checkInt('compareAdversarialTraining', 'epochs', o.epochs, 1);
  check(
    Array.isArray(o.seeds) && o.seeds.length > 0,
    'compareAdversarialTraining',
    'seeds',
    o.seeds,
    'a non-empty array of seeds',
  );
  const runs: AdversarialRun[] = [];
  const models: { seed: number; training: string; model: tf.LayersModel }[] = []; // every trained model, for the caller to reuse and dispose
  for (const seed of o.seeds) {
    for (const training of ['standard', 'adversarial']) {
      const started = Date.now();
      const model = await trainCnn({
        train: o.train,
        makeModel: o.makeModel,
        seed,
        epochs: o.epochs,
        adversarial:
          training === 'adversarial'
            ? { attack: o.trainAttack ?? 'pgd', epsilon: o.epsilon, steps: o.trainSteps ?? 3 }
            : undefined,
      });
      const clean = evaluate(model, o.test.xs, o.test.ys, { batchSize: 500 }).accuracy!;
      const fgsmAcc = robustAccuracy(model, o.test.xs, o.test.ys, { attack: 'fgsm', epsilon: o.epsilon });
      const pgdAcc = robustAccuracy(model, o.test.xs, o.test.ys, {
        attack: 'pgd',
        epsilon: o.epsilon,
        steps: o.evalSteps ?? 10,
        seed,
      });
      const run = { seed, training, clean, fgsm: fgsmAcc, pgd: pgdAcc, seconds: (Date.now() - started) / 1000 };
      runs.push(run);
      o.onRun?.(run);
      models.push({ seed, training, model });
    }
  }
  return { runs, models };
}

/** Bars: clean / FGSM / PGD accuracy, mean ± sd over seeds, for each kind of training. */
export function adversarialTrainingFigure(runs: AdversarialRun[], epsilon: number): Figure {
  const kinds = [...new Set(runs.map((r) => r.training))];
  const metrics = ['clean', 'fgsm', 'pgd'] as const;
  const values = kinds.map((k) => metrics.map((m) => mean(runs.filter((r) => r.training === k).map((r) => r[m]))));
  const errors = kinds.map((k) => metrics.map((m) => sd(runs.filter((r) => r.training === k).map((r) => r[m]))));
  return barChart(['clean', `FGSM ε=${epsilon}`, `PGD ε=${epsilon}`], values, {
    groups: kinds.map((k) => `${k} training`),
    error: errors,
    title: `Test accuracy, mean ± sd over ${new Set(runs.map((r) => r.seed)).size} seeds`,
    yTitle: 'test accuracy',
    text: true,
  });
}

/** A corruption at a strength: an image-aug transform that always applies, with its parameter fixed. */
export interface Corruption {
  name: string;
  levels: number[];
  unit: string;
  make: (level: number, seed: number) => Augmentation;
}

/** Gaussian noise (sd), blur (sigma px), rotation (degrees) and contrast (factor), from clean to severe. */
export function standardCorruptions(): Corruption[] {
  return [
    {
      name: 'Gaussian noise',
      unit: 'sd',
      levels: [0, 0.2, 0.4, 0.6],
      make: (s, seed) => new GaussianNoise({ std: [s, s], p: 1, seed }),
    },
    {
      name: 'blur',
      unit: 'sigma px',
      levels: [0, 1, 1.5, 2],
      make: (s, seed) => new GaussianBlur({ sigma: [Math.max(s, 0.05), Math.max(s, 0.05)], p: s > 0 ? 1 : 0, seed }),
    },
    {
      name: 'rotation',
      unit: 'degrees',
      levels: [0, 20, 40, 60],
      make: (a, seed) => new Rotate({ limit: [a, a], p: 1, seed }),
    },
    {
      name: 'contrast',
      unit: 'factor',
      levels: [1, 0.4, 0.2, 0.1],
      make: (c, seed) => new Contrast({ limit: [c, c], p: 1, seed }),
    },
  ];
}

export interface CorruptionPoint {
  model: string;
  corruption: string;
  level: number;
  accuracy: number;
  sd: number;
}

/**
 * Accuracy on the test set corrupted at every level (the same corrupted images for every model);
 * models sharing a name (several seeds) are averaged, with their sd.
 */
export function corruptionSweep(
  models: { name: string; model: tf.LayersModel }[],
  test: Dataset,
  corruptions: Corruption[],
  seed = 0,
): CorruptionPoint[] {
  const out: CorruptionPoint[] = [];
  const names = [...new Set(models.map((m) => m.name))];
  for (const c of corruptions)
    for (const level of c.levels) {
      const corrupted = c.make(level, seed).apply(test.xs as tf.Tensor4D);
      for (const name of names) {
        const acc = models
          .filter((m) => m.name === name)
          .map(({ model }) => evaluate(model, corrupted, test.ys, { batchSize: 500 }).accuracy!);
        out.push({ model: name, corruption: c.name, level, accuracy: mean(acc), sd: sd(acc) });
      }
      corrupted.dispose();
    }
  return out;
}

/** Grouped bars, one group per model (mean ± sd over seeds), one bar per corruption and level. */
export function corruptionFigure(points: CorruptionPoint[], corruptions: Corruption[]): Figure {
  const models = [...new Set(points.map((p) => p.model))];
  const cells = corruptions.flatMap((c) => c.levels.map((level) => ({ c, level })));
  const label = ({ c, level }: { c: Corruption; level: number }) =>
    `${c.name} ${level}${c.unit === 'degrees' ? '°' : ''}`;
  const at = (m: string, c: Corruption, level: number) =>
    points.find((p) => p.model === m && p.corruption === c.name && p.level === level)!;
  return barChart(
    cells.map(label),
    models.map((m) => cells.map(({ c, level }) => at(m, c, level).accuracy)),
    {
      groups: models,
      error: models.map((m) => cells.map(({ c, level }) => at(m, c, level).sd)),
      title: 'Test accuracy on corrupted digits (mean ± sd over seeds)',
      yTitle: 'test accuracy',
      height: 420,
    },
  );
}

/** The augmentation used in training for the corruption comparison: one of the corruptions, at random strength. */
export function corruptionAugmentation(seed: number): BatchAugmentation {
  return new OneOf(
    [
      new GaussianNoise({ std: [0, 0.5] }),
      new GaussianBlur({ sigma: [0.3, 1.8] }),
      new Rotate({ limit: 45 }),
      new Contrast({ limit: [0.15, 1] }),
    ],
    { p: 0.8, seed },
  );
}

/** Rows: clean digits, FGSM and PGD versions at ε, and the PGD perturbation (scaled to show), each captioned with the prediction. */
export function adversarialGallery(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  y: tf.Tensor,
  epsilon: number,
  seed = 0,
): Figure {
  const advF = fgsm(model, x, y, { epsilon });
  const advP = pgd(model, x, y, { epsilon, steps: 10, seed });
  const delta = tf.tidy(() => tf.add(0.5, tf.div(tf.sub(advP, x), 2 * Math.max(epsilon, 1e-9))));
  const rows: [string, tf.Tensor][] = [
    ['clean', x],
    [`FGSM ε=${epsilon}`, advF],
    [`PGD ε=${epsilon}`, advP],
    ['PGD change', delta],
  ];
  const tiles: tf.Tensor3D[] = [];
  const captions: string[] = [];
  for (const [name, images] of rows) {
    const predicted = tf.tidy(() =>
      Array.from(tf.argMax(model.predict(name === 'PGD change' ? advP : images) as tf.Tensor, -1).dataSync()),
    );
    tiles.push(...(tf.unstack(images) as tf.Tensor3D[]));
    captions.push(
      ...predicted.map((p, i) =>
        name === 'PGD change' ? (i === 0 ? 'x_adv − x' : '') : `${i === 0 ? name + ': ' : ''}${p}`,
      ),
    );
  }
  const fig = imageGrid(tiles, {
    cols: x.shape[0],
    captions,
    tileSize: 84,
    title: `Adversarial digits and what the standard CNN answers (ε = ${epsilon})`,
  });
  tf.dispose([...tiles, advF, advP, delta]);
  return fig;
}
