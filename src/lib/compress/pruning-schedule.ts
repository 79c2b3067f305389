/**
 * Gradual pruning schedules (TF Model Optimization's PolynomialDecay and ConstantSparsity):
 * which sparsity to reach at a training step, and whether to re-prune at that step.
 * Pruning a little at a time and training in between lets the remaining weights take over the
 * work of the removed ones; pruning 90% at once loses far more accuracy.
 * @example
 *   const s = polynomialDecay({ initialSparsity: 0, finalSparsity: 0.9, beginStep: 0, endStep: 100 });
 *   s.sparsityAt(50); // 0.7875: fast at first, slower near the end (power 3)
 */
import { check, checkInt, checkRange } from '../errors';

import type { Schedule } from '../schedule';
import { OptionsOf, defineOptions, required } from '../define-options';

export interface PruningSchedule {
  /** The target sparsity at `step` (0-based count of optimizer steps): the library's one Schedule type. */
  readonly sparsityAt: Schedule;
  /** True on the steps where masks are recomputed: every `frequency` steps from begin to end. */
  shouldPrune(step: number): boolean;
  /** Last step at which masks change; after it they stay fixed. */
  readonly endStep: number;
}

const POLYNOMIAL_DECAY_OPTIONS = defineOptions('polynomialDecay', {
  initialSparsity: undefined as number | undefined,
  finalSparsity: required<number>(),
  beginStep: undefined as number | undefined,
  endStep: required<number>(),
  /** Exponent of the decay: 3 (TF-MOT's default) prunes fast early and slowly near the end. */
  power: undefined as number | undefined,
  /** Recompute masks every this many steps. */
  frequency: undefined as number | undefined,
});

export type PolynomialDecayOptions = OptionsOf<typeof POLYNOMIAL_DECAY_OPTIONS>;

function checkSteps(where: string, beginStep: number, endStep: number, frequency: number): void {
  checkInt(where, 'beginStep', beginStep, 0);
  checkInt(where, 'endStep', endStep, beginStep);
  checkInt(where, 'frequency', frequency, 1);
}

function onGrid(step: number, beginStep: number, endStep: number, frequency: number): boolean {
  if (step < beginStep || step > endStep) return false;
  return (step - beginStep) % frequency === 0 || step === endStep;
}

/** s(t) = final + (initial − final)·(1 − p)^power with p = (t − begin)/(end − begin), clipped to [0, 1]. */
export function polynomialDecay(options: PolynomialDecayOptions): PruningSchedule {
  options = POLYNOMIAL_DECAY_OPTIONS.read(options);
  const { initialSparsity = 0, finalSparsity, beginStep = 0, endStep, power = 3, frequency = 10 } = options;
  checkRange('polynomialDecay', 'initialSparsity', initialSparsity, 0, 0.999);
  checkRange('polynomialDecay', 'finalSparsity', finalSparsity, 0, 0.999);
  check(
    finalSparsity >= initialSparsity,
    'polynomialDecay',
    'finalSparsity',
    finalSparsity,
    `at least initialSparsity (${initialSparsity})`,
  );
  checkRange('polynomialDecay', 'power', power, 0.1, 10);
  checkSteps('polynomialDecay', beginStep, endStep, frequency);
  return {
    endStep,
    sparsityAt: (step) => {
      if (step < beginStep) return 0;
      const p = endStep === beginStep ? 1 : Math.min(1, (step - beginStep) / (endStep - beginStep));
      return finalSparsity + (initialSparsity - finalSparsity) * Math.pow(1 - p, power);
    },
    shouldPrune: (step) => onGrid(step, beginStep, endStep, frequency),
  };
}

const CONSTANT_SPARSITY_OPTIONS = defineOptions('constantSparsity', {
  sparsity: required<number>(),
  beginStep: undefined as number | undefined,
  endStep: undefined as number | undefined,
  frequency: undefined as number | undefined,
});

/** One sparsity from beginStep on (masks recomputed every `frequency` steps until endStep). */
export function constantSparsity(options: OptionsOf<typeof CONSTANT_SPARSITY_OPTIONS>): PruningSchedule {
  options = CONSTANT_SPARSITY_OPTIONS.read(options);
  const { sparsity, beginStep = 0, endStep = beginStep, frequency = 10 } = options;
  checkRange('constantSparsity', 'sparsity', sparsity, 0, 0.999);
  checkSteps('constantSparsity', beginStep, endStep, frequency);
  return {
    endStep,
    sparsityAt: (step) => (step < beginStep ? 0 : sparsity),
    shouldPrune: (step) => onGrid(step, beginStep, endStep, frequency),
  };
}
