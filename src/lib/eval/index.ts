/**
 * tfjs-workbook/eval — evaluating classifiers the scikit-learn way: metrics (accuracy, precision,
 * recall, F1, confusion matrix, ROC/AUC, log loss), splits and (stratified) k-fold cross-validation,
 * hyperparameter search (grid, random, Bayesian on a trial budget), and ensembles (averaging,
 * voting, bagging).
 * @example
 * import { trainTestSplit, classificationReport, gridSearch, logFloatParam } from 'tfjs-workbook/eval';
 */
// Labels and metrics
export { toLabels, toScores, checkSameLength, resolveClasses, type LabelInput, type ScoreInput } from './labels';
export {
  accuracy,
  precisionRecallFscore,
  precision,
  recall,
  f1Score,
  classificationReport,
  type Average,
  type ZeroDivision,
  type PrfOptions,
  type PrfScores,
  type ReportRow,
} from './classification';
export { confusionMatrix, type Confusion, type ConfusionOptions } from './confusion';
export { rocCurve, rocCurveOneVsRest, rocAucScore, auc, type RocCurve } from './roc';
export { logLoss, softmaxRows, type LogLossOptions } from './log-loss';
export { classifierScores, type ClassifierScores } from './classifier-scores';
// Splits and cross-validation
export { trainTestSplit, takeRows, indicesByClass, type Split, type SplitOptions } from './split';
export { kFold, stratifiedKFold, type KFoldOptions } from './kfold';
export {
  crossValidate,
  meanSd,
  classCounts,
  type CrossValidateOptions,
  type CrossValidationResult,
  type FoldScores,
} from './cross-validate';
export { crossValidateModel, type CrossValidateModelOptions } from './cross-validate-model';
export { pairedDifference, type PairedDifference } from './paired-difference';
// Hyperparameter search
export {
  floatParam,
  logFloatParam,
  intParam,
  categoricalParam,
  sampleParams,
  gridParams,
  type Space,
  type Params,
  type ParamSpec,
  type Categorical,
} from './space';
export {
  search,
  gridSearch,
  randomSearch,
  bayesianSearch,
  type SearchMethod,
  type SearchOptions,
  type SearchResult,
  type Trial,
} from './search';
export { fitGaussianProcess, expectedImprovement, type GaussianProcess } from './gaussian-process';
// Ensembles
export { averageOutputs, softVote, majorityVote, majorityOfLabels } from './ensemble';
export { bagging, type Bagging, type BaggingOptions } from './bagging';
export { adaBoost, adaBoostScores, type AdaBoost, type AdaBoostOptions, type SampleWeighting } from './adaboost';
export { sammeUpdate, type SammeRound } from './samme';
