/**
 * Early stopping (Keras EarlyStopping, with the restore-best-weights that tfjs's own callback
 * lacks): stop when the monitored metric has not improved by more than minDelta for `patience`
 * epochs; with restoreBestWeights, put back the weights of the best epoch when training ends.
 * @example const stop = new EarlyStopping({ patience: 3, restoreBestWeights: true });
 *          await fit(model, x, y, { epochs: 50, validationData: [vx, vy], callbacks: [stop] });
 *          console.log(stop.bestEpoch, stop.stoppedEpoch);
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt, checkOneOf, checkRange } from '../errors';
import { Callback, Logs, TrainState } from './callback';
import { Monitor, monitorMode } from './monitor';
import { checkOptions } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const EARLY_STOPPING_OPTIONS = defineOptions('EarlyStopping', {
  /** Default 'val_loss'. */
  monitor: undefined as string | undefined,
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta: undefined as number | undefined,
  /** Epochs without improvement before stopping (as Keras: 0 stops at the first one). Default 0. */
  patience: undefined as number | undefined,
  /** 'min', 'max' or 'auto' (max for accuracy-like names). */
  mode: undefined as 'min' | 'max' | 'auto' | undefined,
  /** Restore the best epoch's weights at the end. Default false (as Keras). */
  restoreBestWeights: undefined as boolean | undefined,
});

export type EarlyStoppingOptions = OptionsOf<typeof EARLY_STOPPING_OPTIONS>;

export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly restoreBestWeights: boolean;
  /** Epoch (0-based) training stopped at, or -1 if it ran to the end. */
  stoppedEpoch = -1;
  private readonly watch: Monitor;
  private wait = 0;
  private bestWeights: tf.Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    options = EARLY_STOPPING_OPTIONS.read(options);
    const { monitor = 'val_loss', minDelta = 0, patience = 0, mode = 'auto', restoreBestWeights = false } = options;
    checkInt('EarlyStopping', 'patience', patience, 0);
    checkRange('EarlyStopping', 'minDelta', minDelta, 0, 1e12);
    checkOneOf('EarlyStopping', 'mode', mode, ['min', 'max', 'auto'] as const);
    this.monitor = monitor;
    this.minDelta = minDelta;
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
    this.watch = new Monitor('EarlyStopping', monitor, monitorMode(monitor, mode), minDelta);
  }

  /** Best monitored value seen. */
  get best(): number {
    return this.watch.best;
  }

  /** Epoch (0-based) of the best value. */
  get bestEpoch(): number {
    return this.watch.bestEpoch;
  }

  onTrainBegin(): void {
    this.watch.reset();
    this.wait = 0;
    this.stoppedEpoch = -1;
    this.dropSaved();
  }

  onEpochEnd(epoch: number, logs: Logs, state: TrainState): void {
    if (this.watch.update(logs, epoch)) {
      this.wait = 0;
      if (this.restoreBestWeights) {
        this.dropSaved();
        this.bestWeights = state.model.getWeights().map((w) => w.clone());
      }
      return;
    }
    if (++this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      state.stopTraining = true;
    }
  }

  onTrainEnd(state: TrainState): void {
    if (this.restoreBestWeights && this.bestWeights) state.model.setWeights(this.bestWeights);
    this.dropSaved();
  }

  private dropSaved(): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = null;
  }
}
