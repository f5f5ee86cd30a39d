// Records filed as <folder>/<kind>/<id>.yaml (inspections, hazards, ...): one loader for
// all such kinds, checking what they share (the schema, the id matching the file name).
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/record/read.hpp>
#include <firegrid/store/disk.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::record {

// A record read from its file: its path, and its document when the command asked for
// documents (a county's 260,000 inspections are kept without theirs: 56 bytes each here).
class FiledRecord {
public:
  std::string path;     // <folder>/<kind>/<id>.yaml
  bool loaded = false;  // parsed cleanly (it may still break its schema)

  // The file name without .yaml.
  std::string_view id() const;
  // Its document (with its path), or an empty one (null root, no path or text) when the
  // command did not ask for documents. Copies of a record share it.
  const doc::Document& doc() const;
  void set_doc(doc::Document d);
  // Its document to change (a past day's state, model::cut): this record's own copy.
  doc::Document& edit_doc();

private:
  std::shared_ptr<doc::Document> doc_;
};

// The id in a record's path <folder>/<kind>/<id>.yaml: its file name without .yaml.
std::string_view id_of(std::string_view path);

// A record file found by list_filed, and which of the caller's places it belongs to.
struct FiledFile {
  std::string path;  // <folder>/<kind>/<id>.yaml
  std::size_t place = 0;
  std::optional<store::Stamp> stamp;
};

// The record files of <folder>/<kind_dir>/ appended to `out`. Files that are not records
// (wrong names, leftovers of interrupted writes) are findings.
void list_filed(const Reader& reader, const std::string& folder, const std::string& kind_dir,
                std::size_t place, std::vector<FiledFile>& out, Findings& findings);

// Files to read, in order: a queue, so that reading frees them as it goes (a county's
// 260,000 are 20 MB).
using FiledFiles = std::deque<FiledFile>;

// Reads the files (on every core), validating each against the schema of `type` and its
// id against its file name, and hands each to `take` in order with what reading it gave
// (Read::summary when `options` summarise). A file that cannot be parsed is not handed on.
// The path of a file handed on moves to its FiledRecord (`take` finds it there, not in the
// FiledFile): a county's 260,000 are not copied. `files` is consumed: empty when it returns.
void read_filed(Reader& reader, FiledFiles& files, const char* type, Findings& findings,
                const std::function<void(const FiledFile&, FiledRecord&&, Read&&)>& take,
                const ReadOptions& options = {});

// list_filed and read_filed for one folder: its records with their documents.
std::vector<FiledRecord> load_filed(Reader& reader, const std::string& folder, const std::string& kind_dir,
                                    const char* type, Findings& findings);

}  // namespace firegrid::record
