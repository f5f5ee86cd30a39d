#!/usr/bin/env bash
# The project's front door (README quick start) and CI's entry point.
#
#   scripts/dev.sh demo   install what is missing, build, and run firegrid on the example county
#   scripts/dev.sh test   install what is missing, build, run the whole test suite with ctest,
#                         then the same suite again under AddressSanitizer + UBSan (clang,
#                         the library instrumented for libFuzzer too), and each fuzz target 10 s
#   scripts/dev.sh build  install what is missing and build (build/firegrid)
#   scripts/dev.sh fuzz   build the libFuzzer targets with clang (build-fuzz/, the library
#                         instrumented too) and run each for FIREGRID_FUZZ_SECONDS (default 300)
#                         on a copy of its corpus
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

# Runs each fuzz target of build DIR (configured with FIREGRID_FUZZ) for SECONDS from a
# copy of its seed corpus (tests/fuzz/corpus/<name>/; new inputs stay in DIR/corpus/<name>/),
# with its dictionary when tests/fuzz/<name>.dict exists. A crash leaves crash-* in DIR.
run_fuzz() {  # run_fuzz DIR SECONDS
  local dir=$1 seconds=$2 src name target dict
  for src in tests/fuzz/fuzz_*.cpp; do
    target=${src##*/}
    target=${target%.cpp}
    name=${target#fuzz_}
    mkdir -p "$dir/corpus/$name"
    cp -n "tests/fuzz/corpus/$name"/* "$dir/corpus/$name/" 2>/dev/null || true
    dict=()
    [[ -f tests/fuzz/$name.dict ]] && dict=("-dict=$PWD/tests/fuzz/$name.dict")
    echo "== $target for $seconds s =="
    (cd "$dir" && "./tests/$target" "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 \
      "corpus/$name" >"$target.log" 2>&1) || { tail -n 40 "$dir/$target.log"; exit 1; }
    grep -E 'DONE +cov|^stat::number_of_executed_units' "$dir/$target.log" || true
  done
}

# The sanitized build: clang with ASan + UBSan and libFuzzer's coverage on the library
# (FIREGRID_FUZZ), so the one build runs the test suite and the fuzz targets.
sanitized_build() {  # sanitized_build DIR [cmake args...]
  local dir=$1
  shift
  build "$dir" -DCMAKE_CXX_COMPILER=clang++ -DFIREGRID_SANITIZE=ON -DFIREGRID_FUZZ=ON "$@"
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
    sanitized_build build-asan -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1 -DNDEBUG"
    # max_malloc_fill_size=0: new memory is not filled with a pattern first (a debugging
    # aid, not a check), which was a tenth of each sanitized run.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:max_malloc_fill_size=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    (cd build-asan/tests && TZ=UTC ./firegrid_unit)
    # The cache test (about 180 runs of the example county) proves in the release run what
    # it would prove here; fuzz_record_cache decodes damaged caches under the sanitizers.
    run_ctest build-asan --label-exclude 'slow|html|unit|timemachine|cache'
    echo "== the fuzz targets, 10 seconds each =="
    run_fuzz build-asan 10
    ;;
  fuzz)
    bash scripts/install-deps.sh
    sanitized_build build-fuzz -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG"
    run_fuzz build-fuzz "${FIREGRID_FUZZ_SECONDS:-300}"
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|build|fuzz" >&2
    exit 2
    ;;
esac
