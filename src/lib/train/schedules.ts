/**
 * Learning-rate schedules as pure functions of a step (a batch or an epoch, counted from 0).
 * Being pure, a schedule can be plotted before training (`scheduleCurve`) and applied to any
 * tf.train optimizer by the `lrScheduler` callback. `withWarmup` composes with any schedule.
 * @example const s = withWarmup(cosineAnnealing({ initialLr: 0.01, totalSteps: 500 }), { warmupSteps: 50 });
 *          await fit(model, x, y, { epochs: 5, callbacks: [lrScheduler(s, { per: 'batch' })] });
 */
import { check, checkInt, checkRange } from '../errors';
import { anneal, Schedule } from '../schedule';
import { checkFunction, checkNumber, checkObject, checkString } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

/** Learning rate at step (0-based): the library's one Schedule type (src/lib/schedule.ts). */
export type { Schedule };

const MAX_LR = 1e3;
const lr = (where: string, name: string, v: number) => checkRange(where, name, v, 0, MAX_LR);
const positiveLr = (where: string, name: string, v: number) => checkRange(where, name, v, 1e-12, MAX_LR);
const fraction = (where: string, name: string, v: number) => checkRange(where, name, v, 0, 1);

/** The same rate at every step. */
export function constantLr(value: number): Schedule {
  checkNumber('constantLr', 'value', value);
  lr('constantLr', 'value', value);
  return () => value;
}

const STEP_DECAY = defineOptions('stepDecay', {
  initialLr: required<number>(),
  stepSize: required<number>(),
  factor: 0.1,
});

/** Keras StepDecay: multiply by `factor` every `stepSize` steps. */
export function stepDecay(options: OptionsOf<typeof STEP_DECAY>): Schedule {
  checkObject('stepDecay', 'options', options);
  const { initialLr, stepSize, factor } = STEP_DECAY.read(options);
  positiveLr('stepDecay', 'initialLr', initialLr);
  checkInt('stepDecay', 'stepSize', stepSize, 1);
  checkRange('stepDecay', 'factor', factor, 0, 1);
  return (step) => initialLr * Math.pow(factor, Math.floor(step / stepSize));
}

const EXPONENTIAL_DECAY = defineOptions('exponentialDecay', {
  initialLr: required<number>(),
  decayRate: required<number>(),
  decaySteps: 1,
  staircase: false,
});

/** Keras ExponentialDecay: initialLr · decayRate^(step / decaySteps), smooth unless `staircase`. */
export function exponentialDecay(options: OptionsOf<typeof EXPONENTIAL_DECAY>): Schedule {
  checkObject('exponentialDecay', 'options', options);
  const { initialLr, decayRate, decaySteps, staircase } = EXPONENTIAL_DECAY.read(options);
  positiveLr('exponentialDecay', 'initialLr', initialLr);
  checkRange('exponentialDecay', 'decayRate', decayRate, 1e-12, 1);
  checkInt('exponentialDecay', 'decaySteps', decaySteps, 1);
  return (step) => initialLr * Math.pow(decayRate, staircase ? Math.floor(step / decaySteps) : step / decaySteps);
}

const COSINE_ANNEALING = defineOptions('cosineAnnealing', {
  initialLr: required<number>(),
  totalSteps: required<number>(),
  minLr: 0,
});

/** Half a cosine from initialLr down to minLr over totalSteps, then minLr (SGDR without restarts). */
export function cosineAnnealing(options: OptionsOf<typeof COSINE_ANNEALING>): Schedule {
  checkObject('cosineAnnealing', 'options', options);
  const { initialLr, totalSteps, minLr } = COSINE_ANNEALING.read(options);
  positiveLr('cosineAnnealing', 'initialLr', initialLr);
  checkInt('cosineAnnealing', 'totalSteps', totalSteps, 1);
  checkRange('cosineAnnealing', 'minLr', minLr, 0, initialLr);
  return anneal({ from: initialLr, to: minLr, steps: totalSteps, shape: 'cosine' }, 'cosineAnnealing');
}

const COSINE_WARM_RESTARTS = defineOptions('cosineWarmRestarts', {
  initialLr: required<number>(),
  firstPeriod: required<number>(),
  periodMultiplier: 1,
  minLr: 0,
});

/**
 * SGDR (Loshchilov & Hutter): cosine annealing restarted every period; each period is
 * `periodMultiplier` times longer than the last.
 */
export function cosineWarmRestarts(options: OptionsOf<typeof COSINE_WARM_RESTARTS>): Schedule {
  checkObject('cosineWarmRestarts', 'options', options);
  const { initialLr, firstPeriod, periodMultiplier, minLr } = COSINE_WARM_RESTARTS.read(options);
  positiveLr('cosineWarmRestarts', 'initialLr', initialLr);
  checkInt('cosineWarmRestarts', 'firstPeriod', firstPeriod, 1);
  checkRange('cosineWarmRestarts', 'periodMultiplier', periodMultiplier, 1, 100);
  checkRange('cosineWarmRestarts', 'minLr', minLr, 0, initialLr);
  return (step) => {
    let period = firstPeriod;
    let t = step;
    while (t >= period) {
      t -= period;
      period *= periodMultiplier;
    }
    return minLr + (initialLr - minLr) * 0.5 * (1 + Math.cos((Math.PI * t) / period));
  };
}

