#!/usr/bin/env bash
# The whole test suite: what `npm test` and CI run. Installs what the live tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-deps.sh
[ -d node_modules ] || npm ci
npm run build
npm run typecheck
npm run lint
npx vitest run "$@"
