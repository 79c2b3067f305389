import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OptionsOf, defineOptions, required } from '../../src/lib/define-options';
import { WorkbookError } from '../../src/lib/errors';

const DEMO = defineOptions('demo', {
  rate: required<number>(),
  factor: 0.1,
  mode: 'fast' as 'fast' | 'slow',
  label: undefined as string | undefined,
});
type Demo = OptionsOf<typeof DEMO>;

test('defineOptions: one declaration gives the key list, the defaults and the type', () => {
  assert.deepEqual(DEMO.keys, ['rate', 'factor', 'mode', 'label']);
  const ok: Demo = { rate: 1 };
  assert.deepEqual(DEMO.read(ok), { rate: 1, factor: 0.1, mode: 'fast' });
  // an undefined value takes the default, as destructuring defaults do
  assert.deepEqual(DEMO.read({ rate: 2, factor: undefined, mode: 'slow', label: 'x' }), {
    rate: 2,
    factor: 0.1,
    mode: 'slow',
    label: 'x',
  });
  assert.deepEqual(DEMO.read(undefined), { factor: 0.1, mode: 'fast' });
  // @ts-expect-error: rate is required by the type
  const missing: Demo = { factor: 1 };
  // @ts-expect-error: mode accepts only the declared union
  const wrong: Demo = { rate: 1, mode: 'medium' };
  assert.ok(missing && wrong);
});

test('defineOptions: unknown keys and non-objects are WorkbookErrors naming the function (did-you-mean)', () => {
  assert.throws(
    () => DEMO.read({ rate: 1, factr: 2 }),
    (e: unknown) =>
      e instanceof WorkbookError && /demo: unknown option `factr` \(did you mean `factor`\?\)/.test(e.message),
  );
  assert.throws(() => DEMO.read({ rate: 1, factr: 2 }, 'other'), /^WorkbookError: other:|other: unknown option/);
  assert.throws(
    () => DEMO.read(42),
    (e: unknown) => e instanceof WorkbookError && e.parameter === 'options',
  );
});

test('defineOptions: extend adds a function’s own options (listed first) to shared ones', () => {
  const WIDE = DEMO.extend('wide', { width: 3 });
  assert.deepEqual(WIDE.keys, ['width', 'rate', 'factor', 'mode', 'label']);
  assert.deepEqual(WIDE.read({ rate: 1 }), { rate: 1, width: 3, factor: 0.1, mode: 'fast' });
  assert.throws(() => WIDE.read({ rate: 1, widht: 2 }), /wide: unknown option `widht` \(did you mean `width`\?\)/);
});
