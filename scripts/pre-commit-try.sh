#!/usr/bin/env bash
# Runs this repository's pre-commit hook with `pre-commit try-repo` on a scratch git
# repository holding a draft with a known conflicting figure and a factlint.toml that
# points at examples/corpus. Passes when the hook runs, fails the commit check (exit 1)
# and prints the figure finding. Usage: scripts/pre-commit-try.sh [path-to-pre-commit]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pre_commit=${1:-$here/.venv/bin/pre-commit}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
git init -q .
git config user.email ci@example.invalid
git config user.name ci
printf 'corpus = ["%s/examples/corpus"]\n' "$here" > factlint.toml
printf '# Night\n\nRussia launched a record 154 drones at Ukraine overnight, Zelensky said.\n' > draft.md
git add factlint.toml draft.md
set +e
PRE_COMMIT_HOME="$scratch/.cache" "$pre_commit" try-repo "$here" factlint --files draft.md > out.txt 2>&1
status=$?
set -e
cat out.txt
if [ "$status" -ne 1 ] || ! grep -q "figure/conflict" out.txt; then
  echo "pre-commit try-repo: expected the hook to fail with a figure/conflict finding (exit $status)" >&2
  exit 1
fi
echo "pre-commit try-repo: OK"
