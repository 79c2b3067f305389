/**
 * What a model costs: parameters (memory) and multiply-accumulates per example (compute), layer by
 * layer, computed from the layer configurations and output shapes — no profiling, so the numbers are
 * exact and the same on every machine. Pooling, activations and batch-norm are counted as free (they
 * are a rounding error next to convolutions and dense layers).
 * @example showTable(layerCosts(referenceCnn())); console.log(modelCost(referenceCnn()).macs);
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { checkModel, checkObject } from '../validate';

export interface LayerCost {
  layer: string;
  className: string;
  params: number;
  /** Multiply-accumulates for one example. */
  macs: number;
}

export interface ModelCost {
  model: string;
  params: number;
  macs: number;
}

function outputPixels(layer: tf.layers.Layer): number {
  const shape = layer.outputShape as number[];
  return (shape[1] ?? 1) * (shape[2] ?? 1);
}

/** MACs of one layer for one example. */
export function layerMacs(layer: tf.layers.Layer): number {
  check(
    layer instanceof tf.layers.Layer,
    'layerMacs',
    'layer',
    typeof layer,
    'a tf.layers.Layer (e.g. model.layers[0])',
  );
  // getConfig is the documented way to read a layer's hyperparameters
  const c = layer.getConfig() as Record<string, unknown>;
  const k = (c.kernelSize as number[] | undefined) ?? [1, 1];
  const kk = k.reduce((a, b) => a * b, 1);
  const inShape = (layer.input as tf.SymbolicTensor).shape;
  const inC = inShape[inShape.length - 1] as number;
  switch (layer.getClassName()) {
    case 'Dense':
      return inC * (c.units as number);
    case 'Conv2D':
      return outputPixels(layer) * kk * inC * (c.filters as number);
    case 'DepthwiseConv2D':
      return outputPixels(layer) * kk * inC * ((c.depthMultiplier as number) ?? 1);
    case 'SeparableConv2D': {
      const mult = (c.depthMultiplier as number) ?? 1;
      return outputPixels(layer) * (kk * inC * mult + inC * mult * (c.filters as number));
    }
    default:
      return 0;
  }
}

/** Parameters and MACs per layer (layers with neither are left out). */
export function layerCosts(model: tf.LayersModel): LayerCost[] {
  checkModel('layerCosts', 'model', model);
  check(model instanceof tf.LayersModel, 'layerCosts', 'model', typeof model, 'a tf.LayersModel');
  return model.layers
    .map((l) => ({ layer: l.name, className: l.getClassName(), params: l.countParams(), macs: layerMacs(l) }))
    .filter((r) => r.params > 0 || r.macs > 0);
}

/** Total parameters and MACs per example. */
export function modelCost(model: tf.LayersModel): ModelCost {
  checkModel('modelCost', 'model', model);
  const rows = layerCosts(model);
  return {
    model: model.name,
    params: rows.reduce((s, r) => s + r.params, 0),
    macs: rows.reduce((s, r) => s + r.macs, 0),
  };
}
