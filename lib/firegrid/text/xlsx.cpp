// Why our own reader: a clerk's .xlsx needs only the values of one sheet, and the
// Debian-packaged options for that are a zip library and an XML parser. libzip reads the
// container from memory and checks each part's CRC; expat streams each XML part in
// chunks, so no part is ever held whole and a limit can stop it midway. Expat's callbacks
// are C: they never throw, they record a failure and stop the parser.
#include <firegrid/text/xlsx.hpp>

#include <firegrid/core/clock.hpp>
#include <firegrid/core/error.hpp>

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <type_traits>

namespace firegrid::text {

namespace {

std::string xlsx_save_hint() { return tr("open it in Excel or WPS and save it again as .xlsx (Excel 工作簿) or as CSV"); }
std::string xlsx_too_large_hint() { return tr("a sheet this large is not a list of records: split it, or save it as CSV"); }

std::string xlsx_size(std::size_t bytes) {
  return bytes >= (1u << 20) ? fmt::format("{} MiB", bytes >> 20) : fmt::format("{} bytes", bytes);
}

Error xlsx_too_big(const std::string& name, std::size_t limit) {
  return Error(msg("the part {} of the workbook is larger than {} uncompressed", name, xlsx_size(limit)),
               xlsx_too_large_hint());
}

// Where the parts of a workbook come from: its zip archive, or (for tests and fuzzing)
// a map of names to contents.
class XlsxParts {
public:
  virtual ~XlsxParts() = default;
  virtual bool has(const std::string& name) const = 0;
  // Hands the uncompressed bytes of part `name` to `sink` in chunks; false when there is
  // no such part. Throws Error when the part is damaged, encrypted or over `limit` bytes.
  virtual bool stream(const std::string& name, std::size_t limit,
                      const std::function<void(const char*, std::size_t)>& sink) const = 0;
};

class XlsxMemoryParts : public XlsxParts {
public:
  explicit XlsxMemoryParts(const std::map<std::string, std::string>& parts) : parts_(parts) {}
  bool has(const std::string& name) const override { return parts_.count(name) > 0; }
  bool stream(const std::string& name, std::size_t limit,
              const std::function<void(const char*, std::size_t)>& sink) const override {
    const auto it = parts_.find(name);
    if (it == parts_.end()) return false;
    if (it->second.size() > limit) throw xlsx_too_big(name, limit);
    // In small chunks, as from the archive, so that a chunk boundary falls anywhere.
    for (std::size_t at = 0; at < it->second.size(); at += 7)
      sink(it->second.data() + at, std::min<std::size_t>(7, it->second.size() - at));
    return true;
  }

private:
  const std::map<std::string, std::string>& parts_;
};

// The archive, opened from memory. Parts are looked up by name (case-insensitively as a
// fallback: a few writers differ in case from the names their relationships give).
class XlsxArchive : public XlsxParts {
public:
  explicit XlsxArchive(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source) {
      archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (!archive_) zip_source_free(source);
    }
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (!archive_) throw Error(msg("not a readable .xlsx workbook (zip: {})", why), xlsx_save_hint());
  }
  ~XlsxArchive() { zip_discard(archive_); }
  XlsxArchive(const XlsxArchive&) = delete;
  XlsxArchive& operator=(const XlsxArchive&) = delete;

  bool has(const std::string& name) const override { return locate(name) >= 0; }

