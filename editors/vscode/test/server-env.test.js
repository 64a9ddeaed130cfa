// The private server environment's failures, with real processes (node --test; run by
// e2e/run.sh before code-server): each names its cause and the command to run by hand.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const serverEnv = require('../server-env');

const wheel = path.join(__dirname, '..', 'server', `factlint-${require('../package.json').version}-py3-none-any.whl`);

function withEnv(vars, fn) {
  const saved = {};
  for (const k of Object.keys(vars)) { saved[k] = process.env[k]; process.env[k] = vars[k]; }
  return fn().finally(() => {
    for (const k of Object.keys(vars)) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  });
}

test('no Python 3.11+ on PATH: says so, and how to install one', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factlint-env-'));
  await withEnv({ PATH: dir }, async () => {
    await assert.rejects(serverEnv.install(path.join(dir, 'env'), wheel), (e) => {
      assert.match(e.cause, /no Python 3\.11 or newer/);
      assert.match(e.command, /install Python 3\.11\+.*-m venv .* -m pip install --upgrade .*factlint-/);
      return true;
    });
  });
});

test('no network to the package index: says so, with the exact pip command', { timeout: 180000 }, async () => {
  assert.ok(fs.existsSync(wheel), `${wheel}: run "npm run package" first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factlint-env-'));
  const envDir = path.join(dir, 'env');
  const seen = [];
  // an index nobody listens on, no retries, no cache: pip cannot fetch spaCy
  await withEnv({ PIP_INDEX_URL: 'http://127.0.0.1:9/simple', PIP_RETRIES: '0', PIP_TIMEOUT: '2', PIP_NO_CACHE_DIR: '1',
    PIP_FIND_LINKS: '', PIP_NO_INDEX: '' }, async () => {
    await assert.rejects(serverEnv.install(envDir, wheel, (m) => seen.push(m)), (e) => {
      assert.match(e.cause, /no network to the package index/);
      assert.ok(e.command.includes(`-m pip install --upgrade ${wheel}`), e.command);
      assert.ok(e.command.includes(`-m venv ${envDir}`), e.command);
      return true;
    });
  });
  assert.ok(seen.some((m) => /creating a virtual environment/.test(m)), seen.join('\n'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a .vsix without its wheel: says so', async () => {
  await assert.rejects(serverEnv.install(path.join(os.tmpdir(), 'never'), '/nonexistent/factlint.whl'),
    (e) => /carries no factlint wheel/.test(e.cause));
});

test('compatible versions are the same major and minor', () => {
  assert.ok(serverEnv.compatible('0.1.3', '0.1.0'));
  assert.ok(!serverEnv.compatible('0.2.0', '0.1.0'));
  assert.ok(!serverEnv.compatible(null, '0.1.0'));
});

test('pip errors in a user\'s words', () => {
  assert.match(serverEnv.pipCause('OSError: [Errno 28] No space left on device'), /disk is full/);
  assert.match(serverEnv.pipCause('ERROR: something odd\nERROR: the last line\n'), /pip failed: ERROR: the last line/);
});

test('version handshake: a differing server version is a warning with its fix', () => {
  const server = { source: 'factlint on PATH', fix: 'python3 -m pip install --upgrade factlint==0.1.0' };
  assert.strictEqual(serverEnv.versionWarning('0.1.0', '0.1.0', server), null);
  assert.strictEqual(serverEnv.versionWarning(undefined, '0.1.0', server), null);
  const msg = serverEnv.versionWarning('0.1.2', '0.1.0', server);
  assert.match(msg, /factlint on PATH\) is version 0\.1\.2, this extension 0\.1\.0/);
  assert.match(msg, /To fix it: python3 -m pip install --upgrade factlint==0\.1\.0/);
});
