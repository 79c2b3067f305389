/**
 * The kernel's input history for history_request: tail, range and search (glob patterns), as
 * IPython answers them, for the current session only (the kernel keeps no database).
 */
export type HistoryEntry = [number, number, string | [string, string | null]];

export interface HistoryQuery {
  hist_access_type: 'tail' | 'range' | 'search';
  output?: boolean;
  n?: number;
  session?: number;
  start?: number;
  stop?: number;
  pattern?: string;
  unique?: boolean;
}

/** This kernel's session number (IPython numbers sessions in its database; 0 also means "current"). */
export const SESSION = 1;

function glob(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[\\s\\S]*')
    .replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${body}$`);
}

export class History {
  private readonly entries: { line: number; input: string; output: string | null }[] = [];

  add(line: number, input: string, output: string | null): void {
    this.entries.push({ line, input, output });
  }

  query(q: HistoryQuery): HistoryEntry[] {
    let hits = this.entries;
    if (q.hist_access_type === 'range') {
      if (q.session !== undefined && q.session !== 0 && q.session !== SESSION) return [];
      const start = q.start ?? 1;
      hits = hits.filter((e) => e.line >= start && (q.stop === undefined || q.stop === null || e.line < q.stop));
    } else if (q.hist_access_type === 'search') {
      const re = glob(q.pattern ?? '*');
      hits = hits.filter((e) => re.test(e.input));
      if (q.unique) hits = hits.filter((e, i) => !hits.slice(i + 1).some((later) => later.input === e.input));
    }
    if (q.hist_access_type !== 'range' && q.n !== undefined && q.n !== null)
      hits = hits.slice(Math.max(0, hits.length - q.n));
    return hits.map((e) => [SESSION, e.line, q.output ? [e.input, e.output] : e.input]);
  }
}
