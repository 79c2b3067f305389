/**
 * Knowledge distillation: Hinton's soft targets with temperature (and schedules), multi-teacher
 * averaging, and FitNets hint training — all through the one training loop `fit`.
 */
export * from './soft-targets';
export * from './temperature';
export * from './logits';
export * from './distill';
export * from './hints';
export * from './held-out-class';
