// Records filed as <folder>/<kind>/<id>.yaml (inspections, hazards, ...): one loader for
// all such kinds, checking what they share (the schema, the id matching the file name).
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <string>
#include <vector>

namespace firegrid::record {

struct FiledRecord {
  std::string id;      // the file name without .yaml
  doc::Document doc;   // doc.path: <folder>/<kind>/<id>.yaml
  bool loaded = false; // parsed cleanly (it may still break its schema)
};

// Every <folder>/<kind_dir>/*.yaml, validated against the schema of `type`. Files that are
// not records (wrong names, leftovers of interrupted writes) are findings.
std::vector<FiledRecord> load_filed(const store::Disk& disk, const schema::Catalog& catalog,
                                    const std::string& folder, const std::string& kind_dir,
                                    const std::string& type, Findings& findings);

}  // namespace firegrid::record
