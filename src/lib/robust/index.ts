/**
 * tfjs-workbook/robust: robustness and interpretability. Saliency maps (gradient, SmoothGrad,
 * integrated gradients) and Grad-CAM; FGSM and PGD adversarial examples, robust accuracy and
 * adversarial training (a batch hook for the one training loop).
 */
export {
  gradientSaliency,
  smoothGrad,
  integratedGradients,
  saliencyMap,
  classScoreGradient,
  targetMask,
  numClassesOf,
  type SaliencyOptions,
  type SmoothGradOptions,
  type IntegratedGradientsOptions,
} from './saliency';
export { gradCam, featureMapLayers, CAM_VARIANTS, type CamVariant, type GradCamOptions } from './grad-cam';
export { heatOverlay } from './overlay';
export {
  fgsm,
  pgd,
  attack,
  robustAccuracy,
  lossGradient,
  ATTACKS,
  type AttackName,
  type AttackOptions,
  type RobustAccuracyOptions,
} from './attacks';
export { adversarialBatchHook, type AdversarialTrainingOptions } from './adversarial-training';
export { type Targets } from './validate';
