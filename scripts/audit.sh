#!/usr/bin/env bash
# `npm audit --omit=dev`, but a registry mirror without the advisory endpoint is not a finding.
set -uo pipefail
out=$(npm audit --omit=dev --audit-level=low 2>&1)
status=$?
echo "$out"
if [ $status -ne 0 ] && grep -q 'audit endpoint returned an error' <<<"$out"; then
  echo "npm audit: this registry has no advisory endpoint; audit skipped here (GitHub's CI runs it)."
  exit 0
fi
exit $status
