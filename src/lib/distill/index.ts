/**
 * tfjs-workbook/distill — knowledge distillation: Hinton's soft targets with temperature (and
 * temperature schedules), multi-teacher averaging, and FitNets hint training — all through the one
 * training loop `fit`.
 * @example
 * import { distill } from 'tfjs-workbook/distill';
 * await distill(student, teacher, x, y, { temperature: 4, alpha: 0.9, epochs: 5 });
 */
export { distill, distillationHook, type DistillOptions, type DistillConfig, type WeightedTeacher } from './distill';
export {
  softTargets,
  averageSoftTargets,
  softTargetKl,
  distillationLoss,
  normaliseWeights,
  checkTemperature,
  checkAlpha,
  type DistillationLossOptions,
} from './soft-targets';
export { annealTemperature, temperatureAt, TEMPERATURE_SHAPES, type AnnealTemperatureOptions } from './temperature';
export { teacherLogits, toLogits, endsInSoftmax, type LogitsFn } from './logits';
export { fitnets, hintTrain, hintRegressor, type FitNetsOptions, type HintOptions, type HintRegressor } from './hints';
