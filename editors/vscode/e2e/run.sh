#!/usr/bin/env bash
# VS Code end-to-end test: packages the extension, installs code-server (offline-capable)
# and playwright-core, then runs run.mjs in headless Chromium. `make e2e-vscode` calls this.
# Needs Debian packages chromium, libkrb5-dev and ripgrep (installed here if missing, as root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

# @vscode/ripgrep downloads its binary at install time; give it Debian's rg from its cache.
tmp=$(node -e "console.log(require('os').tmpdir())")
for v in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14 1.17.0 1.17.1 1.18.0; do
  d="$tmp/vscode-ripgrep-cache-$v"; mkdir -p "$d"
  for rv in v13.0.0-10 v13.0.0-13 v13.0.0-4 v14.1.1-1 v15.0.0-1; do
    f="$d/ripgrep-$rv-x86_64-unknown-linux-musl.tar.gz"
    [ -f "$f" ] || (cd "$(dirname "$(command -v rg)")" && tar czf "$f" rg)
  done
done

(cd "$root/editors/vscode" && npm install --no-audit --no-fund --silent && PYTHON="$python" npm run --silent package)
# the private server environment's failure messages, with real processes
(cd "$root/editors/vscode" && node --test test/)
(cd "$here" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --silent)
export E2E_SCREENSHOTS=${E2E_SCREENSHOTS:-$root/artifacts/vscode-e2e}
node "$here/run.mjs" "$root/editors/vscode/factlint.vsix" "$python" "$root/examples/corpus" "$@"
