/**
 * One idea, one type: a Schedule gives a value at each step (0-based). The learning rate per batch
 * or epoch (train/schedules, applied by `lrScheduler`), the distillation temperature per epoch
 * (distill's `annealTemperature`) and the target sparsity per optimizer step (compress's
 * `polynomialDecay`) are all Schedules, so they plot with `scheduleCurve` and compose with `withWarmup`.
 */
import { check, checkInt, checkOneOf, checkRange } from './errors';
import { checkOptions } from './validate';

/** The value at a step (0-based). */
export type Schedule = (step: number) => number;

export const SCHEDULE_SHAPES = ['linear', 'cosine', 'exponential'] as const;
export type ScheduleShape = (typeof SCHEDULE_SHAPES)[number];

export interface AnnealOptions {
  from: number;
  to: number;
  /** Steps to go from `from` (step 0) to `to` (step `steps`); the value stays at `to` afterwards. */
  steps: number;
  /** 'linear' (default), 'cosine' (half a cosine, as SGDR) or 'exponential' (geometric; from and to > 0). */
  shape?: ScheduleShape;
}

/**
 * Moves a value from `from` to `to` over `steps` steps along a shape — the one implementation of
 * linear, cosine and exponential annealing that learning rates and temperatures share.
 * @example anneal({ from: 8, to: 1, steps: 4, shape: 'cosine' })(2) // 4.5
 */
export function anneal(options: AnnealOptions, where = 'anneal'): Schedule {
  check(typeof where === 'string', 'anneal', 'where', where, 'a function name');
  check(options !== undefined, where, 'options', options, '{ from, to, steps, shape? }');
  options = checkOptions(where, options, ['from', 'to', 'steps', 'shape']);
  const { from, to, steps, shape = 'linear' } = options;
  checkRange(where, 'from', from, -1e12, 1e12);
  checkRange(where, 'to', to, -1e12, 1e12);
  checkInt(where, 'steps', steps, 0);
  checkOneOf(where, 'shape', shape, SCHEDULE_SHAPES);
  if (shape === 'exponential') checkRange(where, 'from and to (exponential)', Math.min(from, to), 1e-12, 1e12);
  if (steps === 0) return () => to;
  const progress = (step: number) => Math.min(step, steps) / steps;
  if (shape === 'cosine')
    return (step) => to + (from - to) * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, steps)) / steps));
  if (shape === 'exponential') return (step) => from * Math.pow(to / from, progress(step));
  return (step) => from + (to - from) * progress(step);
}
