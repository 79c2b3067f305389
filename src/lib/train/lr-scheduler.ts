/**
 * Applies a Schedule to the optimizer while `fit` runs, per batch (step = global batch index) or
 * per epoch (step = epoch). Works with every tf.train optimizer through setLearningRate.
 * The rate used for each batch is recorded in `rates` (for plotting what was really applied).
 * @example await fit(model, x, y, { epochs: 10, callbacks: [lrScheduler(stepDecay({ initialLr: 0.1, stepSize: 3 }))] });
 */
import { check, checkOneOf } from '../errors';
import { Callback, TrainState } from './callback';
import { setLearningRate } from './optimizer';
import { Schedule } from './schedules';
import { checkFunction } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const LR_SCHEDULER_OPTIONS = defineOptions('lrScheduler', {
  /** 'batch' (default) or 'epoch'. */
  per: undefined as 'batch' | 'epoch' | undefined,
});

export type LrSchedulerOptions = OptionsOf<typeof LR_SCHEDULER_OPTIONS>;

export interface LrSchedulerCallback extends Callback {
  /** The rate applied at each batch, in order. */
  readonly rates: number[];
}

export function lrScheduler(schedule: Schedule, options: LrSchedulerOptions = {}): LrSchedulerCallback {
  options = LR_SCHEDULER_OPTIONS.read(options);
  checkFunction('lrScheduler', 'schedule', schedule);
  check(typeof schedule === 'function', 'lrScheduler', 'schedule', typeof schedule, 'a schedule function (step) => lr');
  const per = options.per ?? 'batch';
  checkOneOf('lrScheduler', 'per', per, ['batch', 'epoch'] as const);
  const rates: number[] = [];
  let epochRate = 0;
  const apply = (state: TrainState, step: number) => {
    const value = schedule(step);
    check(Number.isFinite(value) && value >= 0, 'lrScheduler', `schedule(${step})`, value, 'a finite rate ≥ 0');
    setLearningRate(state.optimizer, value);
    return value;
  };
  return {
    rates,
    onEpochBegin(epoch, state) {
      if (per === 'epoch') epochRate = apply(state, epoch);
    },
    onBatchBegin(batch, state) {
      rates.push(per === 'batch' ? apply(state, state.epoch * state.params.steps + batch) : epochRate);
    },
  };
}
