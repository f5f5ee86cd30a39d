// `unit import`: units from a spreadsheet (CSV as Excel writes it in a Chinese office).
// All or nothing: every row is checked first, and one bad row means nothing is written.
// Idempotent: a row that matches a registered unit (by licence, else by group + name +
// address) updates it instead of adding another.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/text/csv.hpp>
#include <firegrid/text/sheet.hpp>
#include <firegrid/unit/registry.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace firegrid::unit {

// The fields a column can fill, with the header names that select them (Chinese and
// English; see docs/commands/unit.md).
struct ColumnSpec {
  const char* field;
  std::vector<const char*> headers;
  std::vector<const char*> also;  // looser words, which give way to `headers` in one sheet
};
const std::vector<ColumnSpec>& import_columns();

struct ImportOptions {
  std::optional<text::Encoding> encoding;  // of a CSV file; detected when unset
  std::string sheet;                       // of an .xlsx workbook; the first when empty
  // A mapping file's content: `columns: {header: field}` and
  // `values: {field: {cell: value}}`. Null when there is none.
  const doc::Node* mapping = nullptr;
  std::string mapping_path;  // for locating mistakes in the mapping
  std::function<void(std::size_t done, std::size_t total)> progress;
  std::string clone;  // this clone's token (store::clone_token), hashed into new ids
};

struct ImportPlan {
  text::Encoding encoding = text::Encoding::utf8;  // of a CSV file
  std::string read_as;  // "utf-8", "gb18030", ... or "xlsx" (text::describe)
  std::size_t rows = 0, added = 0, updated = 0, moved = 0, unchanged = 0;
  Findings problems;                 // errors (nothing may be written) and warnings
  std::vector<std::string> actions;  // one line per added/updated/moved unit, for --dry-run
  store::Changes changes;
};

// Plans the import of `bytes` (the file `file`, as named in messages): a CSV file or an
// .xlsx workbook (text::read_sheet). Throws Error when the file cannot be decoded (naming
// the line and byte offset of the bad byte), the workbook cannot be read, or it has no
// header; every problem of a row becomes an error finding at `file:line`, or at
// `file.xlsx:Sheet:row` for a workbook.
ImportPlan plan_unit_import(const schema::Catalog& catalog, const grid::Tree& tree,
                            const Registry& reg, const std::string& file, const std::string& bytes,
                            const ImportOptions& options, const Date& today);

}  // namespace firegrid::unit
