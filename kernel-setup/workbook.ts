/**
 * `npm run workbook [-- name ...] [-- --jobs N]`: executes the notebooks through real Jupyter and
 * writes out/<name>.ipynb, out/<name>.html and out/index.html. The last line of output is
 * {"notebooks": N, "failed": F, "seconds": S}.
 */
import * as os from 'os';
import { claimCounts, runNotebooks } from './runner';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const j = args.indexOf('--jobs');
  const jobs = j >= 0 ? Number(args[j + 1]) : Number(process.env.WORKBOOK_JOBS ?? Math.min(2, os.cpus().length));
  const names = args.filter((a, i) => !a.startsWith('--') && !(j >= 0 && i === j + 1));
  const started = Date.now();
  const results = await runNotebooks(names, { jobs });
  const failed = results.filter((r) => !r.ok).length;
  const { claims, held } = claimCounts(results);
  const broken = results.flatMap((r) => r.claims.filter((c) => !c.holds).map((c) => `${r.name}: ${c.id}`));
  console.log(`HTML: out/index.html; results: out/results.json`);
  if (broken.length) console.log(`Claims that do not hold (${broken.length}):\n  ${broken.join('\n  ')}`);
  console.log(
    JSON.stringify({
      notebooks: results.length,
      failed,
      claims,
      held,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    }),
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    console.log(
      JSON.stringify({
        notebooks: 0,
        failed: 0,
        claims: 0,
        held: 0,
        seconds: 0,
        error: (e as Error).message.split('\n')[0],
      }),
    );
    process.exit(1);
  },
);
