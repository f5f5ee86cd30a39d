// The yaml-language-server modeline (issue 17, "Editors"): the first line of every record
// firegrid writes names the schema of the record's type in the repo's schemas/ folder, by
// a path relative to the record's own folder,
//
//   # yaml-language-server: $schema=../../../../../../schemas/unit.schema.yaml
//
// so that any editor with the YAML language server validates the file while it is typed,
// whatever folder it was opened from. The line is a YAML comment: readers ignore it, and a
// file without it (a repo written before it existed) reads as before. Only the path of the
// file decides the line, so a record moved to another folder of the same depth (a unit to
// another group) keeps a right one. docs/format.md#the-modeline.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/store/disk.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::schema {

// What starts the line.
inline constexpr std::string_view kModelinePrefix = "# yaml-language-server: $schema=";

// The record type of a repo-relative path, by the layout of docs/format.md: "manifest"
// (firegrid.yaml), "grid", "unit", "inspection", "hazard", "tip", "meeting", "training"
// (trainings/ and publicity/), "attestation", "calendar" (calendar/*.yaml) and "plan"
// (plans/<year>/*.yaml); "" for any other file.
std::string record_type_of_path(const std::string& path);

// The schema a record at `path` of `type` names: the path of schemas/<type>.schema.yaml
// relative to the record's folder ("schemas/manifest.schema.yaml" for firegrid.yaml,
// "../../schemas/grid.schema.yaml" for grid/100/grid.yaml).
std::string modeline_schema(const std::string& path, const std::string& type);

// The whole first line, with its newline.
std::string modeline(const std::string& path, const std::string& type);

// Where the file's modeline is: its 1-based line and the schema it names. A modeline is
// any line that starts with `#`, blanks, `yaml-language-server:` (the language server
// reads it from any comment line); the first one counts. nullopt: the file has none.
struct FoundModeline {
  int line = 0;
  std::string schema;  // the value of $schema (empty when the line names none)
};
std::optional<FoundModeline> find_modeline(std::string_view text);

// The file without a first line that is a modeline: what the emitter wrote.
std::string_view without_modeline(std::string_view text);

// `body` (a record as the emitter writes it) as the file at `path` of `type` holds it: its
// modeline first. A first line that is a modeline already is replaced.
std::string with_modeline(const std::string& path, const std::string& type, std::string_view body);

// Are two texts of a record the same but for their modeline? A write whose content differs
// from the file only there is no change (an old repo's records are not all rewritten by
// the next import; `firegrid modeline` adds the lines).
bool same_but_modeline(std::string_view a, std::string_view b);

// A warning (`yaml-modeline`) when the file's modeline names another schema than the one
// of `type` at its place; nothing when it has none or the right one.
void check_modeline(const std::string& path, std::string_view text, const std::string& type, Findings& out);

class Catalog;

// `text` of the file at `path` of `type` with the right modeline: its modeline line
// replaced when it names another schema, the line added first when it has none. The rest
// of the file is kept byte for byte (comments and all).
std::string fixed_modeline(const std::string& path, const std::string& type, std::string_view text);

// What `firegrid modeline` does to a repo: every record file (by record_type_of_path,
// outside hidden folders, files/ and schemas/) given the right modeline, and each schema
// the records name that schemas/ lacks copied from `catalog` (an existing one is kept).
struct ModelineFix {
  store::Changes changes;
  std::vector<std::string> added, corrected;  // record files that get the line / a right one
  std::vector<std::string> copied;            // schema files copied into schemas/
  std::size_t records = 0;                    // record files looked at
};
ModelineFix fix_modelines(const store::Disk& disk, const Catalog& catalog);

}  // namespace firegrid::schema
