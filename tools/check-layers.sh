#!/usr/bin/env bash
# Enforces the layer rule of docs/architecture.md on #include lines: a layer
# may include only itself and the layers below it. The build enforces the
# same rule through each layer's include root (cmake/roleplane.cmake); this
# check also catches relative paths that would escape a root.
#
#   app -> api/<dialect> -> api/common -> {service, http} ; service -> {authz, store} ; all -> core
#   store/sqlite (the SQLite driver) -> store ; store/open.cpp (the driver registry) -> store/sqlite
#
# Exits non-zero and lists every offending include.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/src"

allowed_for() {
  case "$1" in
    core) echo "core" ;;
    store) echo "store core" ;;
    store/sqlite) echo "store/sqlite store core" ;;
    store/drivers) echo "store/drivers store/sqlite store core" ;;
    authz) echo "authz core" ;;
    http) echo "http core" ;;
    service) echo "service authz store core" ;;
    api/common) echo "api/common service http authz store core" ;;
    api/*) echo "$1 api/common service http authz store core" ;;
    app) echo "app $(cd "$root/src" && ls -d api/*/ | sed 's|/$||' | tr '\n' ' ') service http authz store store/sqlite core" ;;
    *) echo "" ;;
  esac
}

status=0
while IFS= read -r file; do
  case "$file" in
    api/*) layer="api/$(echo "$file" | cut -d/ -f2)" ;;
    store/sqlite/*) layer="store/sqlite" ;;
    store/open.cpp) layer="store/drivers" ;;
    *) layer="${file%%/*}" ;;
  esac
  allowed="$(allowed_for "$layer")"
  while IFS= read -r inc; do
    target="${inc#\#include \"}"
    target="${target%\"*}"
    case "$target" in
      api/*) target_layer="api/$(echo "$target" | cut -d/ -f2)" ;;
      store/sqlite/*) target_layer="store/sqlite" ;;
      */*) target_layer="${target%%/*}" ;;
      *) continue ;;  # a file-local include such as "x.h"
    esac
    ok=0
    for a in $allowed; do [ "$a" = "$target_layer" ] && ok=1; done
    if [ "$ok" = 0 ]; then
      echo "layer violation: src/$file includes \"$target\" ($layer may use: $allowed)"
      status=1
    fi
  done < <(grep -E '^#include "' "$file" || true)
done < <(find . -name '*.h' -o -name '*.cpp' | sed 's|^\./||' | sort)

[ "$status" = 0 ] && echo "layers: every include points down"
exit "$status"
