// Lets notebooks and user code `import ... from 'tfjs-workbook'` inside this checkout, exactly as
// they would after `npm install tfjs-workbook`: node_modules/tfjs-workbook -> the project root.
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const name = require(path.join(root, 'package.json')).name;
const link = path.join(root, 'node_modules', name);
try {
  const st = fs.lstatSync(link);
  if (st.isSymbolicLink() && fs.realpathSync(link) === fs.realpathSync(root)) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root) || '.', link, 'dir');
