/**
 * Backend benchmark: ms per training step (batch 64, Adam 1e-3) of the reference CNN and the
 * 784-800-800-10 MLP on the project's default backend, on stock tfjs `cpu`, and in PyTorch CPU
 * when a Python with torch is present — all in one run, so the ratios mean something. The
 * project and cpu runs start from the same weights and batch; their first-step gradients are
 * compared (max_rel_grad_diff). Last line: one JSON object.
 *
 *   npm run bench:backend            (BENCH_STEPS=20 timed steps per model by default)
 */
import { BENCH_MODELS, describeBackend, maxRelativeDifference, selectBackend, timeTrainingStep, torchStepTiming, findTorchPython, BenchModel, TfBackend } from '../src/lib/backend';

const STEPS = Number(process.env.BENCH_STEPS ?? 20);
const WARMUP = 3;
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
    console.log(`\n${model}: ${STEPS} steps on ${project} …`);
    const mine = await timeTrainingStep(model, project, { steps: STEPS, warmup: WARMUP });
    console.log(`  ${project}: ${mine.msPerStep.toFixed(1)} ms/step`);
    console.log(`  tfjs cpu: ${CPU_STEPS[model]} step(s) from the same weights${model === 'cnn' ? ' (about a minute)' : ''} …`);
    const cpu = await timeTrainingStep(model, 'cpu', { steps: CPU_STEPS[model], warmup: 0, weights: mine.weights });
    const diff = maxRelativeDifference(mine.firstGradients, cpu.firstGradients);
    maxRelGradDiff = Math.max(maxRelGradDiff, diff);
    console.log(`  tfjs cpu: ${cpu.msPerStep.toFixed(0)} ms/step; first-step gradients ${project} vs cpu: max rel diff ${diff.toExponential(2)}`);
    const torch = python ? torchStepTiming(model, { steps: STEPS, warmup: WARMUP, python }) : null;
    if (torch) {
      torchThreads = torch.threads;
      console.log(`  PyTorch ${torch.version} (${torch.threads} thread${torch.threads > 1 ? 's' : ''}): ${torch.msPerStep.toFixed(1)} ms/step → ${project}/torch = ${(mine.msPerStep / torch.msPerStep).toFixed(2)}×`);
    }
    ms[`${model}_ms`] = { project: round(mine.msPerStep), tfjs_cpu: round(cpu.msPerStep), torch: torch ? round(torch.msPerStep) : null };
  }
  const ratio = (m: string) => (ms[m].torch ? round(ms[m].project! / ms[m].torch!, 2) : null);
  console.log(JSON.stringify({ ...ms, max_rel_grad_diff: Number(maxRelGradDiff.toExponential(3)), backend: choice.name, batch: 64, steps: STEPS, torch_threads: torchThreads, project_vs_torch: { cnn: ratio('cnn_ms'), mlp: ratio('mlp_ms') } }));
}

function round(v: number, digits = 1): number {
  return Number(v.toFixed(digits));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
