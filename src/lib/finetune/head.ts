/**
 * Replacing the head: a pretrained body, a new output layer for the new task. Like Keras's
 * `Model(base.input, Dense(n)(base.layers[-2].output))`, but on a copy, so the pretrained model
 * stays as it was and can seed many experiments.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { cloneModel } from '../io/models';
import { freeze } from './layers';
import { checkModel, checkNumber } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const REPLACE_HEAD_OPTIONS = defineOptions('replaceHead', {
  /** How many top layers to drop (default 1: the old output layer). */
  drop: undefined as number | undefined,
  /** Hidden ReLU layers of the new head before its output, e.g. [64] (default none). */
  hidden: undefined as number[] | undefined,
  /** Dropout before the new output layer (default 0). */
  dropout: undefined as number | undefined,
  /** Freeze the body (feature extraction): only the new head trains. Default false. */
  freezeBody: undefined as boolean | undefined,
  /** Seed of the new layers' initialisers. */
  seed: undefined as number | undefined,
  /** Name of the new output layer (default 'logits'). */
  name: undefined as string | undefined,
});

export type ReplaceHeadOptions = OptionsOf<typeof REPLACE_HEAD_OPTIONS>;

/**
 * A copy of `model` with its top `drop` layers replaced by a new head ending in `numClasses`
 * logits. The body keeps its pretrained weights; the head's weights are new (glorot, seeded).
 * @example const target = await replaceHead(source, 5, { freezeBody: true, seed: 1 });
 */
export async function replaceHead(
  model: tf.LayersModel,
  numClasses: number,
  options: ReplaceHeadOptions = {},
): Promise<tf.LayersModel> {
  options = REPLACE_HEAD_OPTIONS.read(options);
  checkModel('replaceHead', 'model', model);
  checkNumber('replaceHead', 'numClasses', numClasses);
  check(model instanceof tf.LayersModel, 'replaceHead', 'model', typeof model, 'a tf.LayersModel');
  checkInt('replaceHead', 'numClasses', numClasses, 2);
  const { drop = 1, hidden = [], dropout = 0, freezeBody = false, seed = 0, name = 'logits' } = options;
  checkInt('replaceHead', 'drop', drop, 1, model.layers.length - 1);
  check(
    typeof name === 'string' && /^[A-Za-z_][\w.-]*$/.test(name),
    'replaceHead',
    'name',
    name,
    'a layer name (letters, digits, _ . -)',
  );
  checkRange('replaceHead', 'dropout', dropout, 0, 0.99);
  check(typeof freezeBody === 'boolean', 'replaceHead', 'freezeBody', freezeBody, 'true or false');
  checkInt('replaceHead', 'seed', seed, 0, 2 ** 31 - 1);
  check(Array.isArray(hidden), 'replaceHead', 'hidden', hidden, 'an array of layer widths, e.g. [64]');
  hidden.forEach((h, i) => checkInt('replaceHead', `hidden[${i}]`, h, 1, 1 << 16));
  checkRange('replaceHead', 'dropout', dropout, 0, 0.99);
  check(
    model.inputs.length === 1 && model.outputs.length === 1,
    'replaceHead',
    'model',
    `${model.inputs.length} inputs, ${model.outputs.length} outputs`,
    'a model with one input and one output',
  );
  const copy = await cloneModel(model);
  const body = copy.layers.slice(0, copy.layers.length - drop);
  const taken = new Set(body.map((l) => l.name));
  check(!taken.has(name), 'replaceHead', 'name', name, `a layer name not used by the body (${[...taken].join(', ')})`);
  let x = body[body.length - 1].output as tf.SymbolicTensor;
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + 500 + i });
  hidden.forEach((units, i) => {
    x = tf.layers
      .dense({ units, activation: 'relu', kernelInitializer: init(i), name: `head_fc${i + 1}` })
      .apply(x) as tf.SymbolicTensor;
  });
  if (dropout > 0) x = tf.layers.dropout({ rate: dropout, name: 'head_dropout' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({ units: numClasses, kernelInitializer: init(hidden.length), name })
    .apply(x) as tf.SymbolicTensor;
  const result = tf.model({ inputs: copy.inputs, outputs: x, name: `${model.name}_head${numClasses}` });
  copy.layers.slice(body.length).forEach((l) => l.dispose()); // the old head's weights belong to no model now
  if (freezeBody)
    freeze(
      result,
      body.map((l) => l.name),
    );
  return result;
}
