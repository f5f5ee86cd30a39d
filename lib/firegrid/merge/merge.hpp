// Merging one record that two clones changed (issue 17): a hazard whose steps both sides
// appended to, an inspection or a meeting both extended. git merges lines; a record's
// event lists are better merged as lists: when both sides only appended (the common
// ancestor's list is the start of both), the result keeps the ancestor's entries and
// then both sides' new ones by date. Every other key merges as git would merge a value:
// changed on one side, that side's; changed on both sides alike, that value; changed on
// both sides differently, a conflict, said in words. One function serves the git merge
// driver (`firegrid merge-driver`) and `firegrid resolve` (docs/commands/resolve.md).
#pragma once

#include <firegrid/schema/catalog.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::merge {

// The record type of a repo-relative path ("hazard", "unit", "grid", ...), or "" for a
// file that is not a record firegrid merges (the merge is then git's own).
std::string record_type(const std::string& path);

struct Outcome {
  bool merged = false;                 // `text` is the merged record, valid against its schema
  std::string text;                    // the merged file as firegrid writes it (when merged)
  std::vector<std::string> merged_lists;  // in words, each list both sides appended to
  std::vector<std::string> conflicts;  // in words, why it could not be merged (when not merged)
};

// Merges the three versions of the record at `path` (the common ancestor `base`, which
// is empty when the file is new on both sides, and the two sides). Never throws for what
// the texts hold: a side that does not read as a record is a conflict.
Outcome merge_record(const std::string& path, const std::string& base, const std::string& ours,
                     const std::string& theirs, const schema::Catalog& catalog);

// The three versions of a file left with git's conflict markers in diff3 style
// (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`): the lines outside the hunks belong to all
// three. nullopt when a hunk has no `|||||||` part (git's default style keeps no base) or
// is not closed.
struct Sides {
  std::string base, ours, theirs;
};
std::optional<Sides> sides_from_markers(std::string_view text);

}  // namespace firegrid::merge
