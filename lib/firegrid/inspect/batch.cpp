#include <firegrid/inspect/batch.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/text/xlsx.hpp>

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace firegrid::inspect {

namespace {

// One row, whatever the input format: field -> text, plus lists already split.
struct Row {
  int line = 0;
  std::map<std::string, std::string> cells;
  std::vector<doc::Node> inspectors;
  std::vector<std::string> visited;
  std::vector<NewInspection::Item> items;
  std::vector<std::string> not_lists;  // YAML keys that should hold a list and do not
};

const std::map<std::string, std::string>& csv_headers() {
  static const std::map<std::string, std::string> headers = {
    {"单位", "unit"},          {"unit", "unit"},           {"网格", "grid"},         {"grid", "grid"},
    {"类型", "kind"},          {"检查类型", "kind"},       {"kind", "kind"},         {"日期", "date"},
    {"检查日期", "date"},      {"date", "date"},           {"时间", "time"},         {"time", "time"},
    {"检查人", "inspectors"},  {"inspectors", "inspectors"}, {"检查单位", "organisation"},
    {"organisation", "organisation"}, {"走访单位", "visited"}, {"visited", "visited"},
    {"检查项", "items"},       {"items", "items"},         {"开具隐患", "open_hazards"},
    {"open_hazards", "open_hazards"}, {"备注", "summary"}, {"summary", "summary"},
  };
  return headers;
}

std::vector<std::string> split(const std::string& s, const std::vector<std::string>& seps) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size();) {
    bool hit = false;
    for (const auto& sep : seps)
      if (s.compare(i, sep.size(), sep) == 0) {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
        i += sep.size();
        hit = true;
        break;
      }
    if (!hit) cur += s[i++];
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// The fields the header row names (one per column; "" for an ignored column).
std::vector<std::string> batch_fields(const std::string& file, const text::CsvRow& header, Findings& problems) {
  std::vector<std::string> fields;
  for (const auto& h : header.fields) {
    const auto it = csv_headers().find(h);
    fields.push_back(it == csv_headers().end() ? "" : it->second);
    if (it == csv_headers().end() && !h.empty())
      problems.warning({file, header.line, 0}, "import-column", msg("ignored column {}", h),
                       tr("the columns are described in docs/commands/inspect.md"));
  }
  return fields;
}

// A CSV row as a batch row; false for a row with no cell the batch reads.
bool batch_csv_row(const text::CsvRow& csv, const std::vector<std::string>& fields, Row& row) {
  row = Row();
  row.line = csv.line;
  for (std::size_t i = 0; i < csv.fields.size() && i < fields.size(); ++i)
    if (!fields[i].empty() && !csv.fields[i].empty()) row.cells[fields[i]] = csv.fields[i];
  if (row.cells.empty()) return false;
  const std::string org = row.cells.count("organisation") ? row.cells["organisation"] : "";
  for (const auto& name : split(row.cells["inspectors"], {"、", ";", "；", "，", ","})) {
    doc::Node p = doc::Node::mapping();
    p.set("name", doc::Node::string(name));
    if (!org.empty()) p.set("organisation", doc::Node::string(org));
    row.inspectors.push_back(std::move(p));
  }
  row.visited = split(row.cells["visited"], {";", "；", "、", " "});
  for (const auto& spec : split(row.cells["items"], {";", "；"})) {
    NewInspection::Item item;
    const auto eq = spec.find('=');
    item.code = spec.substr(0, eq);
    if (eq != std::string::npos) {
      const std::string rest = spec.substr(eq + 1);
      const auto colon = rest.find(':');
      item.status = rest.substr(0, colon);
      if (colon != std::string::npos) item.note = rest.substr(colon + 1);
    }
    row.items.push_back(item);
  }
  return true;
}

std::vector<Row> yaml_rows(const std::string& file, const std::string& bytes, Findings& problems) {
  auto loaded = doc::load(file, bytes);
  problems.append(loaded.findings);
  std::vector<Row> rows;
  if (!loaded.clean()) return rows;
  const doc::Node& root = loaded.document->root;
  if (!root.is_sequence()) {
    problems.error({file, root.mark().line, root.mark().column}, "import-row", tr("a batch is a list of inspections"),
                   tr("write one `- unit: ...` entry per inspection"));
    return rows;
  }
  for (const auto& n : root.items()) {
    Row row;
    row.line = n.mark().line;
    if (!n.is_mapping()) {
      problems.error({file, row.line, n.mark().column}, "import-row", tr("each entry is a mapping"));
      continue;
    }
    for (const auto& e : n.entries()) {
      if ((e.key == "inspectors" || e.key == "visited" || e.key == "items") && !e.value.is_sequence()) {
        row.not_lists.push_back(e.key);
      } else if (e.key == "inspectors") {
        for (const auto& p : e.value.items()) row.inspectors.push_back(p);
      } else if (e.key == "visited") {
        for (const auto& v : e.value.items()) row.visited.push_back(v.as_string());
      } else if (e.key == "items") {
        for (const auto& i : e.value.items())
          row.items.push_back({i.get_string("code"), i.get_string("status"), i.get_string("note")});
      } else {
        row.cells[e.key] = e.value.as_string();
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Calls fn for each row of the batch, in order, until it returns false; the file's own
// problems (CSV quoting, YAML) go to `problems`.
void each_batch_row(const BatchFile& file, Findings& problems, const std::function<bool(const Row&)>& fn) {
  if (!file.csv() && !file.sheet()) {
    for (const auto& row : yaml_rows(file.path(), file.yaml(), problems))
      if (!fn(row)) return;
    return;
  }
  std::optional<std::vector<std::string>> fields;
  Row row;
  if (const text::Sheet* sheet = file.sheet()) {  // a workbook, read whole
    for (const auto& r : sheet->rows) {
      if (!fields) {
        fields = batch_fields(file.where(), r, problems);
        continue;
      }
      if (batch_csv_row(r, *fields, row) && !fn(row)) return;
    }
    return;
  }
  file.csv()->each_row(
    [&](text::CsvRow& csv) {
      if (!fields) {
        fields = batch_fields(file.where(), csv, problems);
        return true;
      }
      return !batch_csv_row(csv, *fields, row) || fn(row);
    },
    [&](text::CsvError& e) { problems.error({file.where(), e.line, e.column}, "import-csv", e.message); });
}

// What both passes share: the repo the rows are checked against.
struct BatchRepo {
  const schema::Catalog& catalog;
  const grid::Tree& tree;
  const unit::Registry& units;
  const Checklist checklist;
  const Recorded recorded;  // looked up per row: a year is 260,000
  const Date today;
  const std::string clone;  // this clone's token, hashed into new ids (store::clone_token)
};

// A row that is not a record; its messages (with hints) are the findings.
struct BadRow {
  std::vector<std::pair<std::string, std::string>> messages;
};

// The record a row makes, or finds recorded; `place` names it for an action line.
// Throws BadRow.
Created batch_record(const BatchRepo& b, const Row& row, std::string& place) {
  auto cell = [&](const char* key) {
    const auto it = row.cells.find(key);
    if (it == row.cells.end()) return std::string();
    // A date, a time or a grid path as an input method typed it (２０２６－１２－０１).
    const std::string k = key;
    if (k == "date") return text::spreadsheet_date(text::as_typed(it->second));  // also 2026/3/5, 2026年3月5日
    return k == "time" || k == "grid" ? text::as_typed(it->second) : it->second;
  };
  BadRow bad;
  if (!row.not_lists.empty()) {
    for (const auto& key : row.not_lists)
      bad.messages.emplace_back(fmt::format("{} is not a list", key),
                                fmt::format("write `{}:` followed by one `- ...` line per entry", key));
    throw bad;
  }
  try {
    const unit::Unit* u = cell("unit").empty() ? nullptr : &b.units.resolve(cell("unit"));
    if (!u && cell("grid").empty()) throw Error(tr("the row names no unit (单位) and no grid (网格)"));
    const grid::Grid* g = u ? u->group : b.tree.resolve(cell("grid"));
    if (cell("kind").empty()) throw Error(tr("the row names no kind (类型)"), tr("write the kind's id or Chinese name, e.g. 巡查"));
    if (row.inspectors.empty()) throw Error(tr("the row names no inspector (检查人)"));
    NewInspection in;
    in.clone = b.clone;
    in.kind = cell("kind");
    in.date = b.today;
    if (!cell("date").empty() && !parse_date(cell("date"), in.date))
      throw Error(msg("date '{}' is not a date", cell("date")), tr("write YYYY-MM-DD"));
    in.time = cell("time");
    in.inspectors = row.inspectors;
    for (const auto& v : row.visited) in.visited.push_back(b.units.resolve(v).id);
    in.items = row.items;
    in.summary = cell("summary");
    const std::string open = cell("open_hazards");
    in.open_hazards = open == "是" || open == "yes" || open == "true" || open == "1";
    Created c = record(b.catalog, b.checklist, b.units, *g, u, in, b.recorded);
    place = fmt::format("{}  {}  {}", language() == Language::zh ? find_kind(in.kind)->chinese : find_kind(in.kind)->id,
                        in.date.iso(), u ? u->name() : g->display_path());
    return c;
  } catch (const InvalidRecord& e) {
    for (const auto& f : e.findings().items()) bad.messages.emplace_back(f.message, f.hint);
  } catch (const Error& e) {
    bad.messages.emplace_back(e.what(), e.hint());
  }
  throw bad;
}

// Folds a file to write into a digest of the batch (order matters).
std::uint64_t batch_digest(std::uint64_t digest, const std::string& path, const std::string& content) {
  const std::hash<std::string> h;
  return (digest ^ h(path)) * 0x100000001b3ULL + h(content);
}

// The rows seen, by a 64-bit hash of the inspection's file, with the line of each: an
// open-addressing table of 16 bytes a slot, at most half full.
class BatchSeen {
public:
  // The line of an earlier row with this key, or 0 (and the key is added).
  int insert(std::uint64_t key, int line) {
    if (key == 0) key = 1;  // 0 marks a free slot
    if ((used_ + 1) * 2 > slots_.size()) grow();
    std::size_t at = key & (slots_.size() - 1);
    for (; slots_[at].first != 0; at = (at + 1) & (slots_.size() - 1))
      if (slots_[at].first == key) return slots_[at].second;
    slots_[at] = {key, line};
    ++used_;
    return 0;
  }

private:
  void grow() {
    std::vector<std::pair<std::uint64_t, int>> old(slots_.empty() ? 1024 : slots_.size() * 2);
    old.swap(slots_);
    for (const auto& s : old)
      if (s.first != 0) {
        std::size_t at = s.first & (slots_.size() - 1);
        while (slots_[at].first != 0) at = (at + 1) & (slots_.size() - 1);
        slots_[at] = s;
      }
  }
  std::vector<std::pair<std::uint64_t, int>> slots_;
  std::size_t used_ = 0;
};

}  // namespace

BatchFile::BatchFile(std::string path, const text::SheetOptions& input) : path_(std::move(path)), where_(path_) {
  const auto whole = [&] {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw Error(msg("cannot read {}", path_));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  if (ends_with(path_, ".yaml") || ends_with(path_, ".yml")) {
    yaml_ = whole();
    return;
  }
  // A workbook (a zip, or an old .xls, which read_sheet explains) by its first bytes.
  char head[8] = {};
  {
    std::ifstream in(path_, std::ios::binary);
    in.read(head, sizeof head);
  }
  const std::string_view start(head, 8);
  if (text::looks_like_zip(start) || text::looks_like_ole2(start)) {
    sheet_ = std::make_unique<text::Sheet>(text::read_sheet(path_, whole(), input));
    where_ = sheet_->source;
    return;
  }
  if (!input.sheet.empty())
    throw Error(msg("{}: --sheet {}: this is a CSV file, which has no sheets", path_, input.sheet),
                tr("--sheet picks a sheet of an .xlsx workbook; leave it out for CSV"));
  csv_ = std::make_unique<text::CsvFile>(path_, input.encoding);
}

BatchFile::~BatchFile() = default;

BatchPlan plan_batch(const schema::Catalog& catalog, const grid::Tree& tree, const unit::Registry& units,
                     const std::vector<Inspection>& existing, const BatchFile& file, const Date& today,
                     const std::string& clone) {
  BatchPlan plan;
  const BatchRepo b{catalog, tree, units, Checklist(catalog), recorded_paths(existing), today, clone};
  BatchSeen seen;
  std::size_t bad_rows = 0;
  each_batch_row(file, plan.problems, [&](const Row& row) {
    ++plan.rows;
    try {
      std::string place;
      const Created c = batch_record(b, row, place);
      if (const int first = seen.insert(std::hash<std::string>()(c.path), row.line)) {
        plan.problems.error({file.where(), row.line, 0}, "import-row", msg("the same inspection as line {}", first),
                            tr("one row per inspection"));
        plan.stopped = fmt::format("the check stops at the first repeated row, line {}", row.line);
        return false;
      }
      if (c.exists) {
        ++plan.unchanged;
        return true;
      }
      for (const auto& [path, content] : c.changes.writes) plan.digest = batch_digest(plan.digest, path, content);
      ++plan.added;
      plan.hazards += c.hazards.size();
    } catch (const BadRow& bad) {
      for (const auto& [message, hint] : bad.messages)
        plan.problems.error({file.where(), row.line, 0}, "import-row", message, hint);
      if (++bad_rows >= kBatchErrorRows) {
        plan.stopped = fmt::format("the check stops after {} rows with errors, at line {}", kBatchErrorRows, row.line);
        return false;
      }
    }
    return true;
  });
  return plan;
}

void replay_batch(const schema::Catalog& catalog, const grid::Tree& tree, const unit::Registry& units,
                  const std::vector<Inspection>& existing, const BatchFile& file, const Date& today,
                  const std::string& clone, const BatchPlan& plan, const store::Disk::WriteSink& write,
                  const std::function<void(const std::string&)>& action) {
  const BatchRepo b{catalog, tree, units, Checklist(catalog), recorded_paths(existing), today, clone};
  std::uint64_t digest = 0;
  Findings problems;
  const Error changed(fmt::format("{} changed while it was imported; nothing was recorded", file.path()),
                      "run the import again");
  each_batch_row(file, problems, [&](const Row& row) {
    std::string place;
    Created c;
    try {
      c = batch_record(b, row, place);
    } catch (const BadRow&) {
      throw changed;
    }
    if (c.exists) return true;
    for (const auto& [path, content] : c.changes.writes) {
      digest = batch_digest(digest, path, content);
      write(path, content);
    }
    if (action) action(fmt::format("{}  {}  {}", tr("[import] add"), c.id, place));
    return true;
  });
  if (digest != plan.digest || problems.errors() > 0) throw changed;
}

}  // namespace firegrid::inspect
