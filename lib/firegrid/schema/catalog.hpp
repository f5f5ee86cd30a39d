// The record types' JSON Schemas (draft-07, written as YAML in schemas/) and what is
// derived from them: validation (a compiled schema for the records that meet it, valijson
// for the others), the key order the emitter writes, and the hints that make a schema
// error actionable.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/node.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace firegrid::schema {

class Catalog {
public:
  // Builds the catalogue from the embedded schemas. Throws Error if one is broken
  // (a build defect, caught by the tests).
  Catalog();
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // Record type names: "manifest", "grid", ...; each has schemas/<type>.schema.yaml.
  std::vector<std::string> types() const;

  // Every finding the schema of `type` has about `doc`, located in its file; with a
  // warning (`yaml-modeline`) when its text has a yaml-language-server line that names
  // another schema than the one of `type` at the document's path. A record the compiled
  // schema vouches for (certainly_valid, no allocation) costs one walk of its tree; any
  // other goes through valijson, which words the findings.
  Findings validate(const doc::Document& doc, const std::string& type) const;
  // True when `record` certainly meets the schema of `type` (schema/quick.hpp): then
  // validate_fully finds nothing. False says nothing.
  bool certainly_valid(const doc::Node& record, const std::string& type) const;
  // The schema's findings (valijson's and the catalogue's own checks) without the compiled
  // schema's word and without the modeline's (for the tests that compare the two).
  Findings validate_fully(const doc::Document& doc, const std::string& type) const;

  // Throws InvalidRecord when `record`, to be written to `path`, breaks the schema of
  // `type`: the check before every write, so a command never writes what `check` rejects.
  void require_valid(const std::string& type, const std::string& path, const doc::Node& record) const;

  // The key order of records of `type`, for the emitter.
  std::unique_ptr<doc::KeyOrder> key_order(const std::string& type) const;

  // The file firegrid writes for `record` of `type` at `path` (repo-relative): the
  // modeline naming its schema (schema/modeline.hpp), then the record as doc::emit writes
  // it in the type's key order.
  std::string file_text(const std::string& type, const std::string& path, const doc::Node& record) const;

  // The schema files as shipped (file name, text), for copying into a repo.
  std::vector<std::pair<std::string, std::string>> files() const;

  // A data file shipped in schemas/ (e.g. "checklists.yaml") as loaded, or nullptr.
  const doc::Node* data(const std::string& file) const;

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace firegrid::schema
