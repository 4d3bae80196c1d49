#!/usr/bin/env bash
# Compile-time benchmark of the client generated from a corpus (default: all of en-2021):
# crate-only `cargo build` time and rustc peak memory, with all features and with
# users + groups + me only. Dependencies are built first and not counted: each figure is a
# rebuild of the graph-client crate alone (its src/lib.rs touched); the runtime crate the
# client depends on (`runtime/`, unchanged by a regeneration) is measured on its own line.
#
#   generator/benches/compile_time.sh [CORPUS_DIR]
#   OLD_GENERATOR=/path/to/old/generator generator/benches/compile_time.sh
#
# With OLD_GENERATOR (a generator binary of the free-function shape, e.g. built from main in
# a `git worktree`), the old client is generated from the same corpus and built in the same
# run, and every figure is also printed as a ratio to it. Without, figures are absolute.
# Targets (2-core machine): the typed client all features <= 30 s and <= 2 GiB, three areas
# <= 3 s (issues 16 and 18; issue 8's 20 s was set for the untyped builders).
set -euo pipefail
cd "$(dirname "$0")/../.."
workspace=$PWD
corpus=${1:-../shared/corpus/en-2021}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (GNU time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TERM_COLOR=never
# A rebuild after `touch` would otherwise reuse rustc's incremental cache and measure
# far less than a user's first build of the crate.
export CARGO_INCREMENTAL=0
cargo build -q -p generator --locked
generator="$workspace/target/debug/generator"
# The clients build in a target folder of their own (dependencies are shared between runs).
export CARGO_TARGET_DIR="$workspace/target/compile-time"
generate() { # generate BINARY OUT
  local status=0
  "$1" "$corpus" --out "$2" --keep-going -q 2>/dev/null || status=$?
  # 1: some corpus pages have errors; the output is still written.
  [ "$status" -le 1 ] || { echo "generation failed ($status)" >&2; exit 1; }
  cp "$workspace/Cargo.lock" "$2/"
}

# measure DIR ARGS... -> "seconds peak_kb" for a crate-only rebuild.
measure() {
  local dir=$1; shift
  (cd "$dir" && cargo build -q "$@" >/dev/null 2>&1) # dependencies (and a first build)
  touch "$dir/src/lib.rs"
  local report="$work/time.txt"
  (cd "$dir" && /usr/bin/time -v -o "$report" cargo build -q "$@" >/dev/null 2>&1)
  local wall kb
  wall=$(grep "Elapsed (wall clock)" "$report" | awk '{print $NF}')
  kb=$(grep "Maximum resident set size" "$report" | awk '{print $NF}')
  # m:ss.cc or h:mm:ss to seconds
  echo "$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }') $kb"
}

# measure_runtime DIR -> "seconds peak_kb" for a rebuild of the runtime crate alone.
measure_runtime() {
  local dir=$1
  # Built as a package of its own (its features as `full` enables them), dependencies first.
  cp "$workspace/Cargo.lock" "$dir/runtime/"
  (cd "$dir/runtime" && cargo build -q --features batch,upload >/dev/null 2>&1)
  touch "$dir/runtime/src/lib.rs"
  local report="$work/time.txt"
  (cd "$dir/runtime" && /usr/bin/time -v -o "$report" cargo build -q --features batch,upload >/dev/null 2>&1)
  local wall kb
  wall=$(grep "Elapsed (wall clock)" "$report" | awk '{print $NF}')
  kb=$(grep "Maximum resident set size" "$report" | awk '{print $NF}')
  echo "$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }') $kb"
}

report() { # report LABEL "s kb" ["s kb" of the old client]
  local label=$1 new=$2 old=${3:-}
  read -r s kb <<<"$new"
  local line
  line=$(printf "%-28s %8.1f s %8.0f MB" "$label" "$s" "$(echo "$kb / 1024" | bc -l)")
  if [ -n "$old" ]; then
    read -r os okb <<<"$old"
    line+=$(printf "   (%.2fx time, %.2fx memory of the baseline client)" "$(echo "$s / $os" | bc -l)" "$(echo "$kb / $okb" | bc -l)")
  fi
  echo "$line"
}

generate "$generator" "$work/new"
# The three areas an app using users, groups and mail needs.
three="v1-users,v1-groups,v1-me"

old_all="" old_three="" old_one=""
if [ -n "${OLD_GENERATOR:-}" ]; then
  generate "$OLD_GENERATOR" "$work/old"
  old_all=$(measure "$work/old")
  old_three=$(measure "$work/old" --no-default-features --features "$three")
  old_one=$(measure "$work/old" --no-default-features --features v1-users)
fi
new_all=$(measure "$work/new")
new_three=$(measure "$work/new" --no-default-features --features "$three")
new_one=$(measure "$work/new" --no-default-features --features v1-users)
# The runtime crate (`runtime/`, a dependency of the client): built once per target folder,
# not again when the client is regenerated. Its own rebuild, with the features `full` enables.
new_runtime=""
if [ -f "$work/new/runtime/src/lib.rs" ]; then
  new_runtime=$(measure_runtime "$work/new")
fi

echo "client generated from $corpus: crate-only cargo build (dev profile), peak RSS of rustc"
report "all features" "$new_all" "$old_all"
report "users + groups + me only" "$new_three" "$old_three"
report "users only" "$new_one" "$old_one"
if [ -n "$new_runtime" ]; then
  report "runtime crate (once)" "$new_runtime"
fi
