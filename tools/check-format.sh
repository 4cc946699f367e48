#!/usr/bin/env bash
# Holds every C++ file of the tree to .clang-format: lists the files whose
# formatting differs and exits non-zero. `make format` rewrites them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed (make deps installs it)" >&2
  exit 1
fi
status=0
while IFS= read -r file; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "not formatted: $file (clang-format -i $file)"
    status=1
  fi
done < <(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h' 2>/dev/null ||
         find src tests bench \( -name '*.cpp' -o -name '*.h' \) -not -path '*/node_modules/*')
[ "$status" = 0 ] && echo "format: every file follows .clang-format"
exit "$status"
