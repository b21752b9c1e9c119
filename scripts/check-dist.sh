#!/usr/bin/env bash
# Fails when dist/ is not exactly what `npm run package` builds from the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent package >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run bundle' and commit dist/." >&2
  git status --porcelain -- dist >&2
  git diff --stat -- dist >&2
  exit 1
fi
echo "dist/ is up to date."
