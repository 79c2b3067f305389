/**
 * Learning-rate schedules as pure functions of a step (a batch or an epoch, counted from 0).
 * Being pure, a schedule can be plotted before training (`scheduleCurve`) and applied to any
 * tf.train optimizer by the `lrScheduler` callback. `withWarmup` composes with any schedule.
 * @example const s = withWarmup(cosineAnnealing({ initialLr: 0.01, totalSteps: 500 }), { warmupSteps: 50 });
 *          await fit(model, x, y, { epochs: 5, callbacks: [lrScheduler(s, { per: 'batch' })] });
 */
import { check, checkInt, checkRange } from '../errors';
import { anneal, Schedule } from '../schedule';
import { checkFunction, checkNumber, checkObject, checkOptions, checkString } from '../validate';

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

/** Keras StepDecay: multiply by `factor` every `stepSize` steps. */
export function stepDecay(options: { initialLr: number; stepSize: number; factor?: number }): Schedule {
  checkObject('stepDecay', 'options', options);
  const { initialLr, stepSize, factor = 0.1 } = checkOptions('stepDecay', options, ['initialLr', 'stepSize', 'factor']);
  positiveLr('stepDecay', 'initialLr', initialLr);
  checkInt('stepDecay', 'stepSize', stepSize, 1);
  checkRange('stepDecay', 'factor', factor, 0, 1);
  return (step) => initialLr * Math.pow(factor, Math.floor(step / stepSize));
}

/** Keras ExponentialDecay: initialLr · decayRate^(step / decaySteps), smooth unless `staircase`. */
export function exponentialDecay(options: {
  initialLr: number;
  decayRate: number;
  decaySteps?: number;
  staircase?: boolean;
}): Schedule {
  checkObject('exponentialDecay', 'options', options);
  const {
    initialLr,
    decayRate,
    decaySteps = 1,
    staircase = false,
  } = checkOptions('exponentialDecay', options, ['initialLr', 'decayRate', 'decaySteps', 'staircase']);
  positiveLr('exponentialDecay', 'initialLr', initialLr);
  checkRange('exponentialDecay', 'decayRate', decayRate, 1e-12, 1);
  checkInt('exponentialDecay', 'decaySteps', decaySteps, 1);
  return (step) => initialLr * Math.pow(decayRate, staircase ? Math.floor(step / decaySteps) : step / decaySteps);
}

/** Half a cosine from initialLr down to minLr over totalSteps, then minLr (SGDR without restarts). */
export function cosineAnnealing(options: { initialLr: number; totalSteps: number; minLr?: number }): Schedule {
  checkObject('cosineAnnealing', 'options', options);
  const {
    initialLr,
    totalSteps,
    minLr = 0,
  } = checkOptions('cosineAnnealing', options, ['initialLr', 'totalSteps', 'minLr']);
  positiveLr('cosineAnnealing', 'initialLr', initialLr);
  checkInt('cosineAnnealing', 'totalSteps', totalSteps, 1);
  checkRange('cosineAnnealing', 'minLr', minLr, 0, initialLr);
  return anneal({ from: initialLr, to: minLr, steps: totalSteps, shape: 'cosine' }, 'cosineAnnealing');
}

/**
 * SGDR (Loshchilov & Hutter): cosine annealing restarted every period; each period is
 * `periodMultiplier` times longer than the last.
 */
export function cosineWarmRestarts(options: {
  initialLr: number;
  firstPeriod: number;
  periodMultiplier?: number;
  minLr?: number;
}): Schedule {
  checkObject('cosineWarmRestarts', 'options', options);
  const {
    initialLr,
    firstPeriod,
    periodMultiplier = 1,
    minLr = 0,
  } = checkOptions('cosineWarmRestarts', options, ['initialLr', 'firstPeriod', 'periodMultiplier', 'minLr']);
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

/**
 * Linear warmup from startLr to the schedule's own value at `warmupSteps`, then the schedule,
 * shifted so it starts where the warmup ends. Warmup keeps early large steps from wrecking Adam's
 * moment estimates and large-batch training.
 */
export function withWarmup(schedule: Schedule, options: { warmupSteps: number; startLr?: number }): Schedule {
  checkObject('withWarmup', 'options', options);
  const { warmupSteps, startLr = 0 } = checkOptions('withWarmup', options, ['warmupSteps', 'startLr']);
  checkFunction('withWarmup', 'schedule', schedule);
  check(typeof schedule === 'function', 'withWarmup', 'schedule', typeof schedule, 'a schedule function (step) => lr');
  checkInt('withWarmup', 'warmupSteps', warmupSteps, 0);
  lr('withWarmup', 'startLr', startLr);
  const target = schedule(0);
  return (step) =>
    step < warmupSteps ? startLr + ((target - startLr) * step) / warmupSteps : schedule(step - warmupSteps);
}

/**
 * Smith's one-cycle policy (fastai's fit_one_cycle): cosine rise from maxLr/divFactor to maxLr over
 * the first pctStart of training, then cosine fall to maxLr/(divFactor·finalDivFactor).
 */
export function oneCycle(options: {
  maxLr: number;
  totalSteps: number;
  pctStart?: number;
  divFactor?: number;
  finalDivFactor?: number;
}): Schedule {
  checkObject('oneCycle', 'options', options);
  const {
    maxLr,
    totalSteps,
    pctStart = 0.25,
    divFactor = 25,
    finalDivFactor = 1e4,
  } = checkOptions('oneCycle', options, ['maxLr', 'totalSteps', 'pctStart', 'divFactor', 'finalDivFactor']);
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

/**
 * Slanted triangular rates (Howard & Ruder, ULMFiT): a short linear rise for cutFrac of training,
 * then a long linear decay; the lowest rate is maxLr/ratio.
 */
export function slantedTriangular(options: {
  maxLr: number;
  totalSteps: number;
  cutFrac?: number;
  ratio?: number;
}): Schedule {
  checkObject('slantedTriangular', 'options', options);
  const {
    maxLr,
    totalSteps,
    cutFrac = 0.1,
    ratio = 32,
  } = checkOptions('slantedTriangular', options, ['maxLr', 'totalSteps', 'cutFrac', 'ratio']);
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
