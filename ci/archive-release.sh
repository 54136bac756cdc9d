#!/usr/bin/env bash
# Before releasing a new version of an indexed package: turns the version in the index that
# points at packages/NAME into a reproducible archive of what HEAD holds for it
# (archives/NAME-VERSION.tar.gz, sorted names, zero mtimes, no gzip time stamp) and points
# the index entry at it. Then bump packages/NAME/package.json and run
#   cmake -DROOT=. -DMODE=write -DONLY=NAME -P ci/index.cmake
#   ci/archive-release.sh NAME...
set -euo pipefail
cd "$(dirname "$0")/.."
for name in "$@"; do
  version=$(git show "HEAD:packages/$name/package.json" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
  out=archives/$name-$version.tar.gz
  if [[ -e $out ]]; then echo "$out exists already"; exit 1; fi
  tmp=$(mktemp -d)
  git archive HEAD "packages/$name" | tar -x -C "$tmp"
  (cd "$tmp/packages" && find "$name" -type f | LC_ALL=C sort >"$tmp/list" &&
     cmake -E tar czf "$tmp/out.tar.gz" --mtime=1970-01-01 --format=gnutar --files-from="$tmp/list")
  # gzip's header carries a time stamp (bytes 4-7): zero it so the archive is reproducible.
  printf '\0\0\0\0' | dd of="$tmp/out.tar.gz" bs=1 seek=4 conv=notrunc status=none
  mkdir -p archives && cp "$tmp/out.tar.gz" "$out"
  rm -rf "$tmp"
  /usr/bin/python3 - "$name" "$version" "$out" <<'PY'
import hashlib, json, sys
name, version, out = sys.argv[1:]
index = json.load(open("index.json"))
entry = index["packages"][name]["versions"][version]
entry["source"] = {"sha256": hashlib.sha256(open(out, "rb").read()).hexdigest(), "url": out}
with open("index.json", "w") as f:
    json.dump(index, f, indent=2, sort_keys=True)
    f.write("\n")
PY
  echo "archived $name $version as $out"
done
