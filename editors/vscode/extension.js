// factlint for VS Code: finds (or installs) a factlint server, starts `factlint serve` and
// talks LSP to it. Which server, in order: the `factlint.interpreter` setting; the Python
// extension's active environment; `factlint` on PATH; the extension's private environment
// (server-env.js), which it offers to create from the wheel the .vsix carries.
'use strict';

const vscode = require('vscode');
const path = require('path');
const fs = require('fs');
const { LanguageClient, TransportKind, State } = require('vscode-languageclient/node');
const serverEnv = require('./server-env');

let client;
let output;
let statusItem;
let starting; // the start in progress, so that two triggers do not start two servers

function log(line) {
  output.appendLine(`factlint: ${line}`);
}

// ---------------------------------------------------------------- status bar

const ICONS = { loading: '$(sync~spin)', indexing: '$(sync~spin)', installing: '$(cloud-download)',
  ready: '$(check)', error: '$(error)', missing: '$(warning)', stopped: '$(circle-slash)' };

/** The status bar item: what the server is doing (from factlint/status), a click opens the log. */
function showStatus(state, message, done, total) {
  const counts = state === 'indexing' && total ? ` ${done}/${total}` : '';
  statusItem.text = `${ICONS[state] || ''} factlint${state === 'ready' ? '' : `: ${state}${counts}`}`;
  // no server yet: a click installs it (the offer's toast may have gone by); else the log
  statusItem.command = state === 'missing' ? 'factlint.installServer' : 'factlint.showLog';
  statusItem.tooltip = `factlint: ${message || state} (click ${state === 'missing' ? 'to install the server' : 'for the log'})`;
  statusItem.backgroundColor = state === 'error' || state === 'missing'
    ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  statusItem.show();
}

// ---------------------------------------------------------------- which server

/** The Python extension's active interpreter, or null. */
async function pythonExtensionInterpreter() {
  const python = vscode.extensions.getExtension('ms-python.python');
  if (!python) return null;
  try {
    const api = python.isActive ? python.exports : await python.activate();
    const env = api.environments && api.environments.getActiveEnvironmentPath();
    if (env && env.path) return env.path;
    const details = api.settings && api.settings.getExecutionDetails && api.settings.getExecutionDetails();
    if (details && details.execCommand && details.execCommand[0]) return details.execCommand[0];
  } catch (e) {
    log(`could not ask the Python extension for an interpreter: ${e}`);
  }
  return null;
}

function privateEnv(context) {
  return path.join(context.globalStorageUri.fsPath, 'server-env');
}

function bundledWheel(context) {
  const version = context.extension.packageJSON.version;
  return path.join(context.extensionPath, 'server', `factlint-${version}-py3-none-any.whl`);
}

/** {command, args, version, source, fix} of the server to run, or null when there is none
 * yet (the user has been offered the private environment, or told what to install). */
async function findServer(context) {
  const wanted = context.extension.packageJSON.version;
  const configured = vscode.workspace.getConfiguration('factlint').get('interpreter');
  if (configured) { // the setting wins, compatible or not: the handshake warns when versions differ
    const version = await serverEnv.factlintVersion(configured, ['-m', 'factlint']);
    if (version) {
      return { command: configured, args: ['-m', 'factlint', 'serve'], version, source: `factlint.interpreter (${configured})`,
        fix: `"${configured}" -m pip install --upgrade factlint==${wanted}, or clear "factlint.interpreter" to use the extension's own server` };
    }
    const pip = `"${configured}" -m pip install factlint`;
    const msg = `factlint is not installed in ${configured} (the "factlint.interpreter" setting). Install it with: ${pip}, or clear the setting to use the extension's own server.`;
    log(msg);
    showStatus('error', msg); // (not 'missing': a click would install a server the setting then overrides)
    vscode.window.showErrorMessage(msg, 'Copy command').then((c) => c && vscode.env.clipboard.writeText(pip));
    return null;
  }
  const python = await pythonExtensionInterpreter();
  if (python) {
    const version = await serverEnv.factlintVersion(python, ['-m', 'factlint']);
    if (serverEnv.compatible(version, wanted)) {
      return { command: python, args: ['-m', 'factlint', 'serve'], version, source: `the selected Python environment (${python})`,
        fix: `"${python}" -m pip install --upgrade factlint==${wanted}` };
    }
    log(`the selected Python environment (${python}) has ${version ? `factlint ${version}, not ${wanted}` : 'no factlint'}`);
  }
  const onPath = await serverEnv.factlintVersion('factlint', []);
  if (serverEnv.compatible(onPath, wanted)) {
    return { command: 'factlint', args: ['serve'], version: onPath, source: 'factlint on PATH',
      fix: `python3 -m pip install --upgrade factlint==${wanted} where that factlint lives` };
  }
  if (onPath) log(`factlint on PATH is version ${onPath}, not compatible with ${wanted}`);
  return privateServer(context, wanted);
}

