/**
 * `npm run readme:results`: rewrites the README's headline-results table from out/results.json, so
 * the numbers the README quotes are exactly those of one recorded run (its date and machine are
 * written above the table). Run it after `npm run workbook`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Claim, claimComparison } from '../src/lib/plot/claims';
import { ROOT } from './jupyter';

export const BEGIN = '<!-- results:begin -->';
export const END = '<!-- results:end -->';

export interface ResultsDoc {
  generated: string;
  machine: { cpu: string; cores: number; loadavg: number[] };
  notebooks: { name: string; ok: boolean; seconds: number; ran?: string; claims: Claim[] }[];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The markdown block: where and when the run was, then one row per notebook (its headline claim). */
export function resultsMarkdown(doc: ResultsDoc): string {
  const claims = doc.notebooks.flatMap((n) => n.claims);
  const held = claims.filter((c) => c.holds).length;
  const total = doc.notebooks.reduce((s, n) => s + n.seconds, 0);
  const head =
    `Headline results of the run of ${doc.generated.slice(0, 16).replace('T', ' ')} UTC on ${doc.machine.cpu} ` +
    `(${doc.machine.cores} cores, load average ${doc.machine.loadavg.join(' / ')} at the end): ${doc.notebooks.length} notebooks, ` +
    `${doc.notebooks.filter((n) => !n.ok).length} failed, ${held} of ${claims.length} claims hold, ${Math.round(total)} s of notebook time ` +
    `(two at a time). Each notebook's first claim is shown; its page lists the rest.`;
  const rows = doc.notebooks.map((n) => {
    const c = n.claims[0];
    const result = c ? `${c.holds ? '✓' : '✗'} ${cell(c.text)}` : n.ok ? '(no claim recorded)' : '**failed**';
    return `| ${n.name} | ${result} | ${c ? cell(claimComparison(c)) : ''} | ${n.claims.length} | ${Math.round(n.seconds)} s |`;
  });
  return [head, '', '| notebook | headline claim | measured | claims | time |', '|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

/** Replaces the text between the markers (which must both be there). */
export function replaceBlock(readme: string, block: string): string {
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README has no ${BEGIN} … ${END} block`);
  return `${readme.slice(0, a + BEGIN.length)}\n${block}\n${readme.slice(b)}`;
}

if (require.main === module) {
  const file = path.resolve(ROOT, process.argv[2] ?? 'out/results.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsDoc;
  const readme = path.join(ROOT, 'README.md');
  fs.writeFileSync(readme, replaceBlock(fs.readFileSync(readme, 'utf8'), resultsMarkdown(doc)));
  console.log(`README results table rewritten from ${path.relative(ROOT, file)} (${doc.generated})`);
}