  bool stream(const std::string& name, std::size_t limit,
              const std::function<void(const char*, std::size_t)>& sink) const override {
    const zip_int64_t index = locate(name);
    if (index < 0) return false;
    const auto idx = static_cast<zip_uint64_t>(index);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > limit)
      throw xlsx_too_big(name, limit);
    zip_file_t* file = zip_fopen_index(archive_, idx, 0);
    if (!file)
      throw Error(msg("cannot read the part {} of the workbook ({})", name, zip_strerror(archive_)),
                  xlsx_save_hint());
    const std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
    char buffer[1 << 16];
    std::size_t total = 0;
    for (;;) {
      const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
      if (n < 0)
        throw Error(msg("the part {} of the workbook is damaged ({})", name, zip_file_strerror(file)),
                    xlsx_save_hint());
      if (n == 0) break;
      total += static_cast<std::size_t>(n);
      if (total > limit) throw xlsx_too_big(name, limit);
      sink(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }

private:
  zip_int64_t locate(const std::string& name) const {
    const zip_int64_t exact = zip_name_locate(archive_, name.c_str(), 0);
    return exact >= 0 ? exact : zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
  }

  zip_t* archive_ = nullptr;
};

// What an XML part's reader sees: elements by local name (the namespace prefix dropped,
// so transitional and strict OOXML read alike), attributes, character data.
class XlsxXmlReader {
public:
  virtual ~XlsxXmlReader() = default;
  virtual void open(std::string_view name, const char** attributes) = 0;
  virtual void close(std::string_view name) = 0;
  virtual void text(std::string_view) {}
  std::string failure;  // set by a reader to stop the parse
  bool over_limit = false;  // the failure is a limit passed, not a damaged part

  static std::string_view local(const char* name) {
    const char* colon = std::strrchr(name, ':');
    return colon ? std::string_view(colon + 1) : std::string_view(name);
  }
  static const char* attribute(const char** attributes, std::string_view name) {
    for (const char** a = attributes; *a; a += 2)
      if (local(a[0]) == name) return a[1];
    return nullptr;
  }
};

struct XlsxParse {
  XML_Parser parser;
  XlsxXmlReader* reader;
  int depth = 0;  // a sheet nests six deep; expat itself would follow any depth
};

constexpr int kXlsxMaxDepth = 64;

void XMLCALL xlsx_on_open(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto* p = static_cast<XlsxParse*>(data);
  if (++p->depth > kXlsxMaxDepth) {
    p->reader->failure = fmt::format("elements nested more than {} deep", kXlsxMaxDepth);
    XML_StopParser(p->parser, XML_FALSE);
    return;
  }
  try {
    p->reader->open(XlsxXmlReader::local(name), attributes);
  } catch (const std::length_error& e) {
    p->reader->failure = e.what();
    p->reader->over_limit = true;
  } catch (const std::exception& e) {
    p->reader->failure = e.what();
  }
  if (!p->reader->failure.empty()) XML_StopParser(p->parser, XML_FALSE);
}

void XMLCALL xlsx_on_close(void* data, const XML_Char* name) {
  auto* p = static_cast<XlsxParse*>(data);
  --p->depth;
  try {
    p->reader->close(XlsxXmlReader::local(name));
  } catch (const std::length_error& e) {
    p->reader->failure = e.what();
    p->reader->over_limit = true;
  } catch (const std::exception& e) {
    p->reader->failure = e.what();
  }
  if (!p->reader->failure.empty()) XML_StopParser(p->parser, XML_FALSE);
}

void XMLCALL xlsx_on_text(void* data, const XML_Char* s, int len) {
  auto* p = static_cast<XlsxParse*>(data);
  try {
    p->reader->text(std::string_view(s, static_cast<std::size_t>(len)));
  } catch (const std::length_error& e) {
    p->reader->failure = e.what();
    p->reader->over_limit = true;
  } catch (const std::exception& e) {
    p->reader->failure = e.what();
  }
  if (!p->reader->failure.empty()) XML_StopParser(p->parser, XML_FALSE);
}

// A workbook's XML has no document type; one would only bring entities to expand.
void XMLCALL xlsx_on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* p = static_cast<XlsxParse*>(data);
  p->reader->failure = "a document type declaration, which a workbook never has";
  XML_StopParser(p->parser, XML_FALSE);
}

// Streams part `name` through `reader`; false when the part does not exist. Throws Error
// for XML that is not well formed or a failure the reader recorded.
bool xlsx_parse(const XlsxParts& zip, const std::string& name, std::size_t limit, XlsxXmlReader& reader) {
  const std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                                          XML_ParserFree);
  if (!parser) throw Error(tr("out of memory reading the workbook"));
  XlsxParse state{parser.get(), &reader, 0};
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), xlsx_on_open, xlsx_on_close);
  XML_SetCharacterDataHandler(parser.get(), xlsx_on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), xlsx_on_doctype);
  const auto fail = [&]() -> Error {
    if (reader.over_limit)
      return Error(msg("the sheet is too large to import: {}", reader.failure), xlsx_too_large_hint());
    if (!reader.failure.empty())
      return Error(msg("the part {} of the workbook: {}", name, reader.failure), xlsx_save_hint());
    return Error(msg("the part {} of the workbook is not well-formed XML (line {}: {})", name,
                             XML_GetCurrentLineNumber(parser.get()), XML_ErrorString(XML_GetErrorCode(parser.get()))),
                 xlsx_save_hint());
  };
  const bool found = zip.stream(name, limit, [&](const char* chunk, std::size_t n) {
    if (XML_Parse(parser.get(), chunk, static_cast<int>(n), XML_FALSE) != XML_STATUS_OK) throw fail();
  });
  if (!found) return false;
  if (XML_Parse(parser.get(), "", 0, XML_TRUE) != XML_STATUS_OK) throw fail();
  return true;
}

