// The guarded loader: the one way a YAML file becomes a doc::Node tree.
//
// Hostile or broken input gives located findings, never a crash, a hang or a huge
// allocation: the size, nesting depth and node count are capped before and during the
// parse; anchors, aliases, explicit tags, several documents, duplicate keys, NUL bytes,
// invalid UTF-8 and empty files are refused. libyaml is driven through its event API
// only, so no parser-side node graph (which would expand alias bombs) is built.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace firegrid::doc {

struct LoadLimits {
  std::size_t max_bytes = 1024 * 1024;  // a record is a few KiB; 1 MiB is generous
  int max_depth = 32;
  std::size_t max_nodes = 100000;
};

struct LoadResult {
  // Absent when the file could not be parsed. Present with error findings when the
  // parse recovered (a duplicate key: the first value kept); such a document may be
  // validated but must not be rewritten.
  std::optional<Document> document;
  Findings findings;
  bool clean() const { return document && findings.errors() == 0; }
};

// Parses `text`, the content of the file at repo-relative `path`.
LoadResult load(std::string path, std::string text, const LoadLimits& limits = {});

}  // namespace firegrid::doc
