/**
 * Pruning during fine-tuning, as plug-ins of the one training loop `fit`:
 *  - `GradualPruning` (a Callback) recomputes magnitude masks on the schedule's steps and multiplies
 *    them into the weights after every optimizer step, so pruned weights are exactly zero whatever the
 *    optimizer's momentum does; after the schedule's endStep the masks stay fixed.
 *  - its `gradientHook` zeroes the gradients of pruned weights, so Adam's moments do not build up
 *    for weights that will be zeroed again anyway (pass it as fit's `gradientHook`; optional).
 *  - `KeepPruned` holds a model's existing masks through further training.
 * @example
 *   const pruning = new GradualPruning({ schedule: polynomialDecay({ finalSparsity: 0.9, endStep: 200 }) });
 *   await fit(model, x, y, { epochs: 4, callbacks: [pruning], gradientHook: pruning.gradientHook });
 *   showTable(sparsityReport(model));
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkOneOf } from '../errors';
import type { Callback, Logs, TrainState } from '../train/callback';
import { PRUNE_SCOPES, PruneScope, PruningMasks, applyMasks, computeMasks, disposeMasks } from './prune';
import { PruningSchedule } from './pruning-schedule';
import { checkObject } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

/** fit's gradientHook signature (kept structural so this file does not depend on the loop). */
export type GradientHook = (grads: tf.NamedTensorMap) => tf.NamedTensorMap | null;

function maskGradients(masks: PruningMasks, grads: tf.NamedTensorMap): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) {
    const mask = masks.get(name);
    out[name] = mask ? tf.mul(g, mask) : g; // runs inside fit's tidy
  }
  return out;
}

const GRADUAL_PRUNING_OPTIONS = defineOptions('GradualPruning', {
  schedule: required<PruningSchedule>(),
  /** 'layer' (default) or 'global' magnitude ranking. */
  scope: undefined as PruneScope | undefined,
  /** Only prune these layers (by name). */
  layers: undefined as string[] | undefined,
});

export type GradualPruningOptions = OptionsOf<typeof GRADUAL_PRUNING_OPTIONS>;

export class GradualPruning implements Callback {
  readonly schedule: PruningSchedule;
  readonly scope: PruneScope;
  readonly layers?: string[];
  /** Current masks (empty before training starts). Owned by this callback until `releaseMasks`. */
  masks: PruningMasks = new Map();
  /** Optimizer steps seen so far (continues across fit calls). */
  step = 0;
  /** Sparsity targeted by the current masks. */
  currentSparsity = 0;
  /** Pass as fit's gradientHook to keep optimizer state of pruned weights at zero. */
  readonly gradientHook: GradientHook;

  constructor(options: GradualPruningOptions) {
    options = GRADUAL_PRUNING_OPTIONS.read(options);
    check(
      !!options && typeof options.schedule?.sparsityAt === 'function',
      'GradualPruning',
      'schedule',
      typeof options?.schedule,
      'a PruningSchedule (polynomialDecay or constantSparsity)',
    );
    this.schedule = options.schedule;
    this.scope = options.scope ?? 'layer';
    checkOneOf('GradualPruning', 'scope', this.scope, PRUNE_SCOPES);
    this.layers = options.layers;
    this.gradientHook = (grads) => maskGradients(this.masks, grads);
  }

  private prune(model: tf.LayersModel): void {
    const sparsity = this.schedule.sparsityAt(this.step);
    const next = computeMasks(model, { sparsity, scope: this.scope, layers: this.layers });
    disposeMasks(this.masks);
    this.masks = next;
    this.currentSparsity = sparsity;
  }

  onTrainBegin(state: TrainState): void {
    if (this.masks.size === 0 || this.schedule.shouldPrune(this.step)) this.prune(state.model);
    applyMasks(state.model, this.masks);
  }

  onBatchEnd(_batch: number, logs: Logs, state: TrainState): void {
    this.step++;
    if (this.step <= this.schedule.endStep && this.schedule.shouldPrune(this.step)) this.prune(state.model);
    applyMasks(state.model, this.masks); // the optimizer moved pruned weights off zero: put them back
    logs.sparsity = this.currentSparsity;
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    logs.sparsity = this.currentSparsity;
  }

  /** Hands the masks to the caller (e.g. for `KeepPruned`) and forgets them. */
  releaseMasks(): PruningMasks {
    const m = this.masks;
    this.masks = new Map();
    return m;
  }

  /** Disposes the masks. */
  dispose(): void {
    disposeMasks(this.masks);
  }
}

/** Keeps fixed masks through further training: pruned weights stay exactly zero. */
export class KeepPruned implements Callback {
  readonly gradientHook: GradientHook;
  constructor(readonly masks: PruningMasks) {
    checkObject('KeepPruned', 'masks', masks);
    check(
      masks instanceof Map && masks.size > 0,
      'KeepPruned',
      'masks',
      masks instanceof Map ? `${masks.size} masks` : typeof masks,
      'the non-empty masks of magnitudePrune or GradualPruning',
    );
    this.gradientHook = (grads) => maskGradients(this.masks, grads);
  }
  onTrainBegin(state: TrainState): void {
    applyMasks(state.model, this.masks);
  }
  onBatchEnd(_batch: number, _logs: Logs, state: TrainState): void {
    applyMasks(state.model, this.masks);
  }
}
