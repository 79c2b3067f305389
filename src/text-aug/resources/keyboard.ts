/** QWERTY neighbours of each letter (same row and the rows above and below), for typo operations. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
// Row offsets on a staggered keyboard: a key touches the key below-left and below-right of it.
const OFFSET = [0, 0.25, 0.75];

let table: Map<string, string[]> | undefined;

function build(): Map<string, string[]> {
  const pos = new Map<string, [number, number]>();
  ROWS.forEach((row, r) => [...row].forEach((c, i) => pos.set(c, [r, i + OFFSET[r]])));
  const out = new Map<string, string[]>();
  for (const [c, [r, x]] of pos) {
    out.set(
      c,
      [...pos].filter(([d, [r2, x2]]) => d !== c && Math.abs(r2 - r) <= 1 && Math.abs(x2 - x) <= 1.1).map(([d]) => d),
    );
  }
  return out;
}

/** Lower-case neighbours of a letter ([] for anything that is not a-z/A-Z). */
export function keyboardNeighbours(letter: string): string[] {
  table ??= build();
  return table.get(letter.toLowerCase()) ?? [];
}
