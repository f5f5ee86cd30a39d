#!/usr/bin/env bash
# The project's front door (README quick start) and CI's entry point.
#
#   scripts/dev.sh demo   install what is missing, build, and run firegrid on the example county
#   scripts/dev.sh test   install what is missing, build, run the whole test suite with ctest,
#                         then the same suite again under AddressSanitizer + UBSan
#   scripts/dev.sh build  install what is missing and build (build/firegrid)
#   scripts/dev.sh fuzz   build the libFuzzer targets with clang (build-fuzz/, the library
#                         instrumented too) and run each for FIREGRID_FUZZ_SECONDS (default 300)
#                         on a copy of its corpus; `test` ends with a 10-second run of each
#
# FIREGRID_JOBS sets the parallel build jobs (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${FIREGRID_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Optimised without debug info: debug info costs a quarter of the build time on two cores.
# (A plain `cmake -S . -B build` builds RelWithDebInfo for debugging.)
build() {  # build DIR [cmake args...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" >"$dir.log" 2>&1 || { tail -n 60 "$dir.log"; exit 2; }
  if grep -q 'warning:' "$dir.log"; then
    grep -A3 'warning:' "$dir.log" | head -n 40 || true
    echo "dev.sh: the build has warnings; it must be warning-free" >&2
    exit 2
  fi
}

# Most tests are golden cases that start python and firegrid and wait on fsync: twice as
# many at once as there are cores keeps the cores busy.
run_ctest() {  # run_ctest DIR [ctest args...]
  local dir=$1
  shift
  (cd "$dir" && ctest --output-on-failure -j "$((jobs * 2))" --timeout 300 "$@")
}

# Builds the fuzz targets and runs each for $1 seconds from a copy of its seed corpus
# (tests/fuzz/corpus/<name>/; new inputs stay in build-fuzz/corpus/<name>/), with its
# dictionary when tests/fuzz/<name>.dict exists. A crash leaves crash-* in build-fuzz/.
fuzz() {  # fuzz SECONDS
  local seconds=$1 src name targets=() dict
  for src in tests/fuzz/fuzz_*.cpp; do
    name=${src##*/}
    targets+=("${name%.cpp}")
  done
  CXX=clang++ cmake -S . -B build-fuzz -DFIREGRID_FUZZ=ON -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" >/dev/null
  cmake --build build-fuzz -j "$jobs" --target "${targets[@]}" >build-fuzz.log 2>&1 ||
    { tail -n 60 build-fuzz.log; exit 2; }
  if grep -q 'warning:' build-fuzz.log; then
    grep -A3 'warning:' build-fuzz.log | head -n 40 || true
    echo "dev.sh: the fuzz build has warnings; it must be warning-free" >&2
    exit 2
  fi
  for target in "${targets[@]}"; do
    name=${target#fuzz_}
    mkdir -p "build-fuzz/corpus/$name"
    cp -n "tests/fuzz/corpus/$name"/* "build-fuzz/corpus/$name/" 2>/dev/null || true
    dict=()
    [[ -f tests/fuzz/$name.dict ]] && dict=("-dict=$PWD/tests/fuzz/$name.dict")
    echo "== $target for $seconds s =="
    (cd build-fuzz && "./tests/$target" "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 \
      "corpus/$name" >"$target.log" 2>&1) || { tail -n 40 "build-fuzz/$target.log"; exit 1; }
    grep -E 'DONE +cov|^stat::number_of_executed_units' "build-fuzz/$target.log" || true
  done
}

case ${1:-} in
  demo)
    bash scripts/install-deps.sh
    build build
    ./build/firegrid -C examples/yuanshi check
    ./build/firegrid -C examples/yuanshi grid tree --depth 1
    ./build/firegrid -C examples/yuanshi hazard list --by township
    ./build/firegrid -C examples/yuanshi report weekly
    ;;
  build)
    bash scripts/install-deps.sh
    build build
    ;;
  test)
    bash scripts/install-deps.sh
    build build
    run_ctest build
    # The sanitizers run every test but the slow regeneration of the example county, the
    # Chromium check of the HTML page and the time machine (some 800 runs of the views on
    # the whole example county, half an hour under ASan), which exercise no code the other
    # tests do not.
    # The unit tests run in one process rather than one per case: a sanitized process
    # takes 0.3 s to start. -g1 keeps file and line in the sanitizers' reports.
    echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer =="
    build build-asan -DFIREGRID_SANITIZE=ON -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1 -DNDEBUG"
    # max_malloc_fill_size=0: new memory is not filled with a pattern first (a debugging
    # aid, not a check), which was a tenth of each sanitized run.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:max_malloc_fill_size=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    (cd build-asan/tests && TZ=UTC ./firegrid_unit)
    run_ctest build-asan --label-exclude 'slow|html|unit|timemachine'
    echo "== the fuzz targets, 10 seconds each =="
    fuzz 10
    ;;
  fuzz)
    bash scripts/install-deps.sh
    fuzz "${FIREGRID_FUZZ_SECONDS:-300}"
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|build|fuzz" >&2
    exit 2
    ;;
esac