const WITH_WARMUP = defineOptions('withWarmup', { warmupSteps: required<number>(), startLr: 0 });

/**
 * Linear warmup from startLr to the schedule's own value at `warmupSteps`, then the schedule,
 * shifted so it starts where the warmup ends. Warmup keeps early large steps from wrecking Adam's
 * moment estimates and large-batch training.
 */
export function withWarmup(schedule: Schedule, options: OptionsOf<typeof WITH_WARMUP>): Schedule {
  checkObject('withWarmup', 'options', options);
  const { warmupSteps, startLr } = WITH_WARMUP.read(options);
  checkFunction('withWarmup', 'schedule', schedule);
  check(typeof schedule === 'function', 'withWarmup', 'schedule', typeof schedule, 'a schedule function (step) => lr');
  checkInt('withWarmup', 'warmupSteps', warmupSteps, 0);
  lr('withWarmup', 'startLr', startLr);
  const target = schedule(0);
  return (step) =>
    step < warmupSteps ? startLr + ((target - startLr) * step) / warmupSteps : schedule(step - warmupSteps);
}

const ONE_CYCLE = defineOptions('oneCycle', {
  maxLr: required<number>(),
  totalSteps: required<number>(),
  pctStart: 0.25,
  divFactor: 25,
  finalDivFactor: 1e4,
});

/**
 * Smith's one-cycle policy (fastai's fit_one_cycle): cosine rise from maxLr/divFactor to maxLr over
 * the first pctStart of training, then cosine fall to maxLr/(divFactor·finalDivFactor).
 */
export function oneCycle(options: OptionsOf<typeof ONE_CYCLE>): Schedule {
  checkObject('oneCycle', 'options', options);
  const { maxLr, totalSteps, pctStart, divFactor, finalDivFactor } = ONE_CYCLE.read(options);
  positiveLr('oneCycle', 'maxLr', maxLr);
  checkInt('oneCycle', 'totalSteps', totalSteps, 2);
  checkRange('oneCycle', 'pctStart', pctStart, 0.01, 0.99);
  checkRange('oneCycle', 'divFactor', divFactor, 1, 1e6);
  checkRange('oneCycle', 'finalDivFactor', finalDivFactor, 1, 1e9);
  const start = maxLr / divFactor;
  const end = start / finalDivFactor;
  const up = Math.max(1, Math.round(pctStart * totalSteps));
  const cos = (from: number, to: number, t: number) =>
    to + ((from - to) * (1 + Math.cos(Math.PI * Math.min(1, t)))) / 2;
  return (step) =>
    step < up ? cos(start, maxLr, step / up) : cos(maxLr, end, (step - up) / Math.max(1, totalSteps - 1 - up));
}

const SLANTED_TRIANGULAR = defineOptions('slantedTriangular', {
  maxLr: required<number>(),
  totalSteps: required<number>(),
  cutFrac: 0.1,
  ratio: 32,
});

/**
 * Slanted triangular rates (Howard & Ruder, ULMFiT): a short linear rise for cutFrac of training,
 * then a long linear decay; the lowest rate is maxLr/ratio.
 */
export function slantedTriangular(options: OptionsOf<typeof SLANTED_TRIANGULAR>): Schedule {
  checkObject('slantedTriangular', 'options', options);
  const { maxLr, totalSteps, cutFrac, ratio } = SLANTED_TRIANGULAR.read(options);
  positiveLr('slantedTriangular', 'maxLr', maxLr);
  checkInt('slantedTriangular', 'totalSteps', totalSteps, 2);
  fraction('slantedTriangular', 'cutFrac', cutFrac);
  checkRange('slantedTriangular', 'ratio', ratio, 1, 1e6);
  const cut = Math.max(1, Math.floor(totalSteps * cutFrac));
  return (step) => {
    const t = Math.min(step, totalSteps);
    const p = t < cut ? t / cut : 1 - (t - cut) / Math.max(1, cut * (1 / cutFrac - 1));
    return (maxLr * (1 + Math.max(0, p) * (ratio - 1))) / ratio;
  };
}

/** The schedule's values for steps 0..steps-1, as a series for lineChart (a plain { name, x, y }). */
export function scheduleCurve(
  schedule: Schedule,
  steps: number,
  name = 'learning rate',
): { name: string; x: number[]; y: number[] } {
  checkFunction('scheduleCurve', 'schedule', schedule);
  checkInt('scheduleCurve', 'steps', steps, 1, 10_000_000);
  if (name !== undefined) checkString('scheduleCurve', 'name', name, false);
  check(
    typeof schedule === 'function',
    'scheduleCurve',
    'schedule',
    typeof schedule,
    'a schedule function (step) => lr',
  );
  checkInt('scheduleCurve', 'steps', steps, 1);
  const x = Array.from({ length: steps }, (_, i) => i);
  return { name, x, y: x.map(schedule) };
}
