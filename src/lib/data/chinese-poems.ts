/**
 * Tang vs Song shi poems from the `chinese-poetry` package (MIT; the poems themselves are
 * centuries old). The package stores the Complete Tang Poems and Complete Song Poems as files of
 * 1,000 poems each, ordered by poet; reading a few files spread over the whole range gives many
 * poets from each dynasty without parsing all 300 MB. Texts keep their traditional characters.
 */
import * as path from 'path';
import { checkInt } from '../errors';
import type { TextDataset } from './spam';

interface RawPoem {
  author: string;
  title: string;
  paragraphs: string[];
}

const TANG_FILES = 58; // poet.tang.0 … poet.tang.57000
const SONG_FILES = 255; // poet.song.0 … poet.song.254000

export interface ChinesePoemsOptions {
  /** Files of 1,000 poems read per dynasty, spread evenly over its range. Default 6. */
  filesPerDynasty?: number;
  /** Poems kept only with this many characters (punctuation included) or more. Default 20. */
  minChars?: number;
  /** …and at most this many. Default 100. */
  maxChars?: number;
}

const cache = new Map<string, TextDataset>();

function poemFile(dynasty: 'tang' | 'song', index: number): RawPoem[] {
  const dir = path.dirname(require.resolve('chinese-poetry/package.json'));
  return require(path.join(dir, 'dist', 'quantangshi', `poet.${dynasty}.${index * 1000}.json`)) as RawPoem[];
}

/**
 * All kept poems of both dynasties (label 0 = Tang, 1 = Song), in file order; `loadTextCorpus`
 * ('tang-song-poems') splits them.
 */
export function chinesePoems(options: ChinesePoemsOptions = {}): TextDataset {
  const { filesPerDynasty = 6, minChars = 20, maxChars = 100 } = options;
  checkInt('chinesePoems', 'filesPerDynasty', filesPerDynasty, 1, TANG_FILES);
  checkInt('chinesePoems', 'minChars', minChars, 1);
  checkInt('chinesePoems', 'maxChars', maxChars, minChars);
  const key = `${filesPerDynasty}:${minChars}:${maxChars}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const texts: string[] = [];
  const labels: number[] = [];
  (['tang', 'song'] as const).forEach((dynasty, label) => {
    const files = dynasty === 'tang' ? TANG_FILES : SONG_FILES;
    for (let f = 0; f < filesPerDynasty; f++) {
      const index = Math.floor(((f + 0.5) * files) / filesPerDynasty);
      for (const poem of poemFile(dynasty, index)) {
        // Editors' notes in full-width brackets (variant readings, sources) are not part of the poem.
        const text = poem.paragraphs
          .join('')
          .replace(/（[^）]*）/g, '')
          .replace(/[[\]「」《》]/g, '');
        if (text.length < minChars || text.length > maxChars || /[□�]/.test(text)) continue; // □ marks a lost character
        texts.push(text);
        labels.push(label);
      }
    }
  });
  const data: TextDataset = { texts, labels: Int32Array.from(labels), classNames: ['Tang', 'Song'] };
  cache.set(key, data);
  return data;
}
