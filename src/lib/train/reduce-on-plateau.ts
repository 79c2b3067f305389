/**
 * Keras ReduceLROnPlateau: when the monitored metric has not improved by more than minDelta for
 * `patience` epochs, multiply the learning rate by `factor` (not below minLr), then wait
 * `cooldown` epochs before counting again. Useful when you do not know a good schedule in advance.
 * @example await fit(model, x, y, { epochs: 30, validationData: [vx, vy], callbacks: [reduceLROnPlateau({ patience: 2 })] });
 */
import { checkInt, checkRange, checkOneOf } from '../errors';
import { Callback, Logs } from './callback';
import { getLearningRate, setLearningRate } from './optimizer';
import { Monitor, monitorMode } from './monitor';
import { checkOptions } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const REDUCE_L_R_ON_PLATEAU_OPTIONS = defineOptions('reduceLROnPlateau', {
  /** Default 'val_loss'. */
  monitor: undefined as string | undefined,
  /** Default 0.1. */
  factor: undefined as number | undefined,
  /** Epochs without improvement before the rate is cut (Keras: wait ≥ patience). Default 10. */
  patience: undefined as number | undefined,
  /** Default 1e-4. */
  minDelta: undefined as number | undefined,
  /** Default 0. */
  cooldown: undefined as number | undefined,
  /** Default 0. */
  minLr: undefined as number | undefined,
  /** 'min', 'max' or 'auto' (max for names containing acc). */
  mode: undefined as 'min' | 'max' | 'auto' | undefined,
});

export type ReduceLROnPlateauOptions = OptionsOf<typeof REDUCE_L_R_ON_PLATEAU_OPTIONS>;

export interface ReduceLROnPlateauCallback extends Callback {
  /** Epochs at which the rate was reduced. */
  readonly reductions: number[];
}

export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): ReduceLROnPlateauCallback {
  options = REDUCE_L_R_ON_PLATEAU_OPTIONS.read(options);
  const where = 'reduceLROnPlateau';
  const {
    monitor = 'val_loss',
    factor = 0.1,
    patience = 10,
    minDelta = 1e-4,
    cooldown = 0,
    minLr = 0,
    mode = 'auto',
  } = options;
  checkRange(where, 'factor', factor, 1e-9, 0.999999);
  checkInt(where, 'patience', patience, 0);
  checkRange(where, 'minDelta', minDelta, 0, 1e12);
  checkInt(where, 'cooldown', cooldown, 0);
  checkRange(where, 'minLr', minLr, 0, 1e6);
  checkOneOf(where, 'mode', mode, ['min', 'max', 'auto'] as const);
  const watch = new Monitor(where, monitor, monitorMode(monitor, mode), minDelta);
  const reductions: number[] = [];
  let wait = 0;
  let cooling = 0;
  return {
    reductions,
    onTrainBegin() {
      watch.reset();
      wait = 0;
      cooling = 0;
      reductions.length = 0;
    },
    onEpochEnd(epoch: number, logs: Logs, state) {
      const improved = watch.update(logs);
      // Keras' order: count down the cooldown, then count epochs without improvement.
      if (cooling > 0) {
        cooling--;
        wait = 0;
      }
      if (improved) {
        wait = 0;
        return;
      }
      if (cooling > 0 || ++wait < patience) return;
      const lr = getLearningRate(state.optimizer);
      const next = Math.max(minLr, lr * factor);
      if (next < lr) {
        setLearningRate(state.optimizer, next);
        reductions.push(epoch);
      }
      cooling = cooldown;
      wait = 0;
    },
  };
}
