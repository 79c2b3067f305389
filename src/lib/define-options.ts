/**
 * A function's options declared once: an object of defaults gives both the list of accepted keys
 * (checked at run time, unknown keys refused with a did-you-mean) and the TypeScript type. Before
 * this, each options interface was typed a second time as the key list of `checkOptions`.
 * @example
 * const STEP_DECAY = defineOptions('stepDecay', { initialLr: required<number>(), stepSize: required<number>(), factor: 0.1 });
 * export type StepDecayOptions = OptionsOf<typeof STEP_DECAY>; // { initialLr: number; stepSize: number; factor?: number }
 * const { initialLr, stepSize, factor } = STEP_DECAY.read(options); // factor is 0.1 when not given
 * A key with no default is declared `key: undefined as T | undefined`, a required one `key: required<T>()`
 * (its presence and value are then checked by the function, with its own accepted range).
 */
import { checkOptions } from './validate';

declare const REQUIRED: unique symbol;
/** The declaration of an option the caller must give. */
export interface RequiredOption<T> {
  readonly [REQUIRED]: T;
}
/** Declares a required option of type T (it has no default). */
export function required<T>(): RequiredOption<T> {
  return undefined as unknown as RequiredOption<T>;
}

type ValueOf<V> = V extends RequiredOption<infer T> ? T : V;
type RequiredKeys<D> = { [K in keyof D]: D[K] extends RequiredOption<unknown> ? K : never }[keyof D];
type Flatten<T> = { [K in keyof T]: T[K] };

/** What a caller may pass: required keys, then optional ones. */
export type OptionsOf<S> =
  S extends DeclaredOptions<infer D>
    ? Flatten<{ [K in RequiredKeys<D>]: ValueOf<D[K]> } & { [K in Exclude<keyof D, RequiredKeys<D>>]?: ValueOf<D[K]> }>
    : never;

/** What `read` returns: every key, defaults filled in. */
export type ResolvedOptions<D> = { [K in keyof D]: ValueOf<D[K]> };

export class DeclaredOptions<D extends object> {
  /** The accepted keys, in declaration order. */
  readonly keys: readonly (keyof D & string)[];

  constructor(
    readonly where: string,
    readonly defaults: D,
  ) {
    this.keys = Object.keys(defaults) as (keyof D & string)[];
  }

  /**
   * Checks `given` (undefined or a plain object with declared keys only) and returns every option,
   * an absent or undefined one replaced by its default (as `const { a = 1 } = options` would).
   * `where` overrides the declared function name, for functions sharing one declaration.
   */
  read(given: unknown, where = this.where): ResolvedOptions<D> {
    const options = checkOptions(where, given as Record<string, unknown> | undefined, this.keys);
    const out = { ...options } as Record<string, unknown>;
    for (const [key, value] of Object.entries(this.defaults))
      if (out[key] === undefined && value !== undefined) out[key] = value;
    return out as ResolvedOptions<D>;
  }

  /** The options of `where`: its own (`more`, listed first; new keys only) and all of these. */
  extend<E extends object>(where: string, more: E): DeclaredOptions<E & D> {
    return new DeclaredOptions(where, { ...more, ...this.defaults });
  }
}

/** Declares the options of `where` from an object of defaults (see the file comment). */
export function defineOptions<D extends object>(where: string, defaults: D): DeclaredOptions<D> {
  return new DeclaredOptions(where, defaults);
}
