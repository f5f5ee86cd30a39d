// `firegrid check`: every record of the repo against its schema and the rules no schema
// can say, in one run, every finding reported.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <functional>
#include <map>
#include <vector>
#include <optional>
#include <string>

namespace firegrid::check {

struct Result {
  Findings findings;
  std::size_t files = 0;  // record files read
  std::map<std::string, std::string> townships;  // folder (grid/100) -> name, for the summary
};

// Which findings to show: by kind (`--only`, `--ignore`: a finding code, or a prefix
// ending in `*`, such as `grid-*`) and by place (`--grid`: the folder of a grid).
struct Filter {
  std::vector<std::string> only, ignore;
  std::string folder;  // "" = everywhere
};
Findings filter(const Findings& findings, const Filter& f);

// The findings counted by kind (with the hint of the first one: the command that fixes
// them) and by township, for a repo with many; `shown` says how to list them.
std::string render_summary(const Findings& findings, const Result& r, bool color);

// Checks the whole repo on `disk`. Throws Error only when the repo cannot be read at all.
Result run(const store::Disk& disk, const schema::Catalog& catalog);

// Source text by path, for quoting the offending line; nullopt when unavailable.
using SourceLookup = std::function<std::optional<std::string>(const std::string& path)>;

// Compiler-style text: `path:line:col: error: message`, the line, a caret, a hint.
std::string render_text(const Findings& findings, const SourceLookup& source, bool color);

// The closing line: "2 errors, 1 warning in 17 files" or "no problems in 17 files".
std::string summary(const Result& r);

// The findings as JSON for scripts (documented in docs/commands/check.md).
std::string render_json(const Result& r);

}  // namespace firegrid::check
