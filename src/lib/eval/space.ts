/**
 * Search spaces for hyperparameters, mixing kinds as Optuna does: float, log-float (learning rates),
 * int and categorical. A space is a record of named parameters; `sampleParams` draws one point,
 * `gridParams` lists a grid, and `encodeParams` maps a point into the unit cube for the Bayesian
 * search's Gaussian process (log-floats on a log scale, categoricals one-hot).
 */
import { check, checkInt } from '../errors';
import { Rng } from '../random';
import { checkNumber, checkObject, checkRng } from '../validate';

export type Categorical = string | number | boolean;
export type ParamSpec =
  | { kind: 'float'; low: number; high: number }
  | { kind: 'logFloat'; low: number; high: number }
  | { kind: 'int'; low: number; high: number }
  | { kind: 'categorical'; choices: readonly Categorical[] };
export type Space = Record<string, ParamSpec>;
export type Params = Record<string, number | Categorical>;

/** A float uniform in [low, high]. */
export const floatParam = (low: number, high: number): ParamSpec => bounds('floatParam', { kind: 'float', low, high });
/** A float uniform in log space, e.g. a learning rate in [1e-4, 1e-1]. */
export const logFloatParam = (low: number, high: number): ParamSpec =>
  bounds('logFloatParam', { kind: 'logFloat', low, high });
/** An integer in [low, high], both included. */
export const intParam = (low: number, high: number): ParamSpec => bounds('intParam', { kind: 'int', low, high });
/** One of a list of values. */
export const categoricalParam = (choices: readonly Categorical[]): ParamSpec => {
  check(
    Array.isArray(choices) &&
      choices.length > 0 &&
      choices.every(
        (c) => typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c)),
      ),
    'categoricalParam',
    'choices',
    choices,
    'a non-empty array of strings, finite numbers or booleans',
  );
  return { kind: 'categorical', choices };
};

/** Checks every parameter of a space (bounds ordered, log bounds positive, choices non-empty). */
/** Checks a numeric parameter's bounds when it is declared (low < high, finite; > 0 on a log scale; integers for int). */
function bounds(where: string, spec: ParamSpec & { low: number; high: number }): ParamSpec {
  check(
    typeof spec.low === 'number' &&
      Number.isFinite(spec.low) &&
      (spec.kind !== 'logFloat' || spec.low > 0) &&
      (spec.kind !== 'int' || Number.isSafeInteger(spec.low)),
    where,
    'low',
    spec.low,
    spec.kind === 'logFloat' ? 'a finite number > 0' : spec.kind === 'int' ? 'an integer' : 'a finite number',
  );
  check(
    typeof spec.high === 'number' &&
      Number.isFinite(spec.high) &&
      spec.high > spec.low &&
      (spec.kind !== 'int' || Number.isSafeInteger(spec.high)),
    where,
    'high',
    spec.high,
    `a finite ${spec.kind === 'int' ? 'integer' : 'number'} > low (${spec.low})`,
  );
  return spec;
}

export function validateSpace(where: string, space: Space): void {
  check(
    space !== null && typeof space === 'object' && Object.keys(space).length > 0,
    where,
    'space',
    space,
    'a non-empty record of parameters',
  );
  for (const [name, p] of Object.entries(space)) {
    const param = `space.${name}`;
    check(
      p !== null &&
        typeof p === 'object' &&
        ['float', 'logFloat', 'int', 'categorical'].includes((p as ParamSpec).kind),
      where,
      param,
      JSON.stringify(p),
      'floatParam, logFloatParam, intParam or categoricalParam',
    );
    if (p.kind === 'categorical') {
      check(
        Array.isArray(p.choices) && p.choices.length > 0,
        where,
        `${param}.choices`,
        p.choices as unknown,
        'a non-empty array',
      );
      continue;
    }
    check(
      Number.isFinite(p.low) && Number.isFinite(p.high) && p.low < p.high,
      where,
      param,
      `[${p.low}, ${p.high}]`,
      'finite bounds with low < high',
    );
    if (p.kind === 'logFloat') check(p.low > 0, where, `${param}.low`, p.low, 'a positive number (log scale)');
    if (p.kind === 'int')
      check(
        Number.isInteger(p.low) && Number.isInteger(p.high),
        where,
        param,
        `[${p.low}, ${p.high}]`,
        'integer bounds',
      );
  }
}

