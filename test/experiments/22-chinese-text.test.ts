import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { summariseChineseEffect, type ChineseArm } from '../../src/experiments/22-chinese-text';

test('summariseChineseEffect: each arm against no augmentation, seed by seed (runs in any order)', () => {
  const run = (seed: number, arm: ChineseArm, accuracy: number) =>
    ({ trainSize: 200, seed, arm, examples: 1, accuracy, seconds: 0 }) as const;
  // seeds differ a lot; character ops gain a steady ~2 points, EDA gains nothing on average
  const rows = summariseChineseEffect([
    run(2, 'none', 0.7),
    run(1, 'none', 0.6),
    run(3, 'none', 0.65),
    run(3, 'character ops', 0.671),
    run(1, 'character ops', 0.62),
    run(2, 'character ops', 0.719),
    run(1, 'EDA (jieba words)', 0.61),
    run(2, 'EDA (jieba words)', 0.69),
    run(3, 'EDA (jieba words)', 0.65),
  ]);
  const arm = (a: ChineseArm) => rows.find((r) => r.arm === a)!;
  assert.equal(arm('character ops').seeds, 3);
  assert.ok(Math.abs(arm('character ops').gain - 0.02) < 1e-9);
  assert.deepEqual([arm('character ops').wins, arm('character ops').verdict], [3, 'a ahead']);
  assert.deepEqual([arm('EDA (jieba words)').wins, arm('EDA (jieba words)').verdict], [1, 'no clear difference']);
  assert.deepEqual([arm('none').gain, arm('none').verdict], [0, 'no clear difference']);
});
