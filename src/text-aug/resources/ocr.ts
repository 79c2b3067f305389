/**
 * Characters OCR engines confuse (the pairs nlpaug's OcrAug uses, both directions): a scanned
 * "0" read as "O", "l" as "1", "S" as "5"...
 */
const PAIRS: [string, string][] = [
  ['0', 'O'],
  ['0', 'o'],
  ['0', 'D'],
  ['1', 'l'],
  ['1', 'I'],
  ['l', 'I'],
  ['2', 'Z'],
  ['4', 'A'],
  ['5', 'S'],
  ['6', 'G'],
  ['6', 'b'],
  ['7', 'T'],
  ['8', 'B'],
  ['9', 'g'],
  ['9', 'q'],
  ['e', 'c'],
  ['a', 'o'],
  ['u', 'v'],
  ['n', 'h'],
  ['m', 'n'],
  ['i', 'j'],
  ['E', 'F'],
];

let table: Map<string, string[]> | undefined;

/** What OCR may read `c` as ([] when it has no known confusion). */
export function ocrConfusions(c: string): string[] {
  if (!table) {
    table = new Map();
    for (const [a, b] of PAIRS) {
      table.set(a, [...(table.get(a) ?? []), b]);
      table.set(b, [...(table.get(b) ?? []), a]);
    }
  }
  return table.get(c) ?? [];
}
