// A batch of inspections from a CSV file (a week of patrols typed into Excel, or a
// county's year of them), an .xlsx workbook or a YAML list. All or nothing: every row is
// checked first, in one pass that keeps a small key per row, then the file is read again
// and each record is made again and staged as it comes, so memory does not grow with the
// rows (a CSV file is read a row at a time; a workbook, bounded by the reader's limits, and
// a YAML list, typed by hand, are read whole). Idempotent: a row recorded before (same
// place, kind, date, time and inspectors) is left as it is.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/text/sheet.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace firegrid::inspect {

// The file of a batch, opened once for both passes. A name ending in .yaml or .yml is read
// as a YAML list; anything else is an .xlsx workbook when its bytes say so (`input.sheet`,
// or its first sheet), else CSV (encoding detected, or `input.encoding`). Throws Error
// when the file cannot be read or decoded.
class BatchFile {
public:
  BatchFile(std::string path, const text::SheetOptions& input);
  ~BatchFile();
  const std::string& path() const { return path_; }
  // The rows' place in messages: the path, or "巡查.xlsx:Sheet1".
  const std::string& where() const { return where_; }
  const text::CsvFile* csv() const { return csv_.get(); }
  const text::Sheet* sheet() const { return sheet_.get(); }
  const std::string& yaml() const { return yaml_; }

private:
  std::string path_, where_;
  std::unique_ptr<text::CsvFile> csv_;
  std::unique_ptr<text::Sheet> sheet_;
  std::string yaml_;
};

// A row with errors stops the check after this many (the findings stay few).
inline constexpr std::size_t kBatchErrorRows = 100;

struct BatchPlan {
  std::size_t rows = 0, added = 0, unchanged = 0, hazards = 0;
  Findings problems;      // errors: nothing may be written
  std::string stopped;    // why the check stopped before the end (a repeated row), or ""
  std::uint64_t digest = 0;  // of every file to write, in order: the second pass must see the same
};

// Checks every row of a batch (the first pass). `clone` is this clone's token
// (store::clone_token), hashed into the new records' ids.
BatchPlan plan_batch(const schema::Catalog& catalog, const grid::Tree& tree, const unit::Registry& units,
                     const std::vector<Inspection>& existing, const BatchFile& file, const Date& today,
                     const std::string& clone);

// The second pass over a batch plan_batch found clean: makes each new record again and
// hands its files to `write` (Disk::commit_each stages them as they come), and a line
// for each new inspection to `action` (--dry-run) when given. Throws Error, before
// anything is in place, when the file no longer gives what plan_batch checked.
void replay_batch(const schema::Catalog& catalog, const grid::Tree& tree, const unit::Registry& units,
                  const std::vector<Inspection>& existing, const BatchFile& file, const Date& today,
                  const std::string& clone, const BatchPlan& plan, const store::Disk::WriteSink& write,
                  const std::function<void(const std::string&)>& action = {});

}  // namespace firegrid::inspect
