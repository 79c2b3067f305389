/**
 * tfjs-workbook/text — text models: token ids with `<pad>`/`<unk>` (words, or characters for
 * Chinese), Embedding + LSTM/GRU and 1-D CNN classifiers trained with the one loop `fit`, and
 * Word2Vec (skip-gram with negative sampling) word vectors.
 * @example
 * import { TokenVocabulary, rnnClassifier } from 'tfjs-workbook/text';
 * const vocab = TokenVocabulary.fit(texts, { vocabularySize: 2000 });
 * const model = rnnClassifier({ vocabularySize: vocab.size, sequenceLength: 32 });
 */
export { TokenVocabulary, charTokens, PAD, UNK, PAD_ID, UNK_ID, type TokenVocabularyOptions, type EncodeOptions } from './token-vocabulary';
export { rnnClassifier, cnnClassifier, type TextModelOptions, type RnnClassifierOptions, type CnnClassifierOptions } from './classifiers';
export { trainWord2Vec, skipGramRows, Word2Vec, type Word2VecOptions } from './word2vec';
