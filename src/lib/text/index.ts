/**
 * tfjs-workbook/text — text models: token ids with `<pad>`/`<unk>`, Embedding + LSTM/GRU and
 * 1-D CNN classifiers, trained with the one loop `fit`.
 */
export * from './token-vocabulary';
export * from './classifiers';
export * from './word2vec';
