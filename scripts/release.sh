#!/usr/bin/env bash
# Releases the version that package.json names: tags vX.Y.Z, moves the major tag vX to it, and
# with --publish pushes both and publishes a GitHub release whose notes are CHANGELOG.md's
# section for that version. The release workflow (.github/workflows/release.yml) runs it.
#
#   scripts/release.sh                      checks (dist/ too) and tags here; prints how to push
#   scripts/release.sh --publish            tags, pushes, publishes with gh (needs GH_TOKEN)
#   scripts/release.sh --publish --since C  the same, only when the version differs from commit C's
#   scripts/release.sh --notes [X.Y.Z]      prints the release notes of a version (default: current)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "release: $*" >&2
  exit 1
}

# package.json's version, read with sed so that no Node.js is needed. $1: a commit, or empty for
# the work tree.
version_of() {
  local text
  if [ -z "$1" ]; then text=$(cat package.json); else text=$(git show "$1:package.json" 2>/dev/null) || return 0; fi
  sed -n 's/^  "version": "\([^"]*\)",\{0,1\}$/\1/p' <<<"$text" | head -n 1
}

# CHANGELOG.md's section for a version: the lines after "## [X.Y.Z]" up to the next "## ",
# without the blank lines around them.
notes_of() {
  awk -v heading="## [$1]" '
    /^## / { if (found) exit; if (index($0, heading) == 1) { found = 1; next } }
    found { print }
  ' CHANGELOG.md | sed -e '/./,$!d' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}'
}

publish=false
since=""
while [ $# -gt 0 ]; do
  case $1 in
    --publish) publish=true ;;
    --since)
      since=${2:?--since needs a commit}
      shift
      ;;
    --notes)
      version=${2:-$(version_of "")}
      notes=$(notes_of "$version")
      [ -n "$notes" ] || fail "CHANGELOG.md has no section \"## [$version]\" with notes"
      printf '%s\n' "$notes"
      exit 0
      ;;
    *) fail "unknown argument $1 (see the comment at the top of scripts/release.sh)" ;;
  esac
  shift
done

version=$(version_of "")
[[ $version =~ ^([0-9]+)\.[0-9]+\.[0-9]+$ ]] || fail "package.json's version \"$version\" is not X.Y.Z"
tag="v$version"
major="v${BASH_REMATCH[1]}"

if [ -n "$since" ]; then
  before=$(version_of "$since")
  if [ "$before" = "$version" ]; then
    echo "package.json's version is still $version (as at ${since:0:12}): nothing to release."
    exit 0
  fi
  echo "package.json's version changed from ${before:-nothing} to $version."
fi

if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  if [ "$(git rev-parse "$tag^{commit}")" = "$(git rev-parse HEAD)" ]; then
    echo "$tag already tags this commit: nothing to do."
    exit 0
  fi
  fail "$tag already exists on another commit: bump package.json's version"
fi

[ -z "$(git status --porcelain)" ] || fail "commit or stash your changes first"
grep -q "VERSION = '$version'" src/version.ts || fail "src/version.ts's VERSION is not $version"
notes=$(notes_of "$version")
[ -n "$notes" ] || fail "CHANGELOG.md has no section \"## [$version] - date\" with notes"
# Locally the tools to rebuild dist/ are at hand; in the workflow, the Check dist workflow guards
# every push to the default branch.
if [ "$publish" = false ]; then bash scripts/check-dist.sh; fi

git tag -a "$tag" -m "$tag"
# The major tag points at the release's commit, so that `uses: ...@vX` runs exactly that.
git tag -fa "$major" -m "$tag" "$tag^{commit}"
echo "Tagged $tag and moved $major to it."

if [ "$publish" = false ]; then
  echo "Push with: git push origin $tag && git push -f origin $major"
  echo "then publish the release with: scripts/release.sh --notes | gh release create $tag --title $tag --verify-tag --notes-file -"
  exit 0
fi

git push origin "refs/tags/$tag"
git push --force origin "refs/tags/$major"
notes_file=$(mktemp)
printf '%s\n' "$notes" >"$notes_file"
gh release create "$tag" --title "$tag" --verify-tag --notes-file "$notes_file"
rm -f "$notes_file"
echo "Published $tag; $major points to it."
