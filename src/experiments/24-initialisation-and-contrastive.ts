/**
 * Notebook 24's harness: the initialisation study (deep MLP, four schemes, per-layer statistics)
 * and the contrastive embedding experiment (InfoNCE on two augmented views, scored by kNN).
 */
export * from './24-initialisation-and-contrastive/initialisation';
export * from './24-initialisation-and-contrastive/contrastive';
