/**
 * Temperature schedules (TextBrewer's idea): start hot, where soft targets carry the most "dark
 * knowledge" about similar classes, and cool towards T = 1 as the student fits the teacher.
 */
import { checkOneOf, checkRange } from '../errors';
import { checkTemperature } from './soft-targets';
import { checkOptions } from '../validate';

/** The temperature for an epoch (0-based) of a run with `epochs` epochs. */
export type TemperatureSchedule = (epoch: number, epochs: number) => number;

export const TEMPERATURE_SHAPES = ['linear', 'cosine', 'exponential'] as const;

export interface AnnealOptions {
  from: number;
  to: number;
  /** How T moves from `from` (first epoch) to `to` (last epoch). Default 'linear'. */
  shape?: (typeof TEMPERATURE_SHAPES)[number];
}

/**
 * A schedule that moves T from `from` to `to` over the run.
 * @example await distill(student, x, y, { teacher, temperature: annealTemperature({ from: 8, to: 1 }), epochs: 5 });
 */
export function annealTemperature(options: AnnealOptions): TemperatureSchedule {
  options = checkOptions('annealTemperature', options, ['from', 'to', 'shape']);
  const { from, to, shape = 'linear' } = options;
  checkTemperature('annealTemperature', from);
  checkTemperature('annealTemperature', to);
  checkOneOf('annealTemperature', 'shape', shape, TEMPERATURE_SHAPES);
  return (epoch, epochs) => {
    const t = epochs <= 1 ? 0 : epoch / (epochs - 1);
    if (shape === 'cosine') return to + ((from - to) * (1 + Math.cos(Math.PI * t))) / 2;
    if (shape === 'exponential') return from * Math.pow(to / from, t);
    return from + (to - from) * t;
  };
}

/** Resolves a constant or scheduled temperature for one epoch, checking the value. */
export function temperatureAt(temperature: number | TemperatureSchedule, epoch: number, epochs: number, where: string): number {
  checkRange(where, 'epoch', epoch, 0, Math.max(0, epochs - 1));
  const T = typeof temperature === 'function' ? temperature(epoch, epochs) : temperature;
  checkTemperature(where, T);
  return T;
}
