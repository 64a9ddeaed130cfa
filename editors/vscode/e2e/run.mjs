// End-to-end test of the packaged VS Code extension in a real VS Code (code-server),
// driven in headless Chromium by playwright-core: open a draft, see factlint's warning in
// the Problems panel, apply the quick fix, save, and check the file holds the corpus figure.
// Two machine states: "configured" (factlint.interpreter names a Python with factlint), and
// "zero-setup" (no setting, no factlint on PATH, no Python extension): the extension offers
// to install its own server from the wheel the .vsix carries, the test clicks Install once.
//
// Usage: node run.mjs <factlint.vsix> <python with factlint> <examples/corpus> [scenario...]
// (see run.sh). Screenshots go to $E2E_SCREENSHOTS (run.sh: artifacts/vscode-e2e).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

const [vsix, python, corpus, ...only] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const codeServer = path.join(here, 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.E2E_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'factlint-shots-'));
fs.mkdirSync(shots, { recursive: true });

function log(...a) { console.log('[e2e]', ...a); }

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/** PATH without the folders that hold a `factlint` program: a machine that never installed it. */
function pathWithoutFactlint() {
  return (process.env.PATH || '').split(path.delimiter)
    .filter((d) => d && !fs.existsSync(path.join(d, 'factlint'))).join(path.delimiter);
}

/** Quick Open (`keys`: Control+P) or the command palette (Control+Shift+P): type `text`, wait
 * until a row with `row` is listed (the workbench may still be indexing), accept it. */
async function quickInput(page, keys, text, row) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(keys);
  await page.waitForSelector('.quick-input-widget input', { timeout: 30000 });
  await page.keyboard.type(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
}

