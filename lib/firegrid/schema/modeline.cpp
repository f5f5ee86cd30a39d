#include <firegrid/schema/modeline.hpp>

#include <firegrid/core/i18n.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace firegrid::schema {

namespace {

std::vector<std::string> modeline_path_parts(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at <= path.size()) {
    const std::size_t slash = std::min(path.find('/', at), path.size());
    parts.push_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  return parts;
}

// The first line of `text` (without its newline) and where the next one starts.
std::pair<std::string_view, std::size_t> modeline_first_line(std::string_view text) {
  const std::size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return {text, text.size()};
  return {text.substr(0, nl), nl + 1};
}

// Is `line` a yaml-language-server comment? Gives what follows `yaml-language-server:`.
std::optional<std::string_view> modeline_rest(std::string_view line) {
  if (line.empty() || line.front() != '#') return std::nullopt;
  std::size_t at = 1;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  constexpr std::string_view kTag = "yaml-language-server:";
  if (line.substr(at, kTag.size()) != kTag) return std::nullopt;
  return line.substr(at + kTag.size());
}

}  // namespace

std::string record_type_of_path(const std::string& path) {
  const std::vector<std::string> parts = modeline_path_parts(path);
  const std::string& name = parts.back();
  if (name.size() < 6 || name.compare(name.size() - 5, 5, ".yaml") != 0) return "";
  const std::string dir = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  if (parts.size() == 1) return name == "firegrid.yaml" ? "manifest" : "";
  if (parts.front() == "calendar" && parts.size() == 2) return "calendar";
  if (parts.front() == "plans" && parts.size() == 3) return "plan";
  if (parts.front() != "grid") return "";
  if (name == "grid.yaml") return "grid";
  if (name == "unit.yaml" && parts.size() >= 3 && parts[parts.size() - 3] == "units") return "unit";
  static const std::pair<const char*, const char*> kFolders[] = {
      {"inspections", "inspection"}, {"hazards", "hazard"},     {"tips", "tip"},
      {"meetings", "meeting"},       {"trainings", "training"}, {"publicity", "training"},
      {"attestations", "attestation"}};
  for (const auto& [folder, type] : kFolders)
    if (dir == folder) return type;
  return "";
}

std::string modeline_schema(const std::string& path, const std::string& type) {
  std::string up;
  for (const char c : path)
    if (c == '/') up += "../";
  return up + "schemas/" + type + ".schema.yaml";
}

std::string modeline(const std::string& path, const std::string& type) {
  return std::string(kModelinePrefix) + modeline_schema(path, type) + "\n";
}

std::optional<FoundModeline> find_modeline(std::string_view text) {
  int line = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    ++line;
    const auto [first, next] = modeline_first_line(text.substr(at));
    at += next;
    const auto rest = modeline_rest(first);
    if (!rest) continue;
    FoundModeline found;
    found.line = line;
    const std::size_t key = rest->find("$schema=");
    if (key != std::string_view::npos) {
      std::string_view value = rest->substr(key + 8);
      const std::size_t end = value.find_first_of(" \t\r");
      found.schema = std::string(value.substr(0, end));
    }
    return found;
  }
  return std::nullopt;
}

std::string_view without_modeline(std::string_view text) {
  const auto [first, next] = modeline_first_line(text);
  return modeline_rest(first) ? text.substr(next) : text;
}

std::string with_modeline(const std::string& path, const std::string& type, std::string_view body) {
  return modeline(path, type) + std::string(without_modeline(body));
}

bool same_but_modeline(std::string_view a, std::string_view b) { return without_modeline(a) == without_modeline(b); }

void check_modeline(const std::string& path, std::string_view text, const std::string& type, Findings& out) {
  const auto found = find_modeline(text);
  if (!found) return;
  const std::string want = modeline_schema(path, type);
  if (found->schema == want) return;
  out.warning({path, found->line, 1}, "yaml-modeline",
              found->schema.empty()
                  ? msg("the yaml-language-server line names no schema; a {} record's is {}", type, want)
                  : msg("the yaml-language-server line names {}, but a {} record here has {}", found->schema, type, want),
              tr("an editor would check the file against the wrong schema: `firegrid modeline` writes the right line"));
}

std::string fixed_modeline(const std::string& path, const std::string& type, std::string_view text) {
  const std::string want = modeline(path, type);
  const auto found = find_modeline(text);
  if (!found) return want + std::string(text);
  if (found->schema == modeline_schema(path, type)) return std::string(text);
  std::size_t at = 0;
  for (int line = 1; line < found->line; ++line) at = text.find('\n', at) + 1;
  const auto [old_line, next] = modeline_first_line(text.substr(at));
  const bool ended = next > old_line.size();  // the line had its newline
  std::string out(text.substr(0, at));
  out += ended ? want : want.substr(0, want.size() - 1);
  out += text.substr(at + next);
  return out;
}

namespace {

void modeline_walk(const store::Disk& disk, const std::string& dir, ModelineFix& fix, std::set<std::string>& types) {
  for (const auto& e : disk.list(dir)) {
    const std::string path = dir.empty() ? e.name : store::join(dir, e.name);
    if (e.is_dir) {
      // .git, .firegrid, .vscode; attachments; the schemas themselves.
      if (e.name.front() == '.' || (dir.empty() && (e.name == "files" || e.name == "schemas"))) continue;
      modeline_walk(disk, path, fix, types);
      continue;
    }
    if (e.name.find(store::kTempMarker) != std::string::npos) continue;
    const std::string type = record_type_of_path(path);
    if (type.empty()) continue;
    const auto text = disk.read(path, doc::LoadLimits{}.max_bytes);
    if (!text) continue;
    ++fix.records;
    types.insert(type);
    const std::string fixed = fixed_modeline(path, type, *text);
    if (fixed == *text) continue;
    (find_modeline(*text) ? fix.corrected : fix.added).push_back(path);
    fix.changes.writes[path] = fixed;
  }
}

}  // namespace

ModelineFix fix_modelines(const store::Disk& disk, const Catalog& catalog) {
  ModelineFix fix;
  std::set<std::string> types;
  modeline_walk(disk, "", fix, types);
  for (const auto& [name, text] : catalog.files()) {
    const std::string path = store::join(store::kSchemaDir, name);
    if (!types.count(name.substr(0, name.find('.'))) || disk.is_file(path)) continue;
    fix.copied.push_back(path);
    fix.changes.writes[path] = text;
  }
  return fix;
}

}  // namespace firegrid::schema