/** Maps u ∈ [0, 1] to a value of p (the inverse of the encoding). */
function fromUnit(p: ParamSpec, u: number): number | Categorical {
  switch (p.kind) {
    case 'float':
      return p.low + u * (p.high - p.low);
    case 'logFloat':
      return Math.exp(Math.log(p.low) + u * (Math.log(p.high) - Math.log(p.low)));
    case 'int':
      return Math.min(p.high, p.low + Math.floor(u * (p.high - p.low + 1)));
    case 'categorical':
      return p.choices[Math.min(p.choices.length - 1, Math.floor(u * p.choices.length))];
  }
}

/** One random point of the space (uniform; log-uniform for logFloat). */
export function sampleParams(space: Space, r: Rng): Params {
  validateSpace('sampleParams', space);
  checkRng('sampleParams', 'r', r);
  const out: Params = {};
  for (const [name, p] of Object.entries(space)) out[name] = fromUnit(p, r.next());
  return out;
}

/**
 * All grid points: `pointsPerAxis` evenly spaced values for floats (geometric for log-floats), the
 * distinct integers among as many for ints, every choice for categoricals.
 */
export function gridParams(space: Space, pointsPerAxis: number): Params[] {
  validateSpace('gridParams', space);
  checkInt('gridParams', 'pointsPerAxis', pointsPerAxis, 1, 1000);
  let grid: Params[] = [{}];
  for (const [name, p] of Object.entries(space)) {
    let values: (number | Categorical)[];
    if (p.kind === 'categorical') values = [...p.choices];
    else {
      const m = pointsPerAxis;
      const raw = Array.from({ length: m }, (_, i) => (m === 1 ? 0.5 : i / (m - 1)));
      values =
        p.kind === 'int'
          ? [...new Set(raw.map((u) => Math.round(p.low + u * (p.high - p.low))))]
          : raw.map((u) =>
              p.kind === 'float'
                ? p.low + u * (p.high - p.low)
                : Math.exp(Math.log(p.low) + u * (Math.log(p.high) - Math.log(p.low))),
            );
    }
    grid = grid.flatMap((g) => values.map((v) => ({ ...g, [name]: v })));
  }
  return grid;
}

/** The point as numbers in [0, 1]: one per numeric parameter, one-hot blocks for categoricals. */
export function encodeParams(space: Space, params: Params): number[] {
  validateSpace('encodeParams', space);
  checkObject('encodeParams', 'params', params);
  const out: number[] = [];
  for (const [name, p] of Object.entries(space)) {
    const v = params[name];
    if (p.kind === 'categorical')
      check(
        p.choices.includes(v as Categorical),
        'encodeParams',
        `params.${name}`,
        v,
        `one of the choices (${p.choices.join(', ')})`,
      );
    else
      check(
        typeof v === 'number' && Number.isFinite(v) && v >= p.low && v <= p.high,
        'encodeParams',
        `params.${name}`,
        v,
        `a number in [${p.low}, ${p.high}]`,
      );
    if (p.kind === 'categorical') p.choices.forEach((c) => out.push(c === v ? 1 : 0));
    else if (p.kind === 'logFloat')
      out.push((Math.log(v as number) - Math.log(p.low)) / (Math.log(p.high) - Math.log(p.low)));
    else out.push(((v as number) - p.low) / (p.high - p.low));
  }
  return out;
}

/** Number of continuous (float / log-float / int) parameters. */
export function numericDims(space: Space): number {
  validateSpace('numericDims', space);
  return Object.values(space).filter((p) => p.kind !== 'categorical').length;
}
