// factlint for VS Code: starts `factlint serve` and talks LSP to it.
'use strict';

const vscode = require('vscode');
const cp = require('child_process');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;
let output;

/** The Python interpreter to run factlint with, or null for `factlint` on PATH. */
async function resolveInterpreter() {
  const configured = vscode.workspace.getConfiguration('factlint').get('interpreter');
  if (configured) return configured;
  const python = vscode.extensions.getExtension('ms-python.python');
  if (python) {
    try {
      const api = python.isActive ? python.exports : await python.activate();
      const env = api.environments && api.environments.getActiveEnvironmentPath();
      if (env && env.path) return env.path;
      const details = api.settings && api.settings.getExecutionDetails && api.settings.getExecutionDetails();
      if (details && details.execCommand && details.execCommand[0]) return details.execCommand[0];
    } catch (e) {
      output.appendLine(`factlint: could not ask the Python extension for an interpreter: ${e}`);
    }
  }
  return null;
}

function hasFactlint(command, args) {
  return new Promise((resolve) => {
    cp.execFile(command, args, { timeout: 20000 }, (error) => resolve(!error));
  });
}

function settings() {
  const c = vscode.workspace.getConfiguration('factlint');
  const out = {};
  for (const key of ['corpus', 'rules', 'disable', 'severity']) {
    const v = c.get(key);
    if (v && (Array.isArray(v) ? v.length : Object.keys(v).length)) out[key] = v;
  }
  return out;
}

async function start(context) {
  const python = await resolveInterpreter();
  const command = python || 'factlint';
  const args = python ? ['-m', 'factlint', 'serve'] : ['serve'];
  const probe = python ? ['-m', 'factlint', '--version'] : ['--version'];
  if (!(await hasFactlint(command, probe))) {
    const pip = python ? `"${python}" -m pip install factlint` : 'python3 -m pip install factlint';
    const msg = python
      ? `factlint is not installed in ${python}. Install it with: ${pip}`
      : `factlint was not found on PATH. Install it with: ${pip} (or set "factlint.interpreter").`;
    output.appendLine(msg);
    vscode.window.showErrorMessage(msg, 'Copy command').then((choice) => {
      if (choice === 'Copy command') vscode.env.clipboard.writeText(pip);
    });
    return;
  }
  output.appendLine(`factlint: starting ${command} ${args.join(' ')}`);
  const serverOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    outputChannel: output,
    initializationOptions: { settings: settings() },
    synchronize: { configurationSection: 'factlint' },
  };
  client = new LanguageClient('factlint', 'factlint', serverOptions, clientOptions);
  await client.start();
}

async function stop() {
  if (client) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}

async function activate(context) {
  output = vscode.window.createOutputChannel('factlint');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('factlint.restart', async () => { await stop(); await start(context); }),
    // factlint.reindex and factlint.checkWorkspace are the server's own commands: the language
    // client registers them (from executeCommandProvider) once the server is up.
    vscode.commands.registerCommand('factlint.showLog', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('factlint.interpreter')) { await stop(); await start(context); }
    }),
  );
  await start(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
