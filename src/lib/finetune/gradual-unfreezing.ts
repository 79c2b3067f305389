/**
 * Gradual unfreezing (ULMFiT): train only the top group first, then unfreeze one more group
 * below every `every` epochs, so the new head settles before it can disturb pretrained layers.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, WorkbookError } from '../errors';
import { Callback, TrainState } from '../train/callback';
import { LayerGroup, selectLayers } from './layers';
import { groupSteppedOptimizers } from './discriminative';
import { checkArray, checkModel, checkNumber } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const GRADUAL_UNFREEZING_OPTIONS = defineOptions('GradualUnfreezing', {
  /** Epochs between two unfreezing steps (default 1). */
  every: undefined as number | undefined,
  /** Groups trainable in the first epoch, counted from the top (default 1). */
  initial: undefined as number | undefined,
});

export type GradualUnfreezingOptions = OptionsOf<typeof GRADUAL_UNFREEZING_OPTIONS>;

/** How many groups (from the top) are trainable in `epoch` (0-based). */
export function unfrozenGroupCount(epoch: number, groups: number, every = 1, initial = 1): number {
  checkNumber('unfrozenGroupCount', 'epoch', epoch);
  checkNumber('unfrozenGroupCount', 'groups', groups);
  if (every !== undefined) checkNumber('unfrozenGroupCount', 'every', every);
  if (initial !== undefined) checkNumber('unfrozenGroupCount', 'initial', initial);
  return Math.min(groups, initial + Math.floor(epoch / every));
}

export class GradualUnfreezing implements Callback {
  readonly every: number;
  readonly initial: number;
  /** Group names that became trainable at each epoch, for plots and tests. */
  readonly log: { epoch: number; trainable: string[] }[] = [];
  private count = 0;

  constructor(
    readonly model: tf.LayersModel,
    readonly groups: LayerGroup[],
    options: GradualUnfreezingOptions = {},
  ) {
    options = GRADUAL_UNFREEZING_OPTIONS.read(options);
    checkModel('GradualUnfreezing', 'model', model);
    checkArray('GradualUnfreezing', 'groups', groups, { nonEmpty: false });
    check(
      Array.isArray(groups) && groups.length > 0,
      'gradualUnfreezing',
      'groups',
      groups,
      'a non-empty array of layer groups (see layerGroups)',
    );
    this.every = options.every ?? 1;
    this.initial = options.initial ?? 1;
    checkInt('gradualUnfreezing', 'every', this.every, 1);
    checkInt('gradualUnfreezing', 'initial', this.initial, 1, groups.length);
    groups.forEach((g) => selectLayers(model, g, 'gradualUnfreezing'));
  }

  private apply(count: number): void {
    this.groups.forEach((g, i) => {
      const trainable = i >= this.groups.length - count;
      for (const layer of selectLayers(this.model, g, 'gradualUnfreezing')) layer.trainable = trainable;
    });
    this.count = count;
  }

  onTrainBegin(): void {
    this.log.length = 0;
    this.apply(this.initial);
  }

  onEpochBegin(epoch: number, state: TrainState): void {
    const count = unfrozenGroupCount(epoch, this.groups.length, this.every, this.initial);
    if (count !== this.count) {
      const stateful = state.optimizer.getClassName() !== 'SGD';
      if (stateful && epoch > 0 && !groupSteppedOptimizers.has(state.optimizer)) {
        throw new WorkbookError(
          'gradualUnfreezing',
          'optimizer',
          state.optimizer.getClassName(),
          'plain SGD, or any optimizer with discriminativeLr(...) as gradientHook',
          `gradualUnfreezing: ${state.optimizer.getClassName()} keeps its state by position in the list of trained variables, which unfreezing changes; ` +
            'pass discriminativeLr(model, groups, { factor: 1 }) as gradientHook (one optimizer per group), or use SGD',
        );
      }
      this.apply(count);
    }
    this.log.push({ epoch, trainable: this.groups.slice(this.groups.length - this.count).map((g) => g.name) });
  }
}

/**
 * A callback that thaws `groups` (bottom first, see layerGroups) from the top, one more every
 * `every` epochs. With Adam and friends pair it with discriminativeLr (factor 1 for equal rates).
 * @example const groups = layerGroups(model, 3); const dlr = discriminativeLr(model, groups);
 *          await fit(model, x, y, { epochs: 4, gradientHook: dlr.gradientHook, callbacks: [gradualUnfreezing(model, groups), dlr] });
 */
export function gradualUnfreezing(
  model: tf.LayersModel,
  groups: LayerGroup[],
  options: GradualUnfreezingOptions = {},
): GradualUnfreezing {
  options = GRADUAL_UNFREEZING_OPTIONS.read(options, 'gradualUnfreezing');
  checkModel('gradualUnfreezing', 'model', model);
  checkArray('gradualUnfreezing', 'groups', groups, { nonEmpty: false });
  check(model instanceof tf.LayersModel, 'gradualUnfreezing', 'model', typeof model, 'a tf.LayersModel');
  return new GradualUnfreezing(model, groups, options);
}
