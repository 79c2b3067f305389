/**
 * tfjs-workbook/text — text models: token ids with `<pad>`/`<unk>`, Embedding + LSTM/GRU and
 * 1-D CNN classifiers, trained with the one loop `fit`.
 */
export {
  TokenVocabulary,
  charTokens,
  PAD,
  UNK,
  PAD_ID,
  UNK_ID,
  type TokenVocabularyOptions,
  type EncodeOptions,
} from './token-vocabulary';
export {
  rnnClassifier,
  cnnClassifier,
  type TextModelOptions,
  type RnnClassifierOptions,
  type CnnClassifierOptions,
} from './classifiers';
export { fusedLstm, type FusedLstm, type FusedLstmArgs } from './fused-lstm';
export { Word2Vec, trainWord2Vec, skipGramRows, type Word2VecOptions } from './word2vec';
export {
  languageModel,
  languageModelRecipe,
  recurrentEncoder,
  RECURRENT_CELLS,
  type RecurrentCell,
  type LanguageModelOptions,
} from './language-model';
export { nextWordSequences, nextWordLoss, perplexity, type NextWordOptions, type NextWordData } from './next-word';
