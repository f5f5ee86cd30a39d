#include <firegrid/doc/conflict.hpp>

#include <algorithm>
#include <cctype>

namespace firegrid::doc {

namespace {

// The label after a 7-character marker and a space ("<<<<<<< HEAD" -> "HEAD"), or
// nothing when `line` is not that marker. A bare marker has an empty label.
bool conflict_marker(std::string_view line, char c, std::string& label) {
  if (line.size() < 7 || line.substr(0, 7) != std::string(7, c)) return false;
  if (line.size() > 7 && line[7] != ' ') return false;
  label = line.size() > 8 ? std::string(line.substr(8)) : std::string();
  return true;
}

// The key a YAML line sets ("  phone: 138..." and "- name: 张三" -> the key), or "".
std::string conflict_line_key(std::string_view line) {
  std::size_t at = line.find_first_not_of(' ');
  if (at == std::string_view::npos) return "";
  if (line.compare(at, 2, "- ") == 0) at = line.find_first_not_of(' ', at + 2);
  if (at == std::string_view::npos) return "";
  std::size_t end = at;
  while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '_' ||
                               line[end] == '-'))
    ++end;
  if (end == at || end >= line.size() || line[end] != ':') return "";
  if (end + 1 < line.size() && line[end + 1] != ' ') return "";
  return std::string(line.substr(at, end - at));
}

}  // namespace

std::vector<ConflictHunk> find_conflicts(std::string_view text) {
  std::vector<ConflictHunk> hunks;
  enum class Part { outside, ours, base, theirs } part = Part::outside;
  int number = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t eol = text.find('\n', at);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(at, eol - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = eol + 1;
    ++number;
    std::string label;
    if (conflict_marker(line, '<', label)) {
      hunks.emplace_back(number, label);
      part = Part::ours;
    } else if (part == Part::outside) {
      continue;
    } else if (conflict_marker(line, '|', label)) {
      if (part == Part::ours) hunks.back().base = number;
      part = Part::base;  // diff3 style: the common ancestor's lines, changed by neither
    } else if (line == "=======") {
      hunks.back().middle = number;
      part = Part::theirs;
    } else if (part == Part::theirs && conflict_marker(line, '>', label)) {
      hunks.back().end = number;
      hunks.back().theirs = label;
      part = Part::outside;
    } else if (part != Part::base) {
      const std::string key = conflict_line_key(line);
      auto& keys = hunks.back().keys;
      if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  return hunks;
}

}  // namespace firegrid::doc
