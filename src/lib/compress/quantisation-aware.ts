/**
 * Quantisation-aware training (Jacob et al. 2018): the forward pass sees the weights as they will be
 * after quantisation ("fake-quant": quantise, then dequantise back to float), so the network learns
 * weights that survive rounding; the backward pass treats the rounding as the identity (the
 * straight-through estimator, Bengio et al. 2013) and updates the float "shadow" weights.
 * In the one training loop: before each step the callback swaps the float weights for their
 * fake-quantised values; its gradientHook puts the float weights back before the optimizer applies
 * the gradients (which were computed at the quantised point: that is the STE).
 *   const qat = new QuantisationAwareTraining({ bits: 4 });
 *   await fit(model, x, y, { epochs: 2, callbacks: [qat], gradientHook: qat.gradientHook });
 *   // then deploy with quantiseModel(model, qat.quantiseOptions) — the same quantiser
 * The quantiser is post-training quantisation's (quantiseModel): kernels per channel, biases per tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkOneOf } from '../errors';
import { Callback, TrainState } from '../train/callback';
import { QuantiseOptions, GRANULARITIES, Granularity } from './quantise';
import { quantiseModel, applyQuantised } from './quantise-model';

/** The integer widths the quantiser supports (int8 storage, 2 to 8 bits). */
export const SUPPORTED_BITS: readonly number[] = [2, 3, 4, 5, 6, 7, 8];

/** Checks `bits` is one of SUPPORTED_BITS. */
export function checkBits(where: string, bits: unknown): void {
  checkOneOf(where, 'bits', bits, SUPPORTED_BITS);
}

export interface QatOptions {
  bits: number;
  /** Default 'per-channel' (kernels; biases are always per tensor). */
  granularity?: Granularity;
}

export class QuantisationAwareTraining implements Callback {
  readonly quantiseOptions: QuantiseOptions;
  /** Pass as fit's gradientHook: restores the float weights before the optimizer step. */
  readonly gradientHook: (grads: tf.NamedTensorMap) => tf.NamedTensorMap;
  private saved: { variable: tf.LayerVariable; value: tf.Tensor }[] = [];

  constructor(options: QatOptions) {
    const where = 'QuantisationAwareTraining';
    check(options != null && typeof options === 'object', where, 'options', options, 'an object with bits');
    for (const key of Object.keys(options))
      check(['bits', 'granularity'].includes(key), where, 'options', key, 'known keys: bits, granularity');
    checkBits(where, options.bits);
    const granularity = options.granularity ?? 'per-channel';
    checkOneOf(where, 'granularity', granularity, GRANULARITIES);
    this.quantiseOptions = { dtype: 'int8', bits: options.bits, granularity, symmetric: true };
    this.gradientHook = (grads) => {
      this.restore();
      return grads;
    };
  }

  /** Swaps every weight for its fake-quantised value, keeping the float value to restore. */
  onBatchBegin(_batch: number, state: TrainState): void {
    this.restore(); // a step whose gradientHook did not run (should not happen) must not lose weights
    const model = state.model;
    this.saved = model.weights.map((variable) => ({ variable, value: tf.keep(variable.read().clone()) }));
    applyQuantised(model, quantiseModel(model, this.quantiseOptions));
  }

  onTrainEnd(): void {
    this.restore();
  }

  private restore(): void {
    for (const { variable, value } of this.saved) {
      variable.write(value);
      value.dispose();
    }
    this.saved = [];
  }
}