/** The private environment's server: used when current, upgraded when older, offered when absent. */
async function privateServer(context, wanted) {
  const envDir = privateEnv(context);
  const python = serverEnv.envPython(envDir);
  const fix = 'run "factlint: Install the server" from the command palette';
  const have = fs.existsSync(python) ? await serverEnv.factlintVersion(python, ['-m', 'factlint']) : null;
  if (have === wanted) {
    return { command: python, args: ['-m', 'factlint', 'serve'], version: have, source: `the extension's environment (${envDir})`, fix };
  }
  if (!have) {
    // one notification, one click
    showStatus('missing', 'no factlint server found; the extension offers to install its own');
    const choice = await vscode.window.showInformationMessage(
      'factlint needs its language server. Install it in a private environment of this extension? '
      + '(Downloads spaCy and its English pipeline from PyPI, about 400 MB; needs Python 3.11 or newer.)',
      'Install', 'Not now');
    if (choice !== 'Install') {
      log('the server is not installed; run "factlint: Install the server" when you want it');
      showStatus('missing', 'no factlint server: run "factlint: Install the server", or set "factlint.interpreter"');
      return null;
    }
  } else if (have) {
    log(`the extension's environment has factlint ${have}; upgrading it to ${wanted}`);
  }
  const installed = await installWithProgress(context, envDir, have ? `upgrading the server to ${wanted}` : 'installing the server');
  if (!installed) return null;
  const version = await serverEnv.factlintVersion(installed, ['-m', 'factlint']);
  return { command: installed, args: ['-m', 'factlint', 'serve'], version, source: `the extension's environment (${envDir})`, fix };
}

async function installWithProgress(context, envDir, title) {
  const wheel = bundledWheel(context);
  showStatus('installing', title);
  log(`${title}: ${wheel} into ${envDir}`);
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `factlint: ${title}`, cancellable: false },
      (progress) => serverEnv.install(envDir, wheel, (message) => {
        log(message);
        progress.report({ message });
      }),
    );
  } catch (e) {
    const cause = e.cause || String(e);
    const command = e.command || '';
    const msg = `factlint: could not install the server: ${cause}.${command ? ` To do it by hand: ${command}` : ''}`;
    log(msg);
    showStatus('error', msg);
    vscode.window.showErrorMessage(msg, ...(command ? ['Copy command'] : []), 'Show log').then((c) => {
      if (c === 'Copy command') vscode.env.clipboard.writeText(command);
      if (c === 'Show log') output.show(true);
    });
    return null;
  }
}

// ---------------------------------------------------------------- the client

function settings() {
  const c = vscode.workspace.getConfiguration('factlint');
  const out = {};
  for (const key of ['corpus', 'rules', 'disable', 'severity', 'index']) {
    const v = c.get(key);
    if (typeof v === 'string' ? v : v && (Array.isArray(v) ? v.length : Object.keys(v).length)) out[key] = v;
  }
  return out;
}

/** Warn once per server version when the server is not the extension's version. */
function handshake(context, server) {
  const info = client && client.initializeResult && client.initializeResult.serverInfo;
  const msg = serverEnv.versionWarning(info && info.version, context.extension.packageJSON.version, server);
  if (!msg) return;
  const key = `factlint.versionWarned:${server.command}:${info.version}`;
  if (context.globalState.get(key)) return;
  context.globalState.update(key, true);
  log(msg);
  vscode.window.showWarningMessage(msg);
}

async function start(context) {
  showStatus('loading', 'looking for the factlint server');
  const server = await findServer(context);
  if (!server) return;
  log(`starting ${server.command} ${server.args.join(' ')} (factlint ${server.version}, from ${server.source})`);
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
  client = new LanguageClient('factlint', 'factlint',
    { command: server.command, args: server.args, transport: TransportKind.stdio }, clientOptions);
  client.onNotification('factlint/status', (p) => showStatus(p.state, p.message, p.done, p.total));
  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped && client) showStatus('error', 'the server stopped; see the log');
  });
  showStatus('loading', `starting factlint ${server.version}`);
  try {
    await client.start();
  } catch (e) {
    showStatus('error', `the server did not start: ${e}`);
    log(`the server did not start: ${e}`);
    return;
  }
  handshake(context, server);
}

async function stop() {
  if (client) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}

async function restart(context, before = async () => {}) {
  if (starting) await starting;
  starting = (async () => { await stop(); await before(); await start(context); })();
  try { await starting; } finally { starting = undefined; }
}

async function activate(context) {
  output = vscode.window.createOutputChannel('factlint');
  statusItem = vscode.window.createStatusBarItem('factlint.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'factlint';
  statusItem.command = 'factlint.showLog';
  context.subscriptions.push(output, statusItem);
  context.subscriptions.push(
    vscode.commands.registerCommand('factlint.restart', () => restart(context)),
    // (re)install the private environment, then start whichever server the settings say
    vscode.commands.registerCommand('factlint.installServer', () => restart(context,
      () => installWithProgress(context, privateEnv(context), 'installing the server'))),
    // factlint.reindex and factlint.checkWorkspace are the server's own commands: the language
    // client registers them (from executeCommandProvider) once the server is up.
    vscode.commands.registerCommand('factlint.showLog', () => output.show(true)),
    // A corpus article of a shared index that is not on this machine: go-to-definition and the
    // related information point at factlint-corpus:<path>, read-only, its text from the server.
    vscode.workspace.registerTextDocumentContentProvider('factlint-corpus', {
      async provideTextDocumentContent(uri) {
        if (!client) return `factlint is not running: cannot show ${uri.toString()}`;
        const got = await client.sendRequest('factlint/articleText', { uri: uri.toString(true) });
        return got.text;
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('factlint.interpreter')) restart(context);
    }),
  );
  // not awaited: activation must not wait for the user to answer the install offer
  restart(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
