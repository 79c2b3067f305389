/**
 * The one base of every augmentation, image transforms and text operations alike: the declared
 * parameters (validated and defaulted here, unknown option keys refused with a did-you-mean), the
 * probability `p` and its coin flip, and the seed → generator policy. Image augmentation
 * (src/image-aug/core/augmentation.ts) and text augmentation (src/text-aug/base.ts) add only what
 * differs: pixels and tensors on one side, tokens and languages on the other.
 */
import { checkInt } from '../errors';
import { Rng, isRng, toRng } from '../random';
import { checkObject, checkRng, checkString } from '../validate';
import { P_DECL, ParamDecl, ParamDecls, describeParams, resolveParams } from './params';

/** A seed: undefined, an integer in [0, 2^31 - 1] or a generator from rng() (null or any other object is refused). */
export function checkSeed(where: string, seed: unknown): void {
  if (seed !== undefined && !isRng(seed)) checkInt(where, 'seed', seed, 0, 2 ** 31 - 1);
}

export abstract class DeclaredAugmentation<P extends object = Record<string, unknown>> {
  /** The resolved parameters: every declared one (defaults filled in) and `p`. */
  readonly params: P & { p: number };
  /** Every parameter's declaration, `p` included (for docs, galleries and tests). */
  readonly declarations: ParamDecls;
  private readonly seed?: number | Rng;
  private stream?: Rng;

  /**
   * `declarations` without `p`: the base adds it (`pDecl`, by default a number in [0, 1] defaulting
   * to 1; size-changing image transforms fix it at 1). `given` also accepts `seed`.
   */
  constructor(
    readonly name: string,
    declarations: ParamDecls,
    given: object | undefined,
    pDecl: ParamDecl = P_DECL,
  ) {
    checkString('DeclaredAugmentation', 'name', name, false);
    checkObject('DeclaredAugmentation', 'declarations', declarations);
    const options = (given === undefined ? {} : given) as Record<string, unknown>;
    checkSeed(name, options?.seed);
    this.declarations = { ...declarations, p: pDecl };
    this.params = resolveParams(name, this.declarations, options) as P & { p: number };
    this.seed = options.seed as number | Rng | undefined;
  }

  get p(): number {
    return this.params.p;
  }

  /**
   * The coin every augmentation flips before drawing anything: true means apply. It always takes
   * one number from `r` (also at p = 1), so the draw order does not depend on p.
   */
  coin(r: Rng): boolean {
    checkRng(this.name, 'r', r);
    return r.next() < this.p;
  }

  /**
   * This augmentation's own generator, for calls given no seed: from the `seed` option when given,
   * else `unseededStream()`. Created on first use.
   */
  protected get rng(): Rng {
    return (this.stream ??= this.seed !== undefined ? toRng(this.seed) : this.unseededStream());
  }

  /** The stream of an augmentation built without a seed (default: the global seed's). */
  protected unseededStream(): Rng {
    return toRng(undefined);
  }

  toString(): string {
    return `${this.name}(${describeParams(this.params)})`;
  }
}
