/**
 * Declared parameters, albumentations style: each augmentation (image transform or text operation)
 * lists its parameters with a type, an accepted range and a default; the shared base
 * (./declared.ts) fills defaults and validates, so every bad value fails early with the
 * augmentation, the parameter, the value and what is accepted.
 */
import { WorkbookError } from '../errors';
import { checkObject, closest } from '../validate';
import type { Rng } from '../random';

export type ParamDecl =
  | { type: 'number'; range: readonly [number, number]; default: number; required?: true; doc: string }
  | { type: 'integer'; range: readonly [number, number]; default: number; required?: true; doc: string }
  /** A number or integer with no default: left undefined when not given (e.g. text's n / alpha pair). */
  | { type: 'number' | 'integer'; range: readonly [number, number]; optional: true; default?: undefined; doc: string }
  /** A [lo, hi] interval inside `range`; `symmetric` also accepts a scalar x meaning [-x, x] ([0, x] for a range starting at 0, [1-x, 1+x] with `around: 1`). */
  | {
      type: 'interval';
      range: readonly [number, number];
      default: readonly [number, number];
      symmetric?: boolean;
      around?: 0 | 1;
      doc: string;
    }
  | { type: 'choice'; options: readonly string[]; default: string; doc: string };

export type ParamDecls = Record<string, ParamDecl>;

/*
 * One source: a transform's declarations (written `as const satisfies ParamDecls`) give both the
 * type of its resolved parameters (ParamsOf) and the type of its constructor options (OptionsOf).
 */
/** A resolved value: the choice's options, an interval [lo, hi], or a number. */
export type ParamValue<D> = D extends { type: 'choice'; options: readonly (infer O)[] }
  ? O
  : D extends { type: 'interval' }
    ? [number, number]
    : D extends { optional: true }
      ? number | undefined
      : number;
/** What a caller may give: a symmetric interval also takes one number. */
export type ParamInput<D> = D extends { type: 'interval'; symmetric: true } ? number | [number, number] : ParamValue<D>;
/** The resolved parameters of declarations `Ds`. */
export type ParamsOf<Ds> = { -readonly [K in keyof Ds]: ParamValue<Ds[K]> };
type RequiredKeys<Ds> = { [K in keyof Ds]: Ds[K] extends { required: true } ? K : never }[keyof Ds];
/** The constructor options of declarations `Ds`: required parameters, optional ones, p and seed. */
export type OptionsOf<Ds> = { -readonly [K in RequiredKeys<Ds>]: ParamInput<Ds[K]> } & {
  -readonly [K in Exclude<keyof Ds, RequiredKeys<Ds>>]?: ParamInput<Ds[K]>;
} & { p?: number; seed?: number | Rng };

/** The probability every augmentation accepts. */
export const P_DECL: ParamDecl = {
  type: 'number',
  range: [0, 1],
  default: 1,
  doc: 'probability of applying the augmentation to each image or text',
};

const bound = (x: number): string => (x === Infinity ? '∞' : x === -Infinity ? '-∞' : String(x));

/** What a declared parameter accepts, in words (also used in error messages). */
export function accepted(d: ParamDecl): string {
  switch (d.type) {
    case 'number':
      return `a number in [${bound(d.range[0])}, ${bound(d.range[1])}]`;
    case 'integer':
      return `an integer in [${bound(d.range[0])}, ${bound(d.range[1])}]`;
    case 'interval':
      return `${d.symmetric ? 'a number x ≥ 0 or ' : ''}a pair [lo, hi] with ${d.range[0]} ≤ lo ≤ hi ≤ ${d.range[1]}`;
    case 'choice':
      return `one of ${d.options.map((o) => JSON.stringify(o)).join(', ')}`;
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Validates one value against its declaration and returns it normalised (scalars → intervals). */
export function validateParam(where: string, name: string, d: ParamDecl, value: unknown): unknown {
  const fail = (): never => {
    throw new WorkbookError(where, name, value, accepted(d));
  };
  switch (d.type) {
    case 'number':
    case 'integer':
      if ('optional' in d && value === undefined) return undefined;
      if (
        !finite(value) ||
        value < d.range[0] ||
        value > d.range[1] ||
        (d.type === 'integer' && !Number.isInteger(value))
      )
        fail();
      return value;
    case 'interval': {
      let pair = value;
      if (d.symmetric && finite(value) && value >= 0)
        pair = d.around === 1 ? [1 - value, 1 + value] : d.range[0] >= 0 ? [0, value] : [-value, value];
      if (!Array.isArray(pair) || pair.length !== 2 || !finite(pair[0]) || !finite(pair[1])) fail();
      const [lo, hi] = pair as number[];
      if (lo > hi || lo < d.range[0] || hi > d.range[1]) fail();
      return [lo, hi];
    }
    case 'choice':
      if (typeof value !== 'string' || !d.options.includes(value)) fail();
      return value;
  }
}

/** Fills defaults, validates every given value and rejects unknown names. */
export function resolveParams(
  where: string,
  decls: ParamDecls,
  given: Record<string, unknown>,
): Record<string, unknown> {
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new WorkbookError(where, 'options', given, 'an options object');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (key in decls || key === 'seed') continue;
    const known = Object.keys(decls).concat('seed');
    const near = closest(key, known);
    throw new WorkbookError(
      where,
      'option',
      key,
      `one of ${known.join(', ')}`,
      `${where}: unknown option \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ''}; accepted: one of ${known.join(', ')}`,
    );
  }
  for (const [name, d] of Object.entries(decls)) {
    const required =
      ('required' in d && d.required === true) ||
      ('default' in d && typeof d.default === 'number' && Number.isNaN(d.default)); // NaN default = no default
    const value = given[name] === undefined && !required && 'default' in d ? d.default : given[name];
    out[name] = validateParam(where, name, d, value);
  }
  return out;
}

/** A one-line description of declared parameters, e.g. for galleries and docs. */
export function describeParams(params: Record<string, unknown>): string {
  checkObject('describeParams', 'params', params);
  return Object.entries(params)
    .map(
      ([k, v]) =>
        `${k}=${Array.isArray(v) ? `[${v.map((x) => +Number(x).toFixed(3)).join(', ')}]` : typeof v === 'number' ? +v.toFixed(3) : String(v)}`,
    )
    .join(', ');
}
