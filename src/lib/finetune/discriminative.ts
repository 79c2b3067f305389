/**
 * Discriminative learning rates (ULMFiT): lower layers, which hold general features, learn more
 * slowly than the head; each group below the top gets the rate of the group above divided by
 * `factor` (2.6 in the paper).
 *
 * tfjs optimizers have one learning rate. Scaling a group's gradients would do for plain SGD,
 * but Adam and RMSProp divide the scale out again, so here each group gets its own copy of the
 * training optimizer (same class and settings) at rate × multiplier, stepped from fit's
 * `gradientHook`. The rates follow the main optimizer's rate at every step, so LR schedules on
 * it still apply. One optimizer per group also keeps each optimizer's variable list fixed when
 * gradual unfreezing adds groups (tfjs optimizers key their state by position in that list).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { BatchInfo } from '../train/loop';
import { Callback, TrainState } from '../train/callback';
import { getLearningRate, setLearningRate } from '../train/optimizer';
import { LayerGroup, selectLayers } from './layers';
import { groupMultipliers } from './groups';
import { checkArray, checkFinite, checkModel, checkNumber } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

/** Optimizers whose steps this module makes (so gradualUnfreezing knows the fit optimizer is safe). */
export const groupSteppedOptimizers = new WeakSet<tf.Optimizer>();

const DISCRIMINATIVE_LR_OPTIONS = defineOptions('DiscriminativeLr', {
  /** Each lower group's rate is the one above divided by this (default 2.6). */
  factor: undefined as number | undefined,
  /** Explicit multipliers per group (bottom first) instead of `factor`. */
  multipliers: undefined as number[] | undefined,
});

export type DiscriminativeLrOptions = OptionsOf<typeof DISCRIMINATIVE_LR_OPTIONS>;

function cloneOptimizer(optimizer: tf.Optimizer): tf.Optimizer {
  const cls = optimizer.constructor as unknown as {
    fromConfig(cls: unknown, config: tf.serialization.ConfigDict): tf.Optimizer;
  };
  return cls.fromConfig(cls, optimizer.getConfig());
}

/** Per-group learning rates for `fit`: pass `gradientHook` and the object itself as a callback. */
export class DiscriminativeLr implements Callback {
  readonly multipliers: number[];
  private readonly groupOf = new Map<string, number>();
  private optimizers: (tf.Optimizer | undefined)[] = [];
  private lastLr: number[] = [];

  constructor(
    readonly model: tf.LayersModel,
    readonly groups: LayerGroup[],
    options: DiscriminativeLrOptions = {},
  ) {
    options = DISCRIMINATIVE_LR_OPTIONS.read(options);
    checkModel('DiscriminativeLr', 'model', model);
    checkArray('DiscriminativeLr', 'groups', groups, { nonEmpty: false });
    check(
      Array.isArray(groups) && groups.length > 0,
      'discriminativeLr',
      'groups',
      groups,
      'a non-empty array of layer groups (see layerGroups)',
    );
    this.multipliers = options.multipliers ?? groupMultipliers(groups, options.factor ?? 2.6);
    check(
      this.multipliers.length === groups.length && this.multipliers.every((m) => m > 0 && Number.isFinite(m)),
      'discriminativeLr',
      'multipliers',
      this.multipliers,
      `${groups.length} positive numbers, one per group`,
    );
    groups.forEach((g, i) => {
      for (const layer of selectLayers(model, g, 'discriminativeLr')) {
        for (const w of layer.weights) this.groupOf.set((w.read() as tf.Variable).name, i);
      }
    });
  }

  /** The learning rate of each group given the main optimizer's rate. */
  rates(baseLr: number): number[] {
    checkFinite('DiscriminativeLr.rates', 'baseLr', baseLr, 0);
    return this.multipliers.map((m) => baseLr * m);
  }

  /** fit's gradientHook: steps every group with its own optimizer and tells fit to apply nothing. */
  readonly gradientHook = (grads: tf.NamedTensorMap, info: BatchInfo & { state: TrainState }): null => {
    const main = info.state.optimizer;
    groupSteppedOptimizers.add(main);
    const base = getLearningRate(main);
    const byGroup: tf.NamedTensorMap[] = this.groups.map(() => ({}));
    const rest: tf.NamedTensorMap = {}; // variables outside every group (e.g. fit's extraVariables): the main optimizer at its own rate
    for (const [name, g] of Object.entries(grads)) {
      const i = this.groupOf.get(name);
      if (i === undefined) rest[name] = g;
      else byGroup[i][name] = g;
    }
    byGroup.forEach((part, i) => {
      if (Object.keys(part).length === 0) return; // frozen group
      const opt = (this.optimizers[i] ??= cloneOptimizer(main));
      const lr = base * this.multipliers[i];
      if (this.lastLr[i] !== lr) {
        setLearningRate(opt, lr);
        this.lastLr[i] = lr;
      }
      opt.applyGradients(part);
    });
    if (Object.keys(rest).length > 0) main.applyGradients(rest);
    return null;
  };

  /** Frees the group optimizers' state; the next training starts them afresh. */
  onTrainEnd(): void {
    this.dispose();
  }

  dispose(): void {
    this.optimizers.forEach((o) => o?.dispose());
    this.optimizers = [];
    this.lastLr = [];
  }
}

/**
 * Discriminative learning rates for `fit`, group 0 lowest (rate × factor^-(G-1)), the top group
 * at the optimizer's rate.
 * @example const dlr = discriminativeLr(model, layerGroups(model, 3));
 *          await fit(model, x, y, { epochs: 3, gradientHook: dlr.gradientHook, callbacks: [dlr] });
 */
export function discriminativeLr(
  model: tf.LayersModel,
  groups: LayerGroup[],
  options: DiscriminativeLrOptions = {},
): DiscriminativeLr {
  options = DISCRIMINATIVE_LR_OPTIONS.read(options, 'discriminativeLr');
  checkModel('discriminativeLr', 'model', model);
  checkArray('discriminativeLr', 'groups', groups, { nonEmpty: false });
  check(model instanceof tf.LayersModel, 'discriminativeLr', 'model', typeof model, 'a tf.LayersModel');
  return new DiscriminativeLr(model, groups, options);
}
