/**
 * Temperature schedules (TextBrewer's idea): start hot, where soft targets carry the most "dark
 * knowledge" about similar classes, and cool towards T = 1 as the student fits the teacher.
 * A temperature schedule is the library's one Schedule type (src/lib/schedule.ts), stepped per epoch.
 */
import { checkInt, checkOneOf, checkRange } from '../errors';
import { anneal, Schedule, SCHEDULE_SHAPES, ScheduleShape } from '../schedule';
import { MAX_LOSS_TEMPERATURE, checkTemperature } from './soft-targets';
import { checkOptions } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

export const TEMPERATURE_SHAPES = SCHEDULE_SHAPES;

const ANNEAL_TEMPERATURE_OPTIONS = defineOptions('annealTemperature', {
  from: required<number>(),
  to: required<number>(),
  /** Epochs of the run: T is `from` at the first epoch and `to` at the last. */
  epochs: required<number>(),
  /** How T moves from `from` to `to`. Default 'linear'. */
  shape: undefined as ScheduleShape | undefined,
});

export type AnnealTemperatureOptions = OptionsOf<typeof ANNEAL_TEMPERATURE_OPTIONS>;

/**
 * A schedule (epoch → T) that moves T from `from` (first epoch) to `to` (last epoch).
 * @example await distill(student, x, y, { teacher, temperature: annealTemperature({ from: 8, to: 1, epochs: 5 }), epochs: 5 });
 */
export function annealTemperature(options: AnnealTemperatureOptions): Schedule {
  options = ANNEAL_TEMPERATURE_OPTIONS.read(options);
  const { from, to, epochs, shape = 'linear' } = options;
  checkTemperature('annealTemperature', from, 'from');
  checkTemperature('annealTemperature', to, 'to');
  checkInt('annealTemperature', 'epochs', epochs, 1);
  checkOneOf('annealTemperature', 'shape', shape, TEMPERATURE_SHAPES);
  // a one-epoch run trains at the starting temperature
  return epochs === 1 ? () => from : anneal({ from, to, steps: epochs - 1, shape }, 'annealTemperature');
}

/** Resolves a constant or scheduled temperature for one epoch, checking the value. */
export function temperatureAt(temperature: number | Schedule, epoch: number, epochs: number, where: string): number {
  checkInt(where, 'epochs', epochs, 1);
  checkRange(where, 'epoch', epoch, 0, epochs - 1);
  const T = typeof temperature === 'function' ? temperature(epoch) : temperature;
  checkTemperature(where, T, 'temperature', MAX_LOSS_TEMPERATURE);
  return T;
}
