// Work spread over the machine's cores: the loader parses and validates record files on
// every core and merges the results in path order, so the output never depends on the
// number of threads.
#pragma once

#include <cstddef>
#include <functional>

namespace firegrid {

// How many threads a parallel step uses: FIREGRID_THREADS when set (1 = none), else the
// cores this process may run on.
unsigned worker_count();

// Calls fn(0) ... fn(n - 1), spread over worker_count() threads (the caller's among them),
// in no particular order. If calls throw, the exception of the lowest index is rethrown
// once all have finished.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);
// The same on at most `threads` threads (at least one: the caller's).
void parallel_for(std::size_t n, std::size_t threads, const std::function<void(std::size_t)>& fn);

}  // namespace firegrid
