/**
 * Backend benchmark: ms per training step (batch 64, Adam 1e-3) of the reference CNN and the
 * 784-800-800-10 MLP on the project's default backend, on stock tfjs `cpu`, and in PyTorch CPU
 * when a Python with torch is present — all in one run, so the ratios mean something. The
 * project and cpu runs start from the same weights and batch; their first-step gradients are
 * compared (max_rel_grad_diff). Project and PyTorch alternate for three rounds; each side reports the
 * best of its round medians. Last line: one JSON object.
 *
 *   npm run bench:backend            (BENCH_STEPS=20 timed steps per model by default;
 *                                     BENCH_PROFILE=1 also prints the per-kernel tf.profile table)
 */
import { BENCH_MODELS, profileTrainingStep, maxRelativeDifference, timeTrainingStep, torchStepTimings, findTorchPython, BenchModel, TfBackend } from '../src/experiments/01-backends';
import { describeBackend, selectBackend } from '../src/lib/backend';

const STEPS = Number(process.env.BENCH_STEPS ?? 20);
const WARMUP = 3;
const ROUNDS = 3;
const CPU_STEPS: Record<BenchModel, number> = { cnn: 1, mlp: 3 }; // the pure-JS cpu backend needs ~1 min per CNN step

async function main(): Promise<void> {
  const choice = await selectBackend();
  console.log(describeBackend(choice));
  const project = (choice.name === 'tensorflow-gpu' ? 'tensorflow' : choice.name) as TfBackend;
  const python = findTorchPython();
  console.log(python ? `PyTorch: importable from ${python}` : 'PyTorch: not found (torch: null)');
  const ms: Record<string, Record<string, number | null>> = {};
  let maxRelGradDiff = 0;
  let torchThreads: number | null = null;
  for (const model of BENCH_MODELS) {
    // project and PyTorch alternate, ROUNDS times, and each keeps its best median: the machine is
    // shared, so a load spike during one side's turn must not decide the ratio
    const mine: number[] = [];
    const theirs: number[] = [];
    let first: Awaited<ReturnType<typeof timeTrainingStep>> | null = null;
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`\n${model}, round ${round}/${ROUNDS}: ${STEPS} steps on ${project}${python ? ' and in PyTorch' : ''} …`);
      const t = await timeTrainingStep(model, project, { steps: STEPS, warmup: WARMUP });
      first ??= t;
      mine.push(t.msPerStep);
      console.log(`  ${project}: ${t.msPerStep.toFixed(1)} ms/step (median)`);
      const py = python ? torchStepTimings([model], { steps: STEPS, warmup: WARMUP, python })?.[model] : null;
      if (py) {
        theirs.push(py.msPerStep);
        torchThreads = py.threads;
        console.log(`  PyTorch ${py.version} (${py.threads} thread${py.threads > 1 ? 's' : ''}): ${py.msPerStep.toFixed(1)} ms/step (median)`);
      }
    }
    console.log(`  tfjs cpu: ${CPU_STEPS[model]} step(s) from the same weights${model === 'cnn' ? ' (one to three minutes)' : ''} …`);
    const cpu = await timeTrainingStep(model, 'cpu', { steps: CPU_STEPS[model], warmup: 0, weights: first!.weights });
    const diff = maxRelativeDifference(first!.firstGradients, cpu.firstGradients);
    maxRelGradDiff = Math.max(maxRelGradDiff, diff);
    console.log(`  tfjs cpu: ${cpu.msPerStep.toFixed(0)} ms/step; first-step gradients ${project} vs cpu: max rel diff ${diff.toExponential(2)}`);
    const best = (v: number[]) => (v.length ? round(Math.min(...v)) : null);
    ms[`${model}_ms`] = { project: best(mine), tfjs_cpu: round(cpu.msPerStep), torch: best(theirs) };
    if (process.env.BENCH_PROFILE) {
      console.log(`  ${model} on ${project}, tf.profile of one step (kernel: ms, calls):`);
      for (const k of await profileTrainingStep(model, project)) if (k.ms >= 0.05) console.log(`    ${k.kernel.padEnd(28)} ${k.ms.toFixed(2).padStart(7)} ${String(k.calls).padStart(4)}`);
    }
    if (theirs.length) console.log(`  ${model}: ${project}/torch = ${(Math.min(...mine) / Math.min(...theirs)).toFixed(2)}× (best of ${ROUNDS} alternating rounds each)`);
  }
  const ratio = (m: string) => (ms[m].torch ? round(ms[m].project! / ms[m].torch!, 2) : null);
  console.log(JSON.stringify({ ...ms, max_rel_grad_diff: Number(maxRelGradDiff.toExponential(3)), backend: choice.name, batch: 64, steps: STEPS, rounds: ROUNDS, torch_threads: torchThreads, project_vs_torch: { cnn: ratio('cnn_ms'), mlp: ratio('mlp_ms') } }));
}

function round(v: number, digits = 1): number {
  return Number(v.toFixed(digits));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
