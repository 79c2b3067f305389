/** One test body over every text operation (test/text-aug/cases.ts), as test/image-aug/transforms.test.ts does for images. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextPipeline, tokenize } from '../../src/text-aug';
import { WorkbookError } from '../../src/lib/errors';
import { validateParam } from '../../src/lib/augment/params';
import { rng } from '../../src/lib/random';
import { TEXT_CASES } from './cases';

const TEXTS = {
  en: 'The happy child found a large stone near the old river, and their house was right there. Reply now!',
  zh: '我很高兴认识你。这个问题非常重要！我们今天去银行取一百元。',
} as const;

/** A WorkbookError from `where` about `parameter`, whose message mentions every one of `words`. */
const throwsNaming = (fn: () => unknown, where: string, parameter: string, ...words: string[]) =>
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof WorkbookError &&
      e.where === where &&
      (e.parameter === parameter || e.message.includes(parameter)) &&
      words.every((w) => e.message.includes(w)),
  );

for (const c of TEXT_CASES) {
  test(`${c.name}: declared parameters (p included), each default valid`, () => {
    const op = c.make({});
    assert.ok('p' in op.declarations, 'declares p');
    assert.equal(op.p, 1);
    for (const [name, d] of Object.entries(op.declarations)) {
      assert.ok(typeof d.doc === 'string', `${name} has a doc`);
      if (d.default !== undefined) assert.doesNotThrow(() => validateParam(c.name, name, d, d.default), name);
    }
    assert.match(String(op), new RegExp(`^${c.name}\\(`));
  });

  test(`${c.name}: same seed same output, other seeds other outputs, input tokens untouched`, () => {
    for (const language of c.languages) {
      const text = TEXTS[language];
      const op = c.make({});
      const outputs = Array.from({ length: 8 }, (_, s) => op.augment(text, { seed: s, language }));
      outputs.forEach((o, s) => assert.equal(c.make({}).augment(text, { seed: s, language }), o, `seed ${s}`));
      assert.ok(new Set(outputs).size > 1, `${language}: seeds give different outputs`);
      const tokens = tokenize(text, language);
      const copy = JSON.stringify(tokens);
      op.apply(tokens, language, rng(1));
      assert.equal(JSON.stringify(tokens), copy);
    }
  });

  test(`${c.name}: the seed option fixes the stream of unseeded calls`, () => {
    const language = c.languages[0];
    const run = (seed: number) => {
      const op = c.make({ seed });
      return Array.from({ length: 4 }, () => op.augment(TEXTS[language], { language }));
    };
    assert.deepEqual(run(3), run(3));
    assert.notDeepEqual(run(3), run(4));
  });

  test(`${c.name}: bad p, unknown option, bad seed, unsupported language are WorkbookErrors naming them`, () => {
    throwsNaming(() => c.make({ p: 1.5 }), c.name, 'p', '[0, 1]');
    throwsNaming(() => c.make({ pp: 1 } as { p?: number }), c.name, 'pp', 'did you mean');
    throwsNaming(() => c.make({ seed: -1 }), c.name, 'seed');
    for (const language of ['en', 'zh'] as const)
      if (!c.languages.includes(language))
        throwsNaming(() => c.make({}).augment(TEXTS[language], { language }), c.name, 'language');
  });

  test(`${c.name}: in a pipeline, p = 0 leaves the text as it is and p = 1 changes it`, () => {
    const language = c.languages[0];
    const text = TEXTS[language];
    assert.equal(new TextPipeline([c.make({ p: 0 })], { seed: 1, language }).augment(text), text);
    const changed = new TextPipeline([c.make({ p: 1 })], { seed: 1, language }).augmentMany([text], 4);
    assert.ok(changed.some((t) => t !== text));
  });
}
