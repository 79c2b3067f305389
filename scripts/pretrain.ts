/**
 * `npm run pretrain`: trains and saves the source model(s) the notebooks fine-tune, under models/.
 * Always retrains (the notebooks reuse a saved model with the same recipe instead).
 */
import { setup, progress } from '../src/lib';
import { pretrainSourceModel, SOURCE_RECIPE } from '../src/experiments/17-fine-tuning/source-model';
import { pretrainLanguageModel, LM_RECIPE } from '../src/experiments/20-language-model-transfer/pretrained-lm';

async function main(): Promise<void> {
  await setup({ seed: SOURCE_RECIPE.seed });
  const info = await pretrainSourceModel({ callbacks: [progress({ title: SOURCE_RECIPE.name })] });
  console.log(
    `\nSaved ${SOURCE_RECIPE.name} to ${info.path}: ${info.trainSeconds.toFixed(1)} s of training, test accuracy on digits 0-4 ${(info.testAccuracy * 100).toFixed(2)}%`,
  );
  console.log(
    JSON.stringify({
      model: SOURCE_RECIPE.name,
      path: info.path,
      trainSeconds: +info.trainSeconds.toFixed(1),
      testAccuracy: +info.testAccuracy.toFixed(4),
    }),
  );
  info.model.dispose();

  // Notebook 20's language model: State of the Union passages, seeded (same weights every run).
  const lm = await pretrainLanguageModel({ callbacks: [progress({ title: LM_RECIPE.name })] });
  console.log(
    `\nSaved ${LM_RECIPE.name} to ${lm.path}: ${lm.trainSeconds.toFixed(1)} s of training on ${lm.tokens} tokens, held-out perplexity ${lm.perplexity.toFixed(1)} (vocabulary ${lm.vocab.size})`,
  );
  console.log(
    JSON.stringify({
      model: LM_RECIPE.name,
      path: lm.path,
      trainSeconds: +lm.trainSeconds.toFixed(1),
      tokens: lm.tokens,
      perplexity: +lm.perplexity.toFixed(1),
    }),
  );
  lm.model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