/** One run of code-server with a fresh profile; resolves to true when the fix landed. */
async function scenario(name) {
  const zeroSetup = name === 'zero-setup';
  log(`--- ${name}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `factlint-vscode-${name}-`));
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  const workspace = path.join(tmp, 'desk');
  const shot = (file) => path.join(shots, `${name}-${file}`);
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'factlint.toml'),
    `corpus = ["${path.resolve(corpus)}"]\ncache-dir = ".cache"\n`);
  const draft = path.join(workspace, 'draft.md');
  fs.writeFileSync(draft, '# Night of drones\n\nRussia launched a record 154 drones at Ukraine overnight, President Volodymyr Zelensky said.\n');
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    ...(zeroSetup ? {} : { 'factlint.interpreter': python }),
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.tips.enabled': false,
    'update.mode': 'none',
    'files.autoSave': 'off',
  }, null, 2));

  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  log('installing', vsix);
  execFileSync(codeServer, [...common, '--install-extension', path.resolve(vsix)], { stdio: 'inherit' });

  const port = await freePort();
  const server = spawn(codeServer, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    workspace], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VSCODE_PROXY_URI: '', ...(zeroSetup ? { PATH: pathWithoutFactlint(), VIRTUAL_ENV: '' } : {}) },
  });
  server.stdout.on('data', (d) => process.env.E2E_VERBOSE && process.stdout.write(d));
  server.stderr.on('data', (d) => process.env.E2E_VERBOSE && process.stderr.write(d));

  let browser;
  let ok = false;
  try {
    for (let i = 0; i < 120; i++) {
      try { const r = await fetch(`http://127.0.0.1:${port}/healthz`); if (r.ok) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await chromium.launch({
      executablePath: chromiumPath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
    log('workbench up');
    await page.waitForTimeout(3000);

    // open the draft with Quick Open. On a loaded machine the workbench can take a while to
    // index the folder, so wait for the draft to be listed before accepting it, and try again
    // (Escape, Quick Open anew) if the editor does not appear: CI once failed here with a 1 s wait.
    let opened = false;
    for (let attempt = 1; attempt <= 4 && !opened; attempt++) {
      try {
        await quickInput(page, 'Control+P', 'draft.md', 'draft.md');
        await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
        opened = true;
      } catch (e) {
        log(`opening the draft, attempt ${attempt}: ${e.message.split('\n')[0]}`);
      }
    }
    if (!opened) throw new Error('the draft never opened in an editor');
    log('draft open');

    if (zeroSetup) {
      // nothing to run: the extension offers its own server; one click installs it
      // (a toast can be hidden into the notification center before it is seen: CI once timed out
      // here with the status item already saying "missing"; then open the center and click there)
      const install = page.locator('.notification-toast .monaco-button, .notifications-center .monaco-button',
        { hasText: /^Install$/ });
      try {
        await install.first().waitFor({ timeout: 60000 });
      } catch {
        log('no install toast in sight: opening the notification center');
        await quickInput(page, 'Control+Shift+P', 'Notifications: Show Notifications', 'Show Notifications');
        await install.first().waitFor({ timeout: 60000 });
      }
      await page.screenshot({ path: shot('offer.png') });
      log('install offered');
      await install.first().click();
      const t0 = Date.now();
      await page.locator('.notification-toast, .notifications-center .notification-list-item',
        { hasText: 'installing the server' }).first().waitFor({ timeout: 60000 });
      log('installing (progress notification shown)');
      await page.screenshot({ path: shot('installing.png') });
      // pip installs the bundled wheel and its dependencies; then the server starts
      await page.locator('.statusbar-item', { hasText: /factlint/ }).filter({ hasNotText: /installing/ }).first()
        .waitFor({ timeout: 900000 });
      log(`installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }

    // the Problems panel shows factlint's warning (the server loads spaCy and indexes first)
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'The corpus has 145' });
    await problem.first().waitFor({ timeout: 300000 });
    log('problem shown:', (await problem.first().innerText()).replace(/\s+/g, ' ').slice(0, 160));
    // the status bar item says the server is ready (factlint/status), with the corpus size
    const status = page.locator('.statusbar-item', { hasText: /factlint/ }).first();
    for (let i = 0; i < 120 && /loading|indexing|installing/.test(await status.innerText()); i++) await page.waitForTimeout(500);
    const label = (await status.getAttribute('aria-label')) || (await status.innerText());
    log('status bar:', label.replace(/\s+/g, ' '));
    if (/error|missing|loading|indexing/.test(label)) throw new Error(`status bar item says ${label}`);
    await page.screenshot({ path: shot('problems.png') });

    // jump to it and apply the quick fix (the preferred one: replace the figure)
    await problem.first().click();
    await problem.first().dblclick();
    await page.waitForTimeout(1000);
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Replace with 145' });
    await action.first().waitFor({ timeout: 30000 });
    await page.screenshot({ path: shot('quickfix.png') });
    // the preferred fix is focused first in the menu: accept it with the keyboard, as a writer would
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    await page.keyboard.press('Control+S');
    for (let i = 0; i < 40 && !fs.readFileSync(draft, 'utf8').includes('record 145 drones'); i++) {
      await page.waitForTimeout(250);
    }
    const text = fs.readFileSync(draft, 'utf8');
    ok = text.includes('a record 145 drones at Ukraine');
    log(ok ? 'PASS: the file holds the corpus figure' : `FAIL: file is now: ${JSON.stringify(text)}`);
    if (!ok) await page.screenshot({ path: shot('failure.png') });
  } catch (e) {
    log('FAIL:', e.message);
    try { const pages = browser && browser.contexts()[0]?.pages(); if (pages && pages[0]) await pages[0].screenshot({ path: shot('failure.png') }); } catch { /* ignore */ }
  } finally {
    if (browser) await browser.close();
    server.kill('SIGTERM');
  }
  return ok;
}

const scenarios = only.length ? only : ['configured', 'zero-setup'];
const failed = [];
for (const name of scenarios) {
  if (!(await scenario(name))) failed.push(name);
}
log(`screenshots in ${shots}`);
log(failed.length ? `FAIL: ${failed.join(', ')}` : `PASS: ${scenarios.join(', ')}`);
process.exit(failed.length ? 1 : 0);
