/**
 * Picking layers and freezing them. A selector names layers the way a Keras user would:
 * by name ('conv1'), by index (0, or -1 for the last), by an inclusive range ({ from: 0, to: 'conv2' }),
 * by a layer group, or by a list of any of these. A wrong name fails with the model's layer list.
 *
 * Our `fit` reads `model.trainableWeights` at every step, so a freeze takes effect at once; tfjs's
 * own `model.fit` needs `model.compile(...)` again after a change.
 */
import * as tf from '@tensorflow/tfjs';
import { check, WorkbookError } from '../errors';
import { checkModel, checkString } from '../validate';

/** A named set of layers that are frozen, unfrozen or given a learning rate together. */
export interface LayerGroup {
  name: string;
  layers: string[];
}

export type LayerSelector =
  string | number | { from?: string | number; to?: string | number } | LayerGroup | readonly LayerSelector[];

/** "0 conv1 (320 params), 1 pool1, …": what a bad selector's error lists. */
export function describeLayers(model: tf.LayersModel): string {
  checkModel('describeLayers', 'model', model);
  return model.layers
    .map((l, i) => `${i} ${l.name}${l.countParams() ? ` (${l.countParams()} params)` : ''}`)
    .join(', ');
}

function indexOf(model: tf.LayersModel, ref: string | number, where: string, parameter: string): number {
  const n = model.layers.length;
  if (typeof ref === 'number') {
    if (Number.isInteger(ref) && ref >= -n && ref < n) return ref < 0 ? n + ref : ref;
    throw new WorkbookError(
      where,
      parameter,
      ref,
      `an index in [${-n}, ${n - 1}] of model "${model.name}": ${describeLayers(model)}`,
    );
  }
  const i = model.layers.findIndex((l) => l.name === ref);
  if (i < 0)
    throw new WorkbookError(where, parameter, ref, `a layer of model "${model.name}": ${describeLayers(model)}`);
  return i;
}

/** The layers a selector picks, in model order, without duplicates. */
export function selectLayers(
  model: tf.LayersModel,
  selector: LayerSelector,
  where = 'selectLayers',
): tf.layers.Layer[] {
  checkModel('selectLayers', 'model', model);
  if (where !== undefined) checkString('selectLayers', 'where', where, false);
  check(model instanceof tf.LayersModel, where, 'model', typeof model, 'a tf.LayersModel');
  const picked = new Set<number>();
  const visit = (s: LayerSelector): void => {
    if (Array.isArray(s)) return s.forEach(visit);
    if (typeof s === 'string' || typeof s === 'number') {
      picked.add(indexOf(model, s, where, s === selector ? 'selector' : 'selector layer'));
    } else if (s && typeof s === 'object' && 'layers' in s && Array.isArray(s.layers)) {
      s.layers.forEach((name) => picked.add(indexOf(model, name, where, `group "${s.name}" layer`)));
    } else if (s && typeof s === 'object' && ('from' in s || 'to' in s)) {
      const r = s as { from?: string | number; to?: string | number };
      const from = indexOf(model, r.from ?? 0, where, 'from');
      const to = indexOf(model, r.to ?? -1, where, 'to');
      check(from <= to, where, 'range', `${r.from} → ${r.to}`, `from at or before to (indices ${from} > ${to})`);
      for (let i = from; i <= to; i++) picked.add(i);
    } else {
      throw new WorkbookError(
        where,
        'selector',
        JSON.stringify(s),
        'a layer name, an index, { from, to }, a layer group, or a list of these',
      );
    }
  };
  visit(selector);
  return [...picked].sort((a, b) => a - b).map((i) => model.layers[i]);
}

function setTrainable(
  model: tf.LayersModel,
  selector: LayerSelector,
  trainable: boolean,
  where: string,
): tf.LayersModel {
  for (const layer of selectLayers(model, selector, where)) layer.trainable = trainable;
  return model;
}

/**
 * Freezes layers: their weights stop changing in training. Default: every layer.
 * @example freeze(model, { to: -2 }); // everything but the head
 */
export function freeze(model: tf.LayersModel, selector: LayerSelector = { from: 0, to: -1 }): tf.LayersModel {
  checkModel('freeze', 'model', model);
  return setTrainable(model, selector, false, 'freeze');
}

/** Unfreezes layers (default: every layer). @example unfreeze(model, 'conv2'); */
export function unfreeze(model: tf.LayersModel, selector: LayerSelector = { from: 0, to: -1 }): tf.LayersModel {
  checkModel('unfreeze', 'model', model);
  return setTrainable(model, selector, true, 'unfreeze');
}

export type LayerRow = {
  index: number;
  layer: string;
  params: number;
  trainable: boolean;
};

/** One row per layer (index, name, parameters, trainable), for `showTable`. */
export function trainableSummary(model: tf.LayersModel): LayerRow[] {
  checkModel('trainableSummary', 'model', model);
  return model.layers.map((l, index) => ({ index, layer: l.name, params: l.countParams(), trainable: l.trainable }));
}

/** Number of weights the optimizer will update (frozen layers excluded). */
export function countTrainableParams(model: tf.LayersModel): number {
  checkModel('countTrainableParams', 'model', model);
  return model.trainableWeights.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}
