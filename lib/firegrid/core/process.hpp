// Running another program (git) without a shell: arguments are passed as they are.
#pragma once

#include <string>
#include <vector>

namespace firegrid {

struct ProcessResult {
  int status = -1;     // exit status; -1 if it could not be started or was killed
  std::string output;  // stdout
  std::string errors;  // stderr
};

// Runs argv[0] (looked up on PATH) with `argv` in folder `cwd`, capturing its output.
// Its stdin is `input` (empty: /dev/null), written while the output is read, so a
// program that answers as it reads (git cat-file --batch) cannot block either side.
// Throws Error only if the program cannot be found or started.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& input = {});

}  // namespace firegrid