// The folder of a part ("xl/" for "xl/workbook.xml") and a relationship's target resolved
// against it ("worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml", "/xl/x.xml" -> "xl/x.xml").
std::string xlsx_resolve(const std::string& part, const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::vector<std::string> parts;
  const std::string base = part.substr(0, part.rfind('/') == std::string::npos ? 0 : part.rfind('/') + 1);
  const std::string whole = base + target;
  std::size_t at = 0;
  while (at <= whole.size()) {
    const std::size_t slash = std::min(whole.find('/', at), whole.size());
    const std::string piece = whole.substr(at, slash - at);
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!piece.empty() && piece != ".") {
      parts.push_back(piece);
    }
    at = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// The relationships of a part: id -> (type, target resolved).
struct XlsxRelationships : XlsxXmlReader {
  std::string owner;
  std::map<std::string, std::pair<std::string, std::string>> by_id;
  void open(std::string_view name, const char** attributes) override {
    if (name != "Relationship") return;
    const char* id = attribute(attributes, "Id");
    const char* type = attribute(attributes, "Type");
    const char* target = attribute(attributes, "Target");
    const char* mode = attribute(attributes, "TargetMode");
    if (!id || !type || !target || (mode && std::string_view(mode) == "External")) return;
    by_id[id] = {type, xlsx_resolve(owner, target)};
  }
  void close(std::string_view) override {}
  std::string of_type(std::string_view suffix) const {
    for (const auto& [id, rel] : by_id)
      if (rel.first.size() >= suffix.size() && rel.first.compare(rel.first.size() - suffix.size(), suffix.size(), suffix) == 0)
        return rel.second;
    return {};
  }
};

std::string xlsx_rels_of(const std::string& part) {
  const auto slash = part.rfind('/');
  return slash == std::string::npos ? "_rels/" + part + ".rels"
                                    : part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

XlsxRelationships xlsx_relationships(const XlsxParts& zip, const std::string& part, const XlsxLimits& limits) {
  XlsxRelationships rels;
  rels.owner = part;
  xlsx_parse(zip, xlsx_rels_of(part), limits.part_bytes, rels);
  return rels;
}

struct XlsxWorkbookSheet {
  std::string name, relationship;
};

struct XlsxWorkbook : XlsxXmlReader {
  std::vector<XlsxWorkbookSheet> sheets;
  bool date1904 = false;
  void open(std::string_view name, const char** attributes) override {
    if (name == "sheet") {
      const char* sheet_name = attribute(attributes, "name");
      const char* id = attribute(attributes, "id");
      if (sheet_name && id) sheets.push_back({sheet_name, id});
    } else if (name == "workbookPr") {
      const char* d = attribute(attributes, "date1904");
      date1904 = d && (std::string_view(d) == "1" || std::string_view(d) == "true");
    }
  }
  void close(std::string_view) override {}
};

// How a cell style shows a number.
enum class XlsxShown { number, date, time, date_time };

XlsxShown xlsx_builtin_format(long id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58)
    return XlsxShown::date;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 || id == 56)
    return XlsxShown::time;
  if (id == 22) return XlsxShown::date_time;
  return XlsxShown::number;
}

