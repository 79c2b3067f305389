/**
 * is_complete: tslab's rule for "incomplete" (the parser wants more at the very end: an open
 * brace, bracket or argument list), and "invalid" when TypeScript cannot parse the code otherwise.
 */
import { isCompleteCode } from 'tslab/dist/converter';

// tslab's own TypeScript (5.0), whose parser compiles the cells.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ts = require('@tslab/typescript-for-tslab');

export type IsCompleteReply = { status: 'complete' } | { status: 'incomplete'; indent: string } | { status: 'invalid' };

export function isComplete(code: string): IsCompleteReply {
  const tslab = isCompleteCode(code);
  if (!tslab.completed) return { status: 'incomplete', indent: tslab.indent ?? '' };
  // Parsed as a module (as tslab compiles cells), where top-level `await` is valid.
  const file = ts.createSourceFile('cell.ts', `export {};\n${code}`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const errors = (file.parseDiagnostics ?? []) as unknown[];
  return errors.length > 0 ? { status: 'invalid' } : { status: 'complete' };
}
