// The PyTorch cross-check script (bench/ulmfit-torch.py) on a tiny synthetic task, so that it cannot
// rot unnoticed: it must run, report every arm for every seed, and learn a task a word decides.
// Skipped where Debian's python3-torch is absent (CI installs only what the README's test needs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import seedrandom from 'seedrandom';
import { findTorchPython, torchEnvironment } from '../../src/experiments/01-backends';

const python = findTorchPython();

/** Texts of 12 filler words; label 1 texts contain "great" somewhere, label 0 texts "awful". */
function synthetic(n: number, seed: string): { texts: string[]; labels: number[] } {
  const random = seedrandom(seed);
  const filler = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 12 }, () => filler[Math.floor(random() * filler.length)]);
    words[Math.floor(random() * 12)] = i % 2 ? 'great' : 'awful';
    texts.push(words.join(' '));
    labels.push(i % 2);
  }
  return { texts, labels };
}

test('bench/ulmfit-torch.py reports every arm and seed, and both arms learn a one-word task', { skip: !python }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ulmfit-torch-test-'));
  const file = path.join(dir, 'task.json');
  fs.writeFileSync(file, JSON.stringify({ train: synthetic(300, 'train'), test: synthetic(100, 'test') }));
  const config = {
    vocab: 50,
    embedding: 16,
    units: 16,
    length: 12,
    lm_window: 12,
    lm_rate: 3e-3,
    lm_epochs: 1,
    lm_tokens: 3600,
    epochs: 10,
    labels: 100,
    seeds: [1, 2],
    scratch_rates: [1e-2],
    ulmfit_rates: [1e-2],
    threads: 1,
  };
  const script = path.join(__dirname, '..', '..', '..', 'bench', 'ulmfit-torch.py');
  const r = spawnSync(python as string, [script, file, JSON.stringify(config)], {
    encoding: 'utf8',
    env: torchEnvironment('tuned'),
  });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() as string);
  assert.deepEqual(Object.keys(out.arms).sort(), ['scratch@0.01', 'ulmfit@0.01']);
  for (const accuracies of Object.values(out.arms) as number[][]) {
    assert.equal(accuracies.length, 2);
    for (const a of accuracies) assert.ok(a > 80, `accuracy ${a}% on a task one word decides`);
  }
  assert.ok(Number.isFinite(out.lm_perplexity) && out.lm_perplexity > 1);
});