// A custom format code shows a date when it holds y or d, a time when it holds h or s,
// outside quoted text, escapes and [colour]/[$-locale] brackets ([h] counts as a time).
XlsxShown xlsx_custom_format(const std::string& code) {
  bool date = false, time = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == '"') {
      const auto end = code.find('"', i + 1);
      if (end == std::string::npos) break;
      i = end;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      const auto end = code.find(']', i + 1);
      if (end == std::string::npos) break;
      const std::string inside = code.substr(i + 1, end - i - 1);
      if (!inside.empty() && std::strchr("hHmMsS", inside[0])) time = true;
      i = end;
    } else if (c == 'y' || c == 'd') {
      date = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    }
  }
  if (date && time) return XlsxShown::date_time;
  if (date) return XlsxShown::date;
  if (time) return XlsxShown::time;
  return XlsxShown::number;
}

// styles.xml: how each cell style (the `s` of a cell, an index into cellXfs) shows a number.
struct XlsxStyles : XlsxXmlReader {
  std::map<long, std::string> custom;  // numFmtId -> formatCode
  std::vector<long> xf_format;         // cellXfs index -> numFmtId
  bool in_cell_xfs = false;
  void open(std::string_view name, const char** attributes) override {
    if (name == "numFmt") {
      const char* id = attribute(attributes, "numFmtId");
      const char* code = attribute(attributes, "formatCode");
      if (id && code) custom[std::strtol(id, nullptr, 10)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      if (xf_format.size() >= 1'000'000) throw std::length_error("more than a million cell styles");
      const char* id = attribute(attributes, "numFmtId");
      xf_format.push_back(id ? std::strtol(id, nullptr, 10) : 0);
    }
  }
  void close(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  XlsxShown shown(long style) const {
    if (style < 0 || static_cast<std::size_t>(style) >= xf_format.size()) return XlsxShown::number;
    const long id = xf_format[static_cast<std::size_t>(style)];
    const auto it = custom.find(id);
    return it != custom.end() ? xlsx_custom_format(it->second) : xlsx_builtin_format(id);
  }
};

// Excel escapes characters XML cannot hold as _xHHHH_ (a line feed as _x000A_, CR as
// _x000D_); "_x005F_" escapes the underscore itself.
std::string xlsx_unescape(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "_x") == 0 && i + 6 < s.size() && s[i + 6] == '_' &&
        std::all_of(s.begin() + static_cast<long>(i) + 2, s.begin() + static_cast<long>(i) + 6,
                    [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
      const unsigned long cp = std::strtoul(s.substr(i + 2, 4).c_str(), nullptr, 16);
      if (cp == 0x0D) {
        // a CR before a line feed is dropped: cells end lines with "\n" only
      } else if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0xD800 || cp > 0xDFFF) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
      i += 6;
      continue;
    }
    out += s[i];
  }
  return out;
}

// Counts the text kept against the limit.
struct XlsxBudget {
  const XlsxLimits& limits;
  std::size_t text = 0, cells = 0;
  void add_text(std::size_t n) {
    text += n;
    if (text > limits.text_bytes)
      throw std::length_error(fmt::format("more than {} of text in its cells", xlsx_size(limits.text_bytes)));
  }
};

