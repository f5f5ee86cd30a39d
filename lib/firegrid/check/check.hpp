// `firegrid check`: every record of the repo against its schema and the rules no schema
// can say, in one run, every finding reported.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <functional>
#include <optional>
#include <string>

namespace firegrid::check {

struct Result {
  Findings findings;
  std::size_t files = 0;  // record files read
};

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
