// The private server environment: a virtual environment in the extension's global storage,
// holding the factlint wheel that the .vsix carries (built by `npm run package` from the same
// checkout, same version as the extension) and its dependencies from the package index.
// No `vscode` here: extension.js decides when to use it and shows what happens.
'use strict';

const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const IS_WINDOWS = process.platform === 'win32';
const MIN_PYTHON = [3, 11];
// Interpreters tried, in order, to create the environment (the newest first).
const BASE_PYTHONS = IS_WINDOWS
  ? [['py', '-3.13'], ['py', '-3.12'], ['py', '-3.11'], ['python']]
  : [['python3.13'], ['python3.12'], ['python3.11'], ['python3'], ['python']];

class InstallError extends Error {
  /** `cause`: what went wrong, in a user's words; `command`: what to run by hand instead. */
  constructor(cause, command) {
    super(cause);
    this.cause = cause;
    this.command = command;
  }
}

/** Runs a program; resolves to {code, stdout, stderr}, calling onLine for each output line. */
function run(command, args, { onLine, timeout = 0 } = {}) {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let child;
    try {
      child = cp.spawn(command, args, { windowsHide: true, timeout });
    } catch (e) {
      resolve({ code: -1, stdout, stderr: String(e) });
      return;
    }
    let partial = '';
    const feed = (chunk, isErr) => {
      const text = chunk.toString();
      if (isErr) stderr += text; else stdout += text;
      if (!onLine) return;
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop();
      for (const line of lines) if (line.trim()) onLine(line.trim());
    };
    child.stdout.on('data', (d) => feed(d, false));
    child.stderr.on('data', (d) => feed(d, true));
    child.on('error', (e) => resolve({ code: -1, stdout, stderr: stderr + String(e) }));
    child.on('close', (code) => resolve({ code: code === null ? -1 : code, stdout, stderr }));
  });
}

/** The factlint version `command args --version` prints, or null when it does not run. */
async function factlintVersion(command, args) {
  const r = await run(command, [...args, '--version'], { timeout: 30000 });
  const m = r.code === 0 && /factlint\s+(\S+)/.exec(r.stdout + r.stderr);
  return m ? m[1] : null;
}

/** Same major and minor version: the protocol and settings this extension expects. */
function compatible(found, wanted) {
  if (!found) return false;
  const a = found.split('.');
  const b = wanted.split('.');
  return a[0] === b[0] && a[1] === b[1];
}

function envPython(envDir) {
  return IS_WINDOWS ? path.join(envDir, 'Scripts', 'python.exe') : path.join(envDir, 'bin', 'python');
}

function quote(s) {
  return /[\s"'$]/.test(s) ? `"${s}"` : s;
}

/** The first Python 3.11+ on PATH that can make virtual environments: {argv, version}, or null. */
async function findBasePython() {
  const probe = 'import sys, venv; print("%d.%d" % sys.version_info[:2])';
  for (const argv of BASE_PYTHONS) {
    const r = await run(argv[0], [...argv.slice(1), '-c', probe], { timeout: 20000 });
    const m = r.code === 0 && /^(\d+)\.(\d+)/.exec(r.stdout.trim());
    if (!m) continue;
    const version = [Number(m[1]), Number(m[2])];
    if (version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1])) {
      return { argv, version: version.join('.') };
    }
  }
  return null;
}

/** What a failed pip run means, in a user's words. */
function pipCause(stderr) {
  if (/Failed to establish a new connection|Temporary failure in name resolution|Network is unreachable|Max retries exceeded|ConnectTimeout|ReadTimeout|No matching distribution found|Could not find a version that satisfies/.test(stderr)) {
    return 'pip could not download factlint\'s dependencies: no network to the package index (PyPI), or it does not have them';
  }
  if (/No space left on device/.test(stderr)) return 'the disk is full';
  if (/Permission denied/.test(stderr)) return 'permission denied writing the environment';
  const last = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).pop();
  return `pip failed${last ? `: ${last}` : ''}`;
}

/** The command a user can run by hand to do what `install` does. */
function manualCommand(base, envDir, wheel) {
  const py = base ? base.argv.map(quote).join(' ') : 'python3';
  return `${py} -m venv ${quote(envDir)} && ${quote(envPython(envDir))} -m pip install --upgrade ${quote(wheel)}`;
}

/**
 * Creates (or repairs, or upgrades) the environment in `envDir` and installs `wheel` into it.
 * `onProgress(message)` is called as it goes. Resolves to the environment's python; rejects
 * with an InstallError that names the cause and the command to run by hand.
 */
async function install(envDir, wheel, onProgress = () => {}) {
  if (!fs.existsSync(wheel)) {
    throw new InstallError(`this extension carries no factlint wheel (${wheel} is missing; build the .vsix with "npm run package")`,
      'python3 -m pip install factlint, then set "factlint.interpreter"');
  }
  onProgress('looking for Python 3.11 or newer');
  const base = await findBasePython();
  if (!base) {
    throw new InstallError('no Python 3.11 or newer with the venv module was found on PATH',
      `install Python 3.11+ (python.org, or your system's packages, e.g. "apt install python3 python3-venv"), then: ${manualCommand(null, envDir, wheel)}`);
  }
  const python = envPython(envDir);
  if (fs.existsSync(python) && (await run(python, ['-m', 'pip', '--version'], { timeout: 30000 })).code !== 0) {
    fs.rmSync(envDir, { recursive: true, force: true }); // a broken environment is made anew
  }
  if (!fs.existsSync(python)) {
    onProgress(`creating a virtual environment with Python ${base.version}`);
    const r = await run(base.argv[0], [...base.argv.slice(1), '-m', 'venv', envDir]);
    if (r.code !== 0) {
      const cause = /ensurepip/.test(r.stderr + r.stdout)
        ? `Python ${base.version} cannot create virtual environments here (ensurepip is missing; on Debian or Ubuntu install python3-venv)`
        : `"python -m venv" failed: ${(r.stderr || r.stdout).trim().split(/\r?\n/).pop()}`;
      throw new InstallError(cause, manualCommand(base, envDir, wheel));
    }
  }
  onProgress('installing factlint and its dependencies (spaCy and its English pipeline: a few minutes the first time)');
  const r = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--upgrade', wheel], {
    onLine: (line) => {
      const m = /^(Collecting|Downloading|Installing collected packages|Successfully installed)\s*(.*)$/.exec(line);
      if (m) onProgress(`${m[1]} ${m[2]}`.slice(0, 120));
    },
  });
  if (r.code !== 0) throw new InstallError(pipCause(r.stderr), manualCommand(base, envDir, wheel));
  return python;
}

/** The warning for a server (`{source, fix}`) whose initialize reported `version`, when it is not
 * the extension's `wanted` version; null when they agree or the server did not say. */
function versionWarning(version, wanted, server) {
  if (!version || version === wanted) return null;
  return `factlint: the server (${server.source}) is version ${version}, this extension ${wanted}; `
    + `findings and settings may not match. To fix it: ${server.fix}.`;
}

module.exports = { install, factlintVersion, compatible, envPython, pipCause, versionWarning };
