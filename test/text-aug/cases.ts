/** Every text operation with test-friendly parameters, so one test body can run over all of them (as test/image-aug/cases.ts does for images). */
import * as T from '../../src/text-aug';

export interface TextCase {
  name: string;
  make: (options: { p?: number; seed?: number }) => T.TextAugmentation;
  /** The languages it works in (others throw). */
  languages: readonly T.Language[];
}

const both = ['en', 'zh'] as const;

export const TEXT_CASES: TextCase[] = [
  { name: 'SynonymReplacement', make: (o) => new T.SynonymReplacement({ n: 2, ...o }), languages: both },
  { name: 'RandomInsertion', make: (o) => new T.RandomInsertion({ alpha: 0.3, ...o }), languages: both },
  { name: 'RandomSwap', make: (o) => new T.RandomSwap({ n: 2, ...o }), languages: both },
  { name: 'RandomDeletion', make: (o) => new T.RandomDeletion({ rate: 0.3, ...o }), languages: both },
  { name: 'RandomCase', make: (o) => new T.RandomCase({ level: 'char', rate: 0.4, ...o }), languages: ['en'] },
  { name: 'Shuffle', make: (o) => new T.Shuffle({ unit: 'words', ...o }), languages: both },
  { name: 'HomophoneReplacement', make: (o) => new T.HomophoneReplacement({ n: 2, ...o }), languages: both },
  { name: 'CharDeletion', make: (o) => new T.CharDeletion({ n: 2, ...o }), languages: both },
  { name: 'CharInsertion', make: (o) => new T.CharInsertion({ n: 2, ...o }), languages: both },
  { name: 'CharSwap', make: (o) => new T.CharSwap({ n: 2, ...o }), languages: both },
  { name: 'CharShuffle', make: (o) => new T.CharShuffle({ n: 2, ...o }), languages: both },
  { name: 'KeyboardSubstitution', make: (o) => new T.KeyboardSubstitution({ n: 2, ...o }), languages: ['en'] },
  { name: 'OcrSubstitution', make: (o) => new T.OcrSubstitution({ n: 2, ...o }), languages: ['en'] },
  {
    name: 'EquivalentCharReplacement',
    make: (o) => new T.EquivalentCharReplacement({ n: 2, ...o }),
    languages: ['zh'],
  },
  {
    name: 'OneOf',
    make: (o) => new T.OneOf([new T.RandomSwap({ n: 2 }), new T.CharSwap({ n: 2 }), new T.RandomDeletion()], o),
    languages: both,
  },
  {
    name: 'SomeOf',
    make: (o) => new T.SomeOf([new T.RandomSwap(), new T.CharSwap(), new T.RandomDeletion()], { n: [1, 2], ...o }),
    languages: both,
  },
];
