/**
 * Layer groups, bottom (input side) first: the units that gradual unfreezing thaws one at a time
 * and that discriminative learning rates treat alike (ULMFiT, fastai's `splitter`).
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { LayerGroup, LayerSelector, selectLayers } from './layers';
import { checkArray, checkModel, checkNumber } from '../validate';

/**
 * Splits a model into groups. Given a number n, the layers with weights are cut into n
 * contiguous groups of near-equal size (weightless layers such as pooling join the group of
 * the next weighted layer above them); given selectors, one group per selector.
 * @example layerGroups(model, 3)                       // e.g. [conv1], [conv2], [logits]
 * @example layerGroups(model, [{ to: 'conv2' }, 'fc1', 'logits'])
 */
export function layerGroups(
  model: tf.LayersModel,
  spec: number | LayerSelector[] = weightedLayers(model).length,
): LayerGroup[] {
  checkModel('layerGroups', 'model', model);
  check(
    typeof spec === 'number' || Array.isArray(spec),
    'layerGroups',
    'spec',
    spec,
    'a number of groups or an array of layer selectors',
  );
  const groups =
    typeof spec === 'number'
      ? splitEvenly(model, spec)
      : spec.map((s, i) => ({
          name: groupName(s, i),
          layers: selectLayers(model, s, 'layerGroups').map((l) => l.name),
        }));
  const seen = new Map<string, string>();
  for (const g of groups) {
    check(g.layers.length > 0, 'layerGroups', `group "${g.name}"`, 'empty', 'at least one layer');
    for (const l of g.layers) {
      check(!seen.has(l), 'layerGroups', 'layer', l, `each layer in one group only (also in "${seen.get(l)}")`);
      seen.set(l, g.name);
    }
  }
  return groups;
}

function weightedLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((l) => l.weights.length > 0);
}

function groupName(s: LayerSelector, i: number): string {
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object' && 'name' in s && typeof (s as LayerGroup).name === 'string')
    return (s as LayerGroup).name;
  return `group${i}`;
}

function splitEvenly(model: tf.LayersModel, n: number): LayerGroup[] {
  const weighted = weightedLayers(model);
  checkInt('layerGroups', 'spec', n, 1, Math.max(1, weighted.length)); // spec: the number of groups
  const groups: LayerGroup[] = [];
  let start = 0;
  for (let g = 0; g < n; g++) {
    const end = Math.floor(((g + 1) * weighted.length) / n); // weighted layers [start, end) go to group g; extras go up
    const lastIndex = model.layers.indexOf(weighted[end - 1]);
    const firstIndex = g === 0 ? 0 : model.layers.indexOf(weighted[start - 1]) + 1;
    const to = g === n - 1 ? model.layers.length - 1 : lastIndex;
    const layers = model.layers.slice(firstIndex, to + 1).map((l) => l.name);
    groups.push({
      name: weighted
        .slice(start, end)
        .map((l) => l.name)
        .join('+'),
      layers,
    });
    start = end;
  }
  return groups;
}

/** Group multipliers for discriminative learning rates: the top group 1, each lower one divided by `factor`. */
export function groupMultipliers(groups: LayerGroup[], factor = 2.6): number[] {
  checkArray('groupMultipliers', 'groups', groups, { nonEmpty: false });
  if (factor !== undefined) checkNumber('groupMultipliers', 'factor', factor);
  check(factor > 0 && Number.isFinite(factor), 'groupMultipliers', 'factor', factor, 'a positive number (ULMFiT: 2.6)');
  return groups.map((_, g) => Math.pow(factor, -(groups.length - 1 - g)));
}
