/**
 * Adam in one wasm call per variable. tf.train.adam spends ~10 tensor ops per variable per step
 * (each with its own JS dispatch, allocation and pass over memory): ~80 ops for the reference
 * CNN. On the wasm backend we replace AdamOptimizer.applyGradients with the same algorithm on the
 * same state (moment variables, β1ᵗ/β2ᵗ scalars, iteration count) where each variable's update is
 * one kernel (kernels/adam-update.ts). Patching the prototype — not a subclass — is deliberate:
 * tf.train.adam(), Keras-style `compile({ optimizer: 'adam' })` and our fit() all get it, with
 * getWeights/setWeights/serialisation untouched. Other backends, and any non-float32 variable,
 * take the stock path. Results equal tf.train.adam's to the bit (same f32 operations in order).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE, AdamUpdateAttrs } from './kernels/adam-update';

type NamedTensor = { name: string; tensor: tf.Tensor };
type Slot = { originalName: string; variable: tf.Variable };

/** The AdamOptimizer state applyGradients works on (tfjs keeps it in protected fields). */
interface AdamState extends AdamUpdateAttrs {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
  incrementIterations(): void;
}

type ApplyGradients = (this: tf.AdamOptimizer, grads: tf.NamedTensorMap | NamedTensor[]) => void;

const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
/** tfjs's own AdamOptimizer.applyGradients (the reference the fused step is tested against). */
export const stockAdamApplyGradients: ApplyGradients = proto.applyGradients;

function fusedApplyGradients(this: tf.AdamOptimizer, variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
  const list = Array.isArray(variableGradients);
  const names = list ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
  const gradientOf = (name: string, i: number) => (list ? variableGradients[i].tensor : variableGradients[name]);
  const variables = tf.engine().registeredVariables;
  const fusable =
    tf.getBackend() === 'wasm' &&
    names.every(
      (name, i) =>
        variables[name]?.dtype === 'float32' && (gradientOf(name, i) ?? { dtype: 'float32' }).dtype === 'float32',
    );
  if (!fusable) return stockAdamApplyGradients.call(this, variableGradients);
  const self = this as unknown as AdamState;
  const attrs = { beta1: self.beta1, beta2: self.beta2, epsilon: self.epsilon, learningRate: self.learningRate };
  tf.tidy(() => {
    names.forEach((name, i) => {
      const value = variables[name];
      // moment slots by position, created as tfjs creates them (so getWeights names match)
      self.accumulatedFirstMoment[i] ??= {
        originalName: `${name}/m`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      self.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      const gradient = gradientOf(name, i);
      if (gradient == null) return;
      const m = self.accumulatedFirstMoment[i].variable;
      const v = self.accumulatedSecondMoment[i].variable;
      const inputs = { x: value, m, v, g: gradient, accBeta1: self.accBeta1, accBeta2: self.accBeta2 };
      const [x1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE, inputs, attrs as never) as tf.Tensor[];
      m.assign(m1);
      v.assign(v1);
      value.assign(x1);
    });
    self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
    self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
  });
  self.incrementIterations();
}

/** Installs the fused step (idempotent). Called when the wasm training kernels are registered. */
export function installFusedAdam(): void {
  proto.applyGradients = fusedApplyGradients;
}

/** Puts tfjs's own applyGradients back (for comparisons and tests). */
export function uninstallFusedAdam(): void {
  proto.applyGradients = stockAdamApplyGradients;
}
