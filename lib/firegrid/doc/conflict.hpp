// Git's conflict markers in a record file. A merge that both sides changed the same lines
// of leaves `<<<<<<< ours`, `=======` and `>>>>>>> theirs` lines in the file; read as
// YAML they are a syntax error far from the point. The loader looks for them first and
// says what happened in words, once per conflicted hunk.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace firegrid::doc {

struct ConflictHunk {
  int line = 0;                   // the `<<<<<<<` line, from 1
  int base = 0;                   // the `|||||||` line of diff3 style (0: none)
  int middle = 0, end = 0;        // the `=======` and `>>>>>>>` lines (0: missing)
  std::string ours, theirs;       // the labels after <<<<<<< and >>>>>>> ("HEAD", "origin/main")
  std::vector<std::string> keys;  // the mapping keys either side's lines set, first seen first
  ConflictHunk(int at, std::string label) : line(at), ours(std::move(label)) {}
};

// Every conflicted hunk of `text`, in order; empty when it has no `<<<<<<< ` line at the
// start of a line. A hunk that is never closed runs to the end of the file. Never throws.
std::vector<ConflictHunk> find_conflicts(std::string_view text);

}  // namespace firegrid::doc
