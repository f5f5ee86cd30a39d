#include "context.hpp"

#include <firegrid/check/check.hpp>
#include <firegrid/render/xlsx.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/store/git.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <fstream>
#include <regex>
#include <sstream>
#include <cstdlib>

#include <unistd.h>

namespace firegrid::cli {

void out(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }
void err(const std::string& s) {
  std::fflush(stdout);
  std::fwrite(s.data(), 1, s.size(), stderr);
}

std::string field_lines(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, text::display_width(tr(row.first)));
  const std::string indent = "\n" + std::string(width + 2, ' ');  // a note's later lines
  std::string s;
  for (const auto& [k, v] : rows) {
    if (v.empty()) continue;
    s += text::pad_right(tr(k), width) + "  ";
    const std::string safe = text::terminal_safe(v);
    for (std::size_t i = 0; i < safe.size(); ++i) {
      if (safe[i] == '\r' && i + 1 < safe.size() && safe[i + 1] == '\n') continue;
      s += safe[i] == '\n' || safe[i] == '\r' ? indent : std::string(1, safe[i]);
    }
    s += "\n";
  }
  return s;
}

std::string zh_with_code(const std::string& chinese, const std::string& code) {
  return chinese + "（" + code + "）";
}

std::string status_words(const std::string& code) {
  static const std::map<std::string, const char*> words = {
      {"missed", N_("[status] missed")},     {"due", N_("[status] due")},           {"due-soon", N_("[status] due soon")},
      {"overdue", N_("[status] overdue")},   {"open", N_("[status] open")},         {"done", N_("[status] done")},
      {"active", N_("[status] active")},     {"closed", N_("[status] closed")},     {"pass", N_("[status] pass")},
      {"fail", N_("[status] fail")},         {"fixed", N_("[status] fixed")},       {"na", N_("[status] n/a")},
      {"received", N_("[status] received")}, {"verified", N_("[status] verified")}, {"founded", N_("[status] founded")},
      {"unfounded", N_("[status] unfounded")}, {"approved", N_("[status] approved")}, {"paid", N_("[status] paid")},
      {"duplicate", N_("[status] duplicate")},
      {"lapsed", N_("[status] lapsed")}};
  const auto i = words.find(code);
  if (i == words.end() || !in_chinese()) return code;
  return tr(i->second);
}

std::string person_line(const doc::Node& p) {
  std::string s = p.get_string("name");
  std::vector<std::string> extra;
  for (const char* k : {"organisation", "role"})
    if (!p.get_string(k).empty()) extra.push_back(p.get_string(k));
  if (!extra.empty())
    s += in_chinese() ? fmt::format("（{}）", fmt::join(extra, "，")) : fmt::format(" ({})", fmt::join(extra, ", "));
  if (!p.get_string("phone").empty()) s += "  " + p.get_string("phone");
  return s;
}

std::string render_as(const render::Table& t, const std::string& format, render::Formulas formulas) {
  if (format == "md") return render::render_markdown(t);
  if (format == "csv") return render::render_csv(t, formulas);
  if (format == "json") return render::render_json(t);
  return render::render_text(t);
}

