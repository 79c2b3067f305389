/**
 * The first call of every notebook: picks the backend, seeds randomness and says what it chose.
 * @example import { setup } from 'tfjs-workbook'; await setup({ seed: 1 });
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_ORDER, BackendChoice, BackendName, describeBackend, selectBackend } from './backend/select';
import { seedEverything } from './random';
import { checkOneOf } from './errors';
import { checkOptions } from './validate';
import { OptionsOf, defineOptions } from './define-options';

const SETUP_OPTIONS = defineOptions('setup', {
  seed: undefined as number | undefined,
  backend: undefined as BackendName | undefined,
  /** Print the backend line (default true). */
  quiet: undefined as boolean | undefined,
});

export type SetupOptions = OptionsOf<typeof SETUP_OPTIONS>;

export async function setup(options: SetupOptions = {}): Promise<BackendChoice> {
  options = SETUP_OPTIONS.read(options);
  if (options.backend !== undefined) checkOneOf('setup', 'backend', options.backend, BACKEND_ORDER);
  const choice = await selectBackend({ force: options.backend });
  seedEverything(options.seed ?? 42);
  if (!options.quiet) console.log(`${describeBackend(choice)} · TF.js ${tf.version.tfjs} · seed ${options.seed ?? 42}`);
  return choice;
}