// sharedStrings.xml: the text of each <si>, rich runs joined, phonetic runs (<rPh>) left out.
struct XlsxSharedStrings : XlsxXmlReader {
  explicit XlsxSharedStrings(XlsxBudget& b) : budget(b) {}
  XlsxBudget& budget;
  std::vector<std::string> strings;
  std::string current;
  int phonetic = 0;
  bool in_text = false;
  void open(std::string_view name, const char**) override {
    if (name == "si") current.clear();
    else if (name == "rPh") ++phonetic;
    else if (name == "t") in_text = phonetic == 0;
  }
  void close(std::string_view name) override {
    if (name == "t") in_text = false;
    else if (name == "rPh") --phonetic;
    else if (name == "si") {
      // Each string costs memory even when empty: counted like cells.
      if (++budget.cells > budget.limits.cells)
        throw std::length_error(fmt::format("more than {} cells", budget.limits.cells));
      strings.push_back(xlsx_unescape(std::move(current)));
    }
  }
  void text(std::string_view s) override {
    if (!in_text) return;
    budget.add_text(s.size());
    current.append(s);
  }
};

long xlsx_days_from_civil(int y, int m, int d) { return Date{y, m, d}.days(); }

// A number as Excel's General format shows it (see read_xlsx).
std::string xlsx_general(double v) {
  if (std::fabs(v) < 1e15 && v == std::floor(v)) return fmt::format("{:.0f}", v);
  if (std::fabs(v) >= 1e15) {
    std::string s = fmt::format("{:.5E}", v);  // 9.11301E+17
    const auto e = s.find('E');
    std::string mantissa = s.substr(0, e);
    while (mantissa.back() == '0') mantissa.pop_back();
    if (mantissa.back() == '.') mantissa.pop_back();
    return mantissa + s.substr(e);
  }
  return fmt::format("{:.15G}", v);
}

