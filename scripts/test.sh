#!/usr/bin/env bash
# The whole test suite: what `npm test` and CI run. Installs what the live tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-deps.sh
[ -d node_modules ] || npm ci
npm run build
npm run typecheck
npm run lint
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
# One plain closing line, the same for every runner: "N passed, N failed, N skipped".
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-artifacts/vitest.json", "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"
