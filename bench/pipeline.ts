/**
 * Benchmark: pipeline (GPipe-style model) parallelism on worker threads — throughput and bubble of
 * an MLP (4 hidden layers of equal width) on MNIST for each stage count S and micro-batch count M,
 * measured in the same run, against the formula (S − 1)/(M + S − 1). Repeats are interleaved and
 * the best throughput / median bubble kept: the machine may be shared, and the JSON says how busy it was.
 *   npm run bench:pipeline   (env: PP_WIDTH=784 PP_BATCH=128 PP_STEPS=4 PP_REPEATS=2 PP_STAGES=1,2,4 PP_MICRO=1,2,4,8)
 * Last line: {"rows": [{"stages", "micro_batches", "samples_per_s", "bubble", "replayed", "theory"}, …], …}
 */
import * as os from 'node:os';
import { setup, loadMnist, mlp } from '../src/lib';
import { pipelineSweep, SweepRow } from '../src/experiments/25-model-parallel';
import { idleCores } from '../src/experiments/07-data-parallel';

const WIDTH = Number(process.env.PP_WIDTH ?? 784);
const BATCH = Number(process.env.PP_BATCH ?? 128);
const STEPS = Number(process.env.PP_STEPS ?? 4);
const REPEATS = Number(process.env.PP_REPEATS ?? 2);
const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map(Number) : d);
const STAGES = list(process.env.PP_STAGES, [1, 2, 4]);
const MICRO = list(process.env.PP_MICRO, [1, 2, 4, 8]);

async function main(): Promise<void> {
  const backend = await setup({ seed: 1, quiet: true });
  const { train, test } = loadMnist({ trainSize: BATCH * STEPS, testSize: 10, seed: 1 });
  test.dispose();
  const idle = await idleCores(1000);
  console.log(
    `MLP 4 × ${WIDTH}, batch ${BATCH}, ${STEPS} timed batches per configuration, ${REPEATS} repeats, backend ${backend.name}, ` +
      `${idle.cores} CPUs (${idle.idle.toFixed(2)} idle, load ${os.loadavg()[0].toFixed(1)})`,
  );
  const all: SweepRow[][] = [];
  for (let r = 0; r < REPEATS; r++)
    all.push(
      await pipelineSweep(
        () => mlp({ inputShape: [28, 28, 1], hidden: [WIDTH, WIDTH, WIDTH, WIDTH], seed: 1 }),
        train.xs,
        train.ys,
        {
          stages: STAGES,
          microBatches: MICRO,
          batchSize: BATCH,
          steps: STEPS,
          seed: 1,
          onRow: (row) =>
            console.log(
              `  repeat ${r + 1}: S=${row.stages} M=${row.microBatches} (${row.threadsPerStage} thread(s)/stage): ${row.samplesPerSecond.toFixed(1)} samples/s, ` +
                `bubble ${row.bubble.toFixed(3)} (replayed ${row.replayed.toFixed(3)}, theory ${row.theory.toFixed(3)}), ${row.coresUsed.toFixed(2)} cores used`,
            ),
        },
      ),
    );
  train.dispose();
  const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
  const rows = all[0].map((first, i) => ({
    stages: first.stages,
    micro_batches: first.microBatches,
    threads_per_stage: first.threadsPerStage,
    samples_per_s: round(Math.max(...all.map((rep) => rep[i].samplesPerSecond)), 1),
    bubble: round(median(all.map((rep) => rep[i].bubble))),
    replayed: round(median(all.map((rep) => rep[i].replayed))),
    theory: round(first.theory),
    cores_used: round(Math.max(...all.map((rep) => rep[i].coresUsed)), 2),
  }));
  console.log(
    JSON.stringify({
      rows,
      idle_cores_before: round(idle.idle, 2),
      load_average: os.loadavg().map((v) => round(v, 1)),
      backend: backend.name,
      width: WIDTH,
      batch_size: BATCH,
      steps: STEPS,
      repeats: REPEATS,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