std::string xlsx_time(double fraction) {
  long seconds = std::lround(fraction * 86400.0);
  if (seconds >= 86400) seconds = 86399;
  if (seconds % 60 == 0) return fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

// "AB12" -> column 28 (1-based) and row 12; 0 for a part that is absent or malformed.
void xlsx_cell_ref(const char* ref, long& column, long& row) {
  column = 0;
  row = 0;
  const char* p = ref;
  while (*p >= 'A' && *p <= 'Z' && column <= 1'000'000) column = column * 26 + (*p++ - 'A' + 1);
  while (*p >= '0' && *p <= '9' && row <= 100'000'000) row = row * 10 + (*p++ - '0');
  if (*p) column = row = 0;
}

// A worksheet's rows.
struct XlsxSheetReader : XlsxXmlReader {
  XlsxSheetReader(XlsxBudget& b, const std::vector<std::string>& ss, const XlsxStyles& st, bool d1904)
      : budget(b), shared(ss), styles(st), date1904(d1904) {}
  XlsxBudget& budget;
  const std::vector<std::string>& shared;
  const XlsxStyles& styles;
  bool date1904;
  std::vector<CsvRow> rows;

  bool in_row = false, in_cell = false, in_value = false, in_inline = false, in_text = false;
  int phonetic = 0;
  long row_number = 0, column = 0, style = 0;
  std::string type, value;
  std::vector<std::string> fields;
  bool row_has_value = false;

  void open(std::string_view name, const char** attributes) override {
    if (name == "row") {
      const char* r = attribute(attributes, "r");
      const long n = r ? std::strtol(r, nullptr, 10) : 0;
      row_number = n > 0 ? n : row_number + 1;
      if (row_number > budget.limits.max_row)
        throw std::length_error(fmt::format("row {} is past Excel's last row", row_number));
      in_row = true;
      column = 0;
      fields.clear();
      row_has_value = false;
    } else if (name == "c" && in_row) {
      in_cell = true;
      long c = 0, r = 0;
      if (const char* ref = attribute(attributes, "r")) xlsx_cell_ref(ref, c, r);
      column = c > 0 ? c : column + 1;
      if (column > budget.limits.max_column)
        throw std::length_error(fmt::format("a cell in row {} is past column {}", row_number, budget.limits.max_column));
      const char* t = attribute(attributes, "t");
      type = t ? t : "n";
      const char* s = attribute(attributes, "s");
      style = s ? std::strtol(s, nullptr, 10) : 0;
      value.clear();
      phonetic = 0;
    } else if (in_cell && name == "v") {
      in_value = true;
    } else if (in_cell && name == "is") {
      in_inline = true;
    } else if (in_inline && name == "rPh") {
      ++phonetic;
    } else if (in_inline && name == "t") {
      in_text = phonetic == 0;
    }
  }

  void close(std::string_view name) override {
    if (name == "v") {
      in_value = false;
    } else if (name == "t") {
      in_text = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "c" && in_cell) {
      in_cell = false;
      place(cell_text());
    } else if (name == "row" && in_row) {
      in_row = false;
      if (row_has_value) rows.push_back({std::move(fields), static_cast<int>(row_number), 0});
      fields = {};
    }
  }

  void text(std::string_view s) override {
    if (in_value || in_text) {
      budget.add_text(s.size());
      value.append(s);
    }
  }

  void place(std::string cell) {
    if (cell.empty()) return;
    const auto at = static_cast<std::size_t>(column - 1);
    if (at >= fields.size()) {
      budget.cells += at + 1 - fields.size();
      if (budget.cells > budget.limits.cells)
        throw std::length_error(fmt::format("more than {} cells", budget.limits.cells));
      fields.resize(at + 1);
    }
    fields[at] = std::move(cell);
    row_has_value = true;
  }

  std::string cell_text() const {
    if (type == "s") {
      char* end = nullptr;
      const long i = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end || i < 0 || static_cast<std::size_t>(i) >= shared.size())
        throw std::out_of_range(fmt::format("a cell in row {} names shared string '{}', which the workbook lacks",
                                            row_number, value));
      return shared[static_cast<std::size_t>(i)];
    }
    if (type == "inlineStr" || type == "str" || type == "e") return xlsx_unescape(value);
    if (type == "b") return value == "1" || value == "true" ? "TRUE" : "FALSE";
    if (type == "d") {  // an ISO 8601 date (strict OOXML)
      if (value.size() >= 10 && (value.size() == 10 || value.compare(10, std::string::npos, "T00:00:00") == 0))
        return value.substr(0, 10);
      std::string v = value;
      std::replace(v.begin(), v.end(), 'T', ' ');
      return v;
    }
    if (value.empty()) return value;
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (*end || !std::isfinite(v)) return value;
    const XlsxShown shown = styles.shown(style);
    if (shown == XlsxShown::number || v < 0 || v > 2958465.0) return xlsx_general(v);
    const double day = std::floor(v);
    const std::string date = excel_serial_date(static_cast<long>(day), date1904);
    if (shown == XlsxShown::time) return xlsx_time(v - day);
    if (date.empty()) return xlsx_general(v);
    return shown == XlsxShown::date ? date : date + " " + xlsx_time(v - day);
  }
};

struct XlsxOpened {
  const XlsxParts& zip;
  std::string workbook_part;
  XlsxWorkbook workbook;
  XlsxRelationships workbook_rels;
  XlsxOpened(const XlsxParts& parts, const XlsxLimits& limits) : zip(parts) {
    XlsxRelationships root;
    xlsx_parse(zip, "_rels/.rels", limits.part_bytes, root);
    workbook_part = root.of_type("/officeDocument");
    if (workbook_part.empty()) workbook_part = "xl/workbook.xml";
    if (!xlsx_parse(zip, workbook_part, limits.part_bytes, workbook))
      throw Error(zip.has("content.xml") ? tr("this is an OpenDocument spreadsheet (.ods), not an .xlsx workbook")
                                         : tr("this zip file is not an .xlsx workbook (it has no workbook part)"),
                  xlsx_save_hint());
    workbook_rels = xlsx_relationships(zip, workbook_part, limits);
    if (workbook.sheets.empty()) throw Error(tr("the workbook has no sheet"), xlsx_save_hint());
  }
};

