#include <firegrid/check/check.hpp>

#include <firegrid/model/repo.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/utf8.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace firegrid::check {

Result run(const store::Disk& disk, const schema::Catalog& catalog) {
  model::Repo repo = model::load_repo(disk, catalog);
  return Result{std::move(repo.findings), repo.files};
}

namespace {

const char* colour_of(Severity s) { return s == Severity::error ? "\x1b[1;31m" : "\x1b[1;35m"; }

}  // namespace

std::string render_text(const Findings& findings, const SourceLookup& source, bool color) {
  std::string out;
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const char* cyan = color ? "\x1b[1;36m" : "";
  for (const Finding& f : findings.items()) {
    std::string where = f.where.path;
    if (f.where.line > 0) where += fmt::format(":{}", f.where.line);
    if (f.where.line > 0 && f.where.column > 0) where += fmt::format(":{}", f.where.column);
    out += fmt::format("{}{}:{} {}{}:{} {}\n", bold, where, reset, color ? colour_of(f.severity) : "",
                       to_string(f.severity), reset, f.message);
    if (f.where.line > 0 && f.where.column > 0) {
      const auto text = source ? source(f.where.path) : std::nullopt;
      const std::string_view line = text ? text::line_text(*text, f.where.line) : std::string_view{};
      if (text && !line.empty()) {
        const std::string number = std::to_string(f.where.line);
        const std::string gutter(number.size(), ' ');
        // The caret sits under the column, counting display width (CJK is 2 wide).
        std::size_t byte = 0;
        for (int col = 1; col < f.where.column && byte < line.size(); ++col) {
          ++byte;
          while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) ++byte;
        }
        std::string prefix(line.substr(0, byte));
        for (auto& c : prefix)
          if (c == '\t') c = ' ';
        out += fmt::format(" {} | {}\n", number, line);
        out += fmt::format(" {} | {}{}^{}\n", gutter, std::string(text::display_width(prefix), ' '),
                           color ? colour_of(f.severity) : "", reset);
      }
    }
    if (!f.hint.empty()) out += fmt::format("  {}hint:{} {}\n", cyan, reset, f.hint);
  }
  return out;
}

std::string summary(const Result& r) {
  const std::size_t e = r.findings.errors(), w = r.findings.warnings();
  const std::string files = fmt::format("{} file{}", r.files, r.files == 1 ? "" : "s");
  if (e == 0 && w == 0) return fmt::format("no problems in {}", files);
  std::vector<std::string> parts;
  if (e) parts.push_back(fmt::format("{} error{}", e, e == 1 ? "" : "s"));
  if (w) parts.push_back(fmt::format("{} warning{}", w, w == 1 ? "" : "s"));
  return fmt::format("{} in {}", fmt::join(parts, ", "), files);
}

std::string render_json(const Result& r) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["files"] = r.files;
  j["errors"] = r.findings.errors();
  j["warnings"] = r.findings.warnings();
  j["findings"] = nlohmann::ordered_json::array();
  for (const Finding& f : r.findings.items()) {
    nlohmann::ordered_json o;
    o["severity"] = to_string(f.severity);
    o["path"] = f.where.path;
    o["line"] = f.where.line;
    o["column"] = f.where.column;
    o["code"] = f.code;
    o["message"] = f.message;
    o["hint"] = f.hint;
    j["findings"].push_back(std::move(o));
  }
  return j.dump(2) + "\n";
}

}  // namespace firegrid::check
