#!/usr/bin/env bash
# Tags a release and moves its major tag: scripts/release.sh v1.2.3
set -euo pipefail
version=${1:?usage: scripts/release.sh vMAJOR.MINOR.PATCH}
[[ $version =~ ^v([0-9]+)\.[0-9]+\.[0-9]+$ ]] || { echo "not a version: $version" >&2; exit 1; }
major="v${BASH_REMATCH[1]}"
cd "$(dirname "$0")/.."
[ -z "$(git status --porcelain)" ] || { echo "commit or stash your changes first" >&2; exit 1; }
bash scripts/check-dist.sh
grep -q "\"version\": \"${version#v}\"" package.json || { echo "package.json's version is not ${version#v}" >&2; exit 1; }
grep -q "VERSION = '${version#v}'" src/version.ts || { echo "src/version.ts's VERSION is not ${version#v}" >&2; exit 1; }
git tag -a "$version" -m "$version"
git tag -fa "$major" -m "$version" "$version"
echo "Tagged $version and moved $major to it. Push with: git push origin $version && git push -f origin $major"