XlsxSheet xlsx_read_sheet(const XlsxParts& parts, const std::string& sheet, const XlsxLimits& limits);

}  // namespace

bool looks_like_zip(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

bool looks_like_ole2(std::string_view bytes) {
  return bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

std::string excel_serial_date(long serial, bool date1904) {
  long days;  // since 1970-01-01
  if (date1904) {
    if (serial < 0) return {};
    days = xlsx_days_from_civil(1904, 1, 1) + serial;
  } else {
    if (serial < 1) return {};
    // Excel counts a 1900-02-29 that never was: serials from 61 on are one day ahead.
    days = xlsx_days_from_civil(1899, 12, serial >= 61 ? 30 : 31) + (serial == 60 ? 59 : serial);
  }
  if (days < xlsx_days_from_civil(1900, 1, 1) || days > xlsx_days_from_civil(9999, 12, 31)) return {};
  return Date::from_days(days).iso();
}

std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const XlsxLimits& limits) {
  const XlsxArchive zip(bytes);
  const XlsxOpened book(zip, limits);
  std::vector<std::string> names;
  for (const auto& s : book.workbook.sheets) names.push_back(s.name);
  return names;
}

XlsxSheet read_xlsx(std::string_view bytes, const std::string& sheet, const XlsxLimits& limits) {
  const XlsxArchive zip(bytes);
  return xlsx_read_sheet(zip, sheet, limits);
}

XlsxSheet read_xlsx_parts(const std::map<std::string, std::string>& parts, const std::string& sheet,
                          const XlsxLimits& limits) {
  const XlsxMemoryParts memory(parts);
  return xlsx_read_sheet(memory, sheet, limits);
}

namespace {

XlsxSheet xlsx_read_sheet(const XlsxParts& parts, const std::string& sheet, const XlsxLimits& limits) {
  const XlsxOpened book(parts, limits);
  const XlsxWorkbookSheet* chosen = sheet.empty() ? &book.workbook.sheets.front() : nullptr;
  for (const auto& s : book.workbook.sheets)
    if (!chosen && s.name == sheet) chosen = &s;
  if (!chosen) {
    std::vector<std::string> names;
    for (const auto& s : book.workbook.sheets) names.push_back(s.name);
    throw Error(msg("the workbook has no sheet '{}'", sheet),
                msg("its sheets are: {}; pass --sheet NAME", fmt::join(names, ", ")));
  }
  const auto rel = book.workbook_rels.by_id.find(chosen->relationship);
  if (rel == book.workbook_rels.by_id.end())
    throw Error(msg("the workbook names no part for sheet '{}'", chosen->name), xlsx_save_hint());

  XlsxBudget budget{limits};
  XlsxSharedStrings shared(budget);
  if (const std::string part = book.workbook_rels.of_type("/sharedStrings"); !part.empty())
    xlsx_parse(book.zip, part, limits.part_bytes, shared);
  XlsxStyles styles;
  if (const std::string part = book.workbook_rels.of_type("/styles"); !part.empty())
    xlsx_parse(book.zip, part, limits.part_bytes, styles);

  XlsxSheetReader reader(budget, shared.strings, styles, book.workbook.date1904);
  if (!xlsx_parse(book.zip, rel->second.second, limits.part_bytes, reader))
    throw Error(msg("the workbook lacks the part {} of sheet '{}'", rel->second.second, chosen->name),
                xlsx_save_hint());
  return {chosen->name, std::move(reader.rows)};
}

}  // namespace

}  // namespace firegrid::text
