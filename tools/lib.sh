# Shared helpers for the tools/ scripts (sourced, not run).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NODE_PATH=/usr/share/nodejs           # Debian's emscripten finds acorn & co. here

say()  { printf '%s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# nproc, but leave nothing idle on the 2-core CI machine
jobs_n() { nproc 2>/dev/null || echo 2; }

# Configure (once) and build a CMake preset quietly; the compile database is linked at the root for clangd.
# INBOX_BUILD_DIR / INBOX_DIST_DIR move the build and dist/ elsewhere (parallel work in one checkout).
cmake_build() {   # cmake_build PRESET [targets...]
  local preset=$1; shift
  local dir="$ROOT/build/$preset" extra=()
  if [ -n "${INBOX_BUILD_DIR:-}" ] && [ "$INBOX_BUILD_DIR" != "$dir" ]; then
    dir=$INBOX_BUILD_DIR; extra=(-B "$dir")
    [ -n "${INBOX_DIST_DIR:-}" ] && extra+=("-DINBOX_DIST_DIR=$INBOX_DIST_DIR")
  fi
  mkdir -p "$ROOT/build"
  if [ ! -f "$dir/build.ninja" ]; then
    cmake --preset "$preset" -S "$ROOT" "${extra[@]}" >"$ROOT/build/configure-$preset.log" 2>&1 \
      || { tail -30 "$ROOT/build/configure-$preset.log" >&2; say "cmake configure ($preset) failed"; return 1; }
  fi
  [ "$dir" = "$ROOT/build/ci" ] && ln -sfn "build/ci/compile_commands.json" "$ROOT/compile_commands.json"
  local t=(); for x in "$@"; do t+=(--target "$x"); done
  cmake --build "$dir" -j "$(jobs_n)" "${t[@]}"
}
