// `firegrid export`: every record as a row for DuckDB, Spark or a spreadsheet. JSON Lines
// carry whole records; CSV has one file per kind with the top-level fields of its schema
// as columns. A tip never carries its sealed reporter box.
#pragma once

#include <firegrid/doc/node.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/render/table.hpp>
#include <firegrid/schema/catalog.hpp>

#include <string>
#include <vector>

namespace firegrid::report {

// The kinds export writes, as --kind names them: units inspections hazards tips meetings
// trainings grids (publicity events are trainings).
const std::vector<std::string>& export_kinds();

struct Row {
  std::string kind;  // singular: unit, inspection, hazard, tip, meeting, training, grid
  std::string id;    // the record's id ("" for the county's grid record)
  std::string grid;  // the path of the grid it is filed at (a tip: its township)
  std::string file;  // the record's file, relative to the repo root
  doc::Node record;  // the record as in its file (a tip without "reporter")
};

// Every cleanly read record of `kinds` (plural names; every kind when empty), ordered by
// file path. Records `check` could not read are left out. Throws Error for an unknown kind.
std::vector<Row> export_rows(const model::Repo& repo, const std::vector<std::string>& kinds);

// One compact JSON object per row and line: {"kind","id","grid","file","record"}.
std::string to_jsonl(const std::vector<Row>& rows);

// Rows of one kind (plural name) as CSV: id, grid, file, then every top-level key of the
// kind's schema in schema order (never a tip's reporter; a key named grid or file becomes
// record.grid, record.file); strings as they are, numbers and
// booleans as written in JSON, lists and mappings as compact JSON, absent keys empty.
// `formulas` says what happens to a text cell a spreadsheet would run (render_csv).
std::string to_csv(const schema::Catalog& catalog, const std::string& kind, const std::vector<Row>& rows,
                   render::Formulas formulas);

}  // namespace firegrid::report
