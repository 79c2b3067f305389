/**
 * tfjs-workbook/prepare — preparing tabular data with danfo.js DataFrames, the scikit-learn way:
 * inspecting and cleaning, imputing missing values, filtering outliers, scaling, resampling
 * imbalanced classes (over/under-sampling, SMOTE), and turning a frame into tensors.
 * @example
 * import { loadEmailFeatures, SimpleImputer, StandardScaler, smote, frameToTensors } from 'tfjs-workbook/prepare';
 */
export {
  dfd,
  isMissing,
  checkFrame,
  checkColumns,
  numericColumns,
  columnValues,
  frameColumns,
  frameFromColumns,
  takeFrameRows,
  frameRows,
  type DataFrame,
  type Cell,
} from './frame';
export { dropDuplicates, dropMissing, missingReport, describeColumns } from './clean';
export { SimpleImputer, median, type ImputeStrategy, type ImputerOptions } from './imputer';
export { OutlierFilter, quantile, type OutlierOptions } from './outliers';
export { StandardScaler, MinMaxScaler } from './scalers';
export { randomOversample, randomUndersample, rowsByClass } from './resample';
export { smote, type SmoteOptions } from './smote';
export {
  loadEmailFeatures,
  emailFeatures,
  EMAIL_GROUPS,
  type EmailGroup,
  type EmailFeatureOptions,
} from './email-features';
export { frameToTensors } from './tensors';
