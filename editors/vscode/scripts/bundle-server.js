// `npm run package` step: builds the factlint wheel from this checkout into server/, for the
// .vsix to carry (the extension installs it into its private environment). The wheel must be
// the extension's own version. Python: $PYTHON, else python3.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const here = path.resolve(__dirname, '..');
const root = path.resolve(here, '..', '..');
const out = path.join(here, 'server');
const python = process.env.PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
const version = require(path.join(here, 'package.json')).version;

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out);
execFileSync(python, ['-m', 'pip', 'wheel', '--quiet', '--disable-pip-version-check', '--no-deps', '--wheel-dir', out, root],
  { stdio: 'inherit' });
const wheels = fs.readdirSync(out).filter((f) => f.endsWith('.whl'));
const wanted = `factlint-${version}-py3-none-any.whl`;
if (wheels.length !== 1 || wheels[0] !== wanted) {
  console.error(`bundle-server: expected ${wanted} (the extension's version), built ${wheels.join(', ') || 'nothing'}; `
    + 'keep editors/vscode/package.json and pyproject.toml at one version');
  process.exit(1);
}
console.log(`bundle-server: server/${wanted}`);
