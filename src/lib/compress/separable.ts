/**
 * The depthwise-separable variant of the reference CNN (MobileNet's building block). A standard
 * k×k convolution from C to F channels costs k·k·C·F multiplies per output pixel; a separable one
 * filters each input channel on its own (k·k·C) and then mixes channels with a 1×1 convolution (C·F).
 * As in MobileNet the first convolution stays standard: on a 1-channel image there is nothing to
 * separate. Everything else (pooling, dense head, names, seeds) matches `referenceCnn`, so the two
 * compare like for like.
 * @example
 *   const sep = separableCnn({ seed: 1 });
 *   showTable([modelCost(referenceCnn()), modelCost(sep)]);
 */
import * as tf from '@tensorflow/tfjs';
import { checkModelOptions } from '../models/zoo';
import { checkInt } from '../errors';
import type { ModelOptions } from '../models/zoo';
import { checkOptions } from '../validate';

const init = (seed: number, i: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + i });

export interface SeparableCnnOptions extends ModelOptions {
  /** Also make the first convolution separable (default false, as in MobileNet). */
  separableFirst?: boolean;
}

/**
 * conv5×5(32)+relu, maxpool2, separable conv3×3(64)+relu, maxpool2, flatten, dense128+relu,
 * dense(numClasses) — logits, like every model in the zoo.
 */
export function separableCnn(options: SeparableCnnOptions = {}): tf.Sequential {
  options = checkOptions('separableCnn', options, ['separableFirst', 'inputShape', 'numClasses', 'seed']);
  checkModelOptions('separableCnn', options, 3);
  const { inputShape = [28, 28, 1], numClasses = 10, seed = 0, separableFirst = false } = options;
  checkInt('separableCnn', 'numClasses', numClasses, 2);
  const m = tf.sequential({ name: 'separable_cnn' });
  const first = {
    inputShape,
    filters: 32,
    kernelSize: 5,
    padding: 'same' as const,
    activation: 'relu' as const,
    name: 'conv1',
  };
  m.add(
    separableFirst
      ? tf.layers.separableConv2d({
          ...first,
          depthwiseInitializer: init(seed, 11),
          pointwiseInitializer: init(seed, 12),
        })
      : tf.layers.conv2d({ ...first, kernelInitializer: init(seed, 1) }),
  );
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(
    tf.layers.separableConv2d({
      filters: 64,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'conv2',
      depthwiseInitializer: init(seed, 21),
      pointwiseInitializer: init(seed, 22),
    }),
  );
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(seed, 3), name: 'fc1' }));
  m.add(tf.layers.dense({ units: numClasses, kernelInitializer: init(seed, 4), name: 'logits' }));
  return m;
}
