/**
 * Every export of every library entry point in package.json, merged into one object, for the
 * registry's baseline calls (they need helpers from several subpaths).
 */
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = require(path.join(root, 'package.json')) as { exports: Record<string, string> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const W: any = Object.assign(
  {},
  ...Object.values(pkg.exports)
    .filter((f) => f.endsWith('.js') && !f.includes('*'))
    .map((f) => require(path.join(root, f))),
);