std::string read_input_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(msg("cannot read {}", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<text::Encoding> encoding_option(const std::string& name) {
  if (name.empty()) return std::nullopt;
  const auto e = text::parse_encoding(name);
  if (!e) throw Error(msg("--encoding {}: unknown encoding", name), tr("use utf-8, utf-8-bom or gb18030 (gbk)"));
  return e;
}

void add_sheet_input(CLI::App* command, std::string& file, SheetArgs& args, const std::string& what) {
  command->add_option("file", file, msg("{}: an .xlsx workbook, or CSV (Excel, GB18030 or UTF-8)", what))
    ->required();
  command->add_option("--sheet", args.sheet, tr("The sheet of an .xlsx workbook to read (default: the first)"));
  command->add_option("--encoding", args.encoding, tr("A CSV file's encoding: utf-8, utf-8-bom or gb18030 (default: detected)"));
}

std::string record_word(std::string_view kind) {
  if (kind == "hazard") return tr("hazard");
  if (kind == "tip") return tr("tip");
  if (kind == "inspection") return tr("inspection");
  if (kind == "meeting") return tr("meeting");
  if (kind == "training") return tr("training");
  if (kind == "unit") return tr("unit");
  return std::string(kind);
}

void no_record(const model::Repo& repo, const char* kind, const std::string& id, const std::string& hint) {
  const std::string what = record_word(kind);
  if (const auto it = repo.later.find(id); repo.day && it != repo.later.end())
    throw Error(msg("{} {} did not exist yet on {}: it dates from {}", what, id, repo.day->iso(), it->second.iso()),
                tr("ask about a later day (--as-of), or leave --as-of out for today"));
  throw Error(msg("no {} {}", what, id), hint);
}

Date date_option_or_today(const std::string& value, const char* option) {
  if (value.empty()) return today();
  Date d;
  // As a Chinese input method may type it: ２０２６－１２－０１.
  if (!parse_date(text::as_typed(value), d))
    throw Error(msg("{} {} is not a date", option, value), tr("write YYYY-MM-DD"));
  return d;
}

CLI::IsMember formats(std::initializer_list<const char*> names) {
  return CLI::IsMember(std::vector<std::string>(names.begin(), names.end()));
}

void resolve_language(int argc, char** argv) {
  // The man pages and completions the build generates are English, whatever the builder's locale.
  if (argc > 1 && std::string_view(argv[1]).rfind("__", 0) == 0) return set_language(Language::en, LanguageSource::option);
  std::optional<std::string> dash_c;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    std::optional<std::string_view> value;
    if (a == "--lang" && i + 1 < argc) value = argv[i + 1];
    else if (a.rfind("--lang=", 0) == 0) value = a.substr(7);
    if (value) {
      // An unknown value is refused by the option's own check, in the language found below.
      if (const auto l = parse_language(*value)) return set_language(*l, LanguageSource::option);
    }
    if (a == "-C" && i + 1 < argc) dash_c = argv[i + 1];
    else if (a.size() > 2 && a.rfind("-C", 0) == 0) dash_c = std::string(a.substr(2));
  }
  if (const auto l = language_from_env()) {
    const char* fl = std::getenv("FIREGRID_LANG");
    const bool own = fl && *fl && parse_language(fl);
    return set_language(*l, own ? LanguageSource::env_firegrid : LanguageSource::env_locale);
  }
  try {
    const char* env = std::getenv("FIREGRID_REPO");
    const std::string root = store::find_repo(dash_c, env ? std::optional<std::string>(env) : std::nullopt);
    std::ifstream in(root + "/" + store::kManifest, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const auto manifest = doc::load(store::kManifest, bytes.str());
    if (manifest.document) {
      if (const auto l = parse_language(manifest.document->root.get_string("lang")))
        return set_language(*l, LanguageSource::manifest);
    }
  } catch (const std::exception&) {
    // No repo here, or an unreadable one: the command itself will say so.
  }
  set_language(Language::zh, LanguageSource::fallback);
}

const std::string& Context::repo_root() {
  if (!root_) {
    const char* env = std::getenv("FIREGRID_REPO");
    root_ = store::find_repo(repo_dir, env ? std::optional<std::string>(env) : std::nullopt);
  }
  return *root_;
}

store::RealDisk& Context::disk() {
  if (!disk_) disk_ = std::make_unique<store::RealDisk>(repo_root());
  return *disk_;
}

const schema::Catalog& Context::catalog() {
  if (!catalog_) catalog_ = std::make_unique<schema::Catalog>();
  return *catalog_;
}

void Context::write(const store::Changes& changes, const std::string& message) {
  if (changes.empty()) return;
  disk().commit(changes);
  record_in_git(changes, message);
}

void Context::record_in_git(const store::Changes& changes, const std::string& message) {
  if (changes.empty()) return;
  for (const auto& [path, content] : changes.writes) written_.push_back(path);
  removed_.insert(removed_.end(), changes.removals.begin(), changes.removals.end());
  moved_.insert(moved_.end(), changes.moves.begin(), changes.moves.end());
  bool commit = git_commit;
  if (!commit) {
    const auto text = disk().read(store::kManifest);
    const auto manifest = text ? doc::load(store::kManifest, *text) : doc::LoadResult{};
    const doc::Node* git = manifest.document ? manifest.document->root.find("git") : nullptr;
    const doc::Node* on = git && git->is_mapping() ? git->find("commit") : nullptr;
    commit = on && on->kind() == doc::Kind::boolean && on->as_bool();
  }
  if (commit) store::commit_changes(repo_root(), changes, message);
}

std::string import_file_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

std::string commit_place(const grid::Grid* g) {
  while (g && g->level == grid::Level::group && g->parent) g = g->parent;
  return g ? g->name() : "";
}

const std::string& Context::clone() {
  if (!clone_) clone_ = store::clone_token(repo_root());
  return *clone_;
}

namespace {
bool colour_for(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return ::isatty(fd) == 1;
}
}  // namespace

std::string Context::render(const render::Table& t, const std::string& format) const {
  std::string bytes;
  if (format == "xlsx") {
    std::string name = command.compare(0, 9, "firegrid ") == 0 ? command.substr(9) : command;
    bytes = render::render_xlsx(t, name);
  } else {
    bytes = render_as(t, format, formulas());
    if (format == "csv") bytes = encode_csv_output(bytes, csv_encoding);
  }
  if (!output.empty()) {
    write_output_file(output, bytes);
    return {};
  }
  refuse_binary_on_terminal(*this, format);
  return bytes;
}

void add_table_format(CLI::App* command, std::string& format, Context& ctx) {
  command->add_option("--format", format, tr("text, md, csv, json or xlsx (an Excel workbook: with -o FILE)"))
    ->check(formats({"text", "md", "csv", "json", "xlsx"}));
  command->add_option("-o,--output", ctx.output, tr("Write to FILE (atomically) instead of stdout"))->type_name("FILE");
  command->add_option("--encoding", ctx.csv_encoding,
                      tr("CSV output: utf-8 (default), utf-8-bom or gb18030 (for Excel on Chinese Windows)"))
    ->type_name("ENC");
}

std::string encode_csv_output(const std::string& utf8, const std::string& encoding) {
  const auto e = encoding_option(encoding);
  return e ? text::encode_spreadsheet_text(utf8, *e) : utf8;
}

void write_output_file(const std::string& path, const std::string& bytes) {
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty()) throw Error(msg("-o {}: name a file, not a folder", path));
  store::RealDisk disk(dir);
  store::Changes changes;
  changes.writes[name] = bytes;
  disk.commit(changes);
}

void refuse_binary_on_terminal(const Context& ctx, const std::string& format) {
  if (format == "xlsx" && ctx.stdout_tty())
    throw Error(tr("--format xlsx writes an Excel workbook, which a terminal cannot show"),
                tr("name the file: -o FILE.xlsx (or redirect: > FILE.xlsx)"));
}

store::LockWait Context::lock_wait() const {
  store::LockWait wait;
  wait.timeout_seconds = lock_timeout;
  wait.command = command;
  if (!quiet && ::isatty(STDERR_FILENO) == 1)
    wait.on_wait = [](const store::LockHolder& h) {
      const std::string who =
        h.alive ? fmt::format("{} (pid {}){}", h.command.empty() ? tr("a firegrid command") : h.command, h.pid,
                              h.since.empty() ? "" : msg(" since {}", h.since))
                : tr("another process");
      err("firegrid: " + msg("waiting for the repo lock, held by {}; Ctrl-C stops waiting", who) + "\n");
    };
  return wait;
}

store::RepoLock Context::lock() {
  store::RepoLock held(repo_root(), lock_wait());
  if (const std::size_t steps = disk().recover())
    if (!quiet)
      err("firegrid: " +
          msg("note: finished a change that was interrupted ({} step{} from {})", steps, steps == 1 ? "" : "s",
              store::kJournalFile) +
          "\n");
  return held;
}

void Context::settle() {
  if (!disk().has_journal()) return;
  const store::RepoLock held = lock();  // lock() finishes the change
}

bool Context::stdout_color() const { return colour_for(color, STDOUT_FILENO); }
bool Context::stdout_tty() const { return ::isatty(STDOUT_FILENO) == 1; }
bool Context::stderr_color() const { return colour_for(color, STDERR_FILENO); }

model::Repo Context::load(model::LoadOptions options, const store::Disk* from) {
  if (!from) {
    settle();
    options.settle = [this] { settle(); };
  }
  model::Repo repo = model::load_repo(from ? *from : disk(), catalog(), options);
  if (!repo.tree.root()) {
    print_findings(repo.findings, true);
    throw Error(tr("the repo's grid cannot be read"), tr("run `firegrid check`"));
  }
  if (const std::size_t n = repo.findings.errors(); n && options.note_errors)
    err("firegrid: " +
        (n == 1 ? tr("note: the repo has 1 error; `firegrid check` lists it")
                : msg("note: the repo has {} errors; `firegrid check` lists them", n)) +
        "\n");
  return repo;
}

void Context::print_findings(const Findings& findings, bool to_stderr, const store::Disk* from) {
  const auto source = [this, from](const std::string& path) -> std::optional<std::string> {
    try {
      return from ? from->read(path) : disk().read(path);
    } catch (const Error&) {
      return std::nullopt;
    }
  };
  const std::string text =
    check::render_text(findings, source, to_stderr ? stderr_color() : stdout_color());
  to_stderr ? err(text) : out(text);
}

void Context::say(const std::string& line) const {
  if (write_format == "json")
    said_.push_back(line);
  else if (!quiet)
    out(line + "\n");
}

namespace {

// The id of the record a repo file holds, from its path alone: `…/h-20261110-pfkebd.yaml`,
// a unit's folder for `…/u-…/unit.yaml`, the grid path for `grid/100/201/grid.yaml`; empty
// for other files (attachments, schemas, the manifest).
std::string record_id_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  const std::string folder = slash == std::string::npos ? "" : path.substr(0, slash);
  if (name.size() < 6 || name.compare(name.size() - 5, 5, ".yaml") != 0) return "";
  const std::string stem = name.substr(0, name.size() - 5);
  if (stem == "unit") return folder.substr(folder.find_last_of('/') + 1);
  if (stem == "grid" && folder.rfind("grid", 0) == 0) return folder == "grid" ? "/" : folder.substr(5);
  return std::regex_match(stem, std::regex(R"([a-z]{1,3}-[0-9a-z-]+)")) ? stem : "";
}

}  // namespace

void Context::done() const {
  if (write_format != "json") return;
  nlohmann::ordered_json j;
  j["command"] = command.rfind("firegrid ", 0) == 0 ? command.substr(9) : command;
  j["written"] = nlohmann::ordered_json::array();
  for (std::string path : written_) {
    for (const auto& [from, to] : moved_)  // a file written in a folder that then moved: where it is now
      if (path.rfind(from + "/", 0) == 0) path = to + path.substr(from.size());
    nlohmann::ordered_json w;
    w["path"] = path;
    if (const std::string id = record_id_of(path); !id.empty()) w["id"] = id;
    j["written"].push_back(w);
  }
  j["removed"] = removed_;
  j["moved"] = nlohmann::ordered_json::array();
  for (const auto& [from, to] : moved_) j["moved"].push_back({{"from", from}, {"to", to}});
  j["said"] = said_;
  out(j.dump(2) + "\n");
}

}  // namespace firegrid::cli
