// What every subcommand shares: the global options, the repo it works on, and output.
// Subcommands register themselves (register_<name>) and set `action`; main runs it
// after parsing, inside the one try.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/error.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/render/table.hpp>
#include <firegrid/text/csv.hpp>
#include <firegrid/text/sheet.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/store/repo.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace firegrid::cli {

// The interface language (docs/i18n.md), decided before the command line is built (its
// help texts are translated): --lang (pre-scanned in argv), FIREGRID_LANG, LC_ALL /
// LC_MESSAGES / LANG, the manifest's `lang` (the repo found from -C or FIREGRID_REPO or the
// current folder), else zh-CN. Calls set_language.
void resolve_language(int argc, char** argv);

// The word for a kind of record ("hazard", "tip", "inspection", "meeting", "training",
// "unit") in the interface language, for messages that name a record's kind.
std::string record_word(std::string_view kind);

// "s" after an English count other than 1: msg("{} unit{}", n, plural_s(n)); a translation
// drops it ({1:.0}).
inline const char* plural_s(std::size_t n) { return n == 1 ? "" : "s"; }

// Whether the interface speaks Chinese: human output then shows a code's Chinese words
// first, the code (what a user types back) in full-width parentheses.
inline bool in_chinese() { return language() == Language::zh; }

// "小商店（small-shop）": Chinese words with the code a user may type back.
std::string zh_with_code(const std::string& chinese, const std::string& code);

// A status or state word of a work list (missed, due, due-soon, overdue, open, done,
// received...) in the interface language, for text output; JSON and CSV keep the code.
std::string status_words(const std::string& code);

struct Context {
  // Global options.
  std::optional<std::string> repo_dir;  // -C DIR
  std::string color = "auto";           // --color auto|always|never
  bool quiet = false;                   // -q
  bool csv_raw = false;                 // --csv-raw: CSV cells as they are, formulas too
  std::optional<double> lock_timeout;   // --lock-timeout SECONDS: nullopt waits as long as the holder runs
  bool git_commit = false;              // --commit: a writing command commits its change with git
  std::string lang;                     // --lang zh|en (resolved before parsing: resolve_language)
  // --format of a command that has no other (every write command): "json" collects what
  // say() would print and what write() wrote, printed at the end as one object (done()).
  std::string write_format = "text";
  std::string command = "firegrid";     // the subcommand chosen ("firegrid unit add"), set by main
  // A list command's -o FILE and --encoding (add_table_format).
  std::string output;
  std::string csv_encoding;

  // The chosen subcommand's work; returns the exit code.
  std::function<int()> action;

  // The repo root, found like git finds its repo (-C, FIREGRID_REPO, walk up).
  const std::string& repo_root();
  store::RealDisk& disk();
  const schema::Catalog& catalog();
  // This clone's token, hashed into every new record's id (store::clone_token).
  const std::string& clone();

  // The repo lock for a write, waited for as the global options say; on a terminal, says
  // on stderr that it waits and for whom (unless -q).
  // Holding it, finishes first a change that a crash interrupted (a journal is left).
  store::RepoLock lock();
  store::LockWait lock_wait() const;
  // Before a read: when a change was interrupted, takes the lock to finish it, so no
  // command ever sees half of one.
  void settle();

  bool stdout_color() const;  // colour on stdout: a TTY, NO_COLOR unset, or --color=always
  bool stdout_tty() const;    // is stdout a terminal (a person reading, not a script)
  bool stderr_color() const;

  // What CSV output does with cells a spreadsheet would run: neutralised unless --csv-raw.
  render::Formulas formulas() const { return csv_raw ? render::Formulas::keep : render::Formulas::neutralise; }
  // A table in the --format asked for (render_as with this run's formulas()); CSV in the
  // --encoding asked for. With -o FILE, writes it there (atomically) and returns "".
  // Throws Error for xlsx to a terminal (a binary workbook is not for reading there).
  std::string render(const render::Table& t, const std::string& format) const;

  // Loads the repo for a command. Fails when the grid cannot be read at all; when
  // records have errors, says so on stderr (once) and goes on. `from` reads another
  // disk than the working tree (a commit's snapshot).
  model::Repo load(model::LoadOptions options, const store::Disk* from = nullptr);

  // Writes a command's change (Disk::commit; nothing when it is empty) and, when --commit
  // or firegrid.yaml's `git.commit: true` asks, commits exactly those files with git, with
  // `message`: Chinese, naming the record, never a tip's reporter (docs/commands/grid.md,
  // "--commit"). Throws Error when the commit fails; the change is written then.
  void write(const store::Changes& changes, const std::string& message);
  // The git half of write: commits the paths of `changes` (written already, e.g. by
  // Disk::commit_each) when --commit or git.commit asks; nothing otherwise.
  void record_in_git(const store::Changes& changes, const std::string& message);

  // Prints findings compiler style to stdout (check) or stderr (other commands), the lines
  // quoted from `from` (a commit's or the index's files) or else the working tree.
  void print_findings(const Findings& findings, bool to_stderr, const store::Disk* from = nullptr);
  // Prints a line to stdout unless -q (with --format json: kept for done()).
  void say(const std::string& line) const;
  // After a command ran: with --format json, what it wrote (paths and the ids of the
  // records), removed and moved, and the lines it said, as one JSON object on stdout
  // (docs/json.md, "What a write command did").
  void done() const;

private:
  mutable std::vector<std::string> said_;
  std::vector<std::string> written_, removed_;
  std::vector<std::pair<std::string, std::string>> moved_;
  std::optional<std::string> root_;
  std::unique_ptr<store::RealDisk> disk_;
  std::unique_ptr<schema::Catalog> catalog_;
  std::optional<std::string> clone_;
};

// Writes s to stdout / stderr as is.
void out(const std::string& s);
void err(const std::string& s);

// The name a commit message gives a place: the village a grid is in (东街村), or the grid
// itself above the villages (槐阳镇, 元氏县).
std::string commit_place(const grid::Grid* g);

// The file name of a path the user gave (a batch file), for a commit message.
std::string import_file_name(const std::string& path);

// "张建国 (派出所, 所长)  13800138000" for a person mapping ("张建国（派出所，所长）" in Chinese).
std::string person_line(const doc::Node& p);

// The text of a `show`: one "key  value" line per non-empty value, keys (message ids,
// marked N_("name") where they are written, shown translated: 名称) padded to one
// width; a value's line breaks continue it on indented lines, and its other control
// characters and bidi overrides are shown escaped (text::terminal_safe), so a record's
// text never drives the terminal.
std::string field_lines(const std::vector<std::pair<std::string, std::string>>& rows);

// A table in the --format asked for: text (default), md, csv (with `formulas`) or json.
std::string render_as(const render::Table& t, const std::string& format, render::Formulas formulas);

// The whole content of a file the user names (a CSV, a mapping), outside the repo.
// Throws Error if it cannot be read.
std::string read_input_file(const std::string& path);

// The value of --encoding: nullopt when empty (detect); throws Error for an unknown name.
std::optional<text::Encoding> encoding_option(const std::string& name);

// What a spreadsheet import reads: `--encoding` (CSV) and `--sheet` (.xlsx), as the
// command line gave them.
struct SheetArgs {
  std::string encoding, sheet;
  text::SheetOptions options() const { return {encoding_option(encoding), sheet}; }
};
// Adds the input file argument, `--encoding` and `--sheet` to an import command.
void add_sheet_input(CLI::App* command, std::string& file, SheetArgs& args, const std::string& what);

// The date an option gives (YYYY-MM-DD), or today when it is empty. Throws Error naming
// the option when it is not a date.
Date date_option_or_today(const std::string& value, const char* option);

// Throws the failure for a record the user named that is not in `repo`: "no <what> ID",
// or, when the repo is seen as of a day before the record came, that it did not exist yet.
[[noreturn]] void no_record(const model::Repo& repo, const char* what, const std::string& id, const std::string& hint);

// The allowed values of --format for a command, for CLI11's check.
CLI::IsMember formats(std::initializer_list<const char*> names);

// Adds a list command's `--format` (text, md, csv, json or xlsx), `-o FILE` and the CSV
// output's `--encoding` (utf-8, utf-8-bom or gb18030); Context::render obeys them.
void add_table_format(CLI::App* command, std::string& format, Context& ctx);

// CSV text (UTF-8) in the encoding `--encoding` named: "" or utf-8 as it is. Throws Error
// for an unknown name.
std::string encode_csv_output(const std::string& utf8, const std::string& encoding);

// Writes `bytes` to the file `path` (outside the repo) atomically. Throws Error when the
// path names a folder or the file cannot be written.
void write_output_file(const std::string& path, const std::string& bytes);

// Refuses a binary workbook for a terminal: name a file (-o) or redirect stdout.
void refuse_binary_on_terminal(const Context& ctx, const std::string& format);

void register_init(CLI::App& app, Context& ctx);
void register_grid(CLI::App& app, Context& ctx);
void register_check(CLI::App& app, Context& ctx);
void register_recover(CLI::App& app, Context& ctx);
void register_modeline(CLI::App& app, Context& ctx);  // cli/modeline.cpp
void register_unit(CLI::App& app, Context& ctx);
void register_inspect(CLI::App& app, Context& ctx);
void register_hazard(CLI::App& app, Context& ctx);
void register_tip(CLI::App& hazard, Context& ctx);  // hazard tip ... and hazard reveal
void register_keys(CLI::App& app, Context& ctx);
void register_meeting(CLI::App& app, Context& ctx);
void register_training(CLI::App& app, Context& ctx);
void register_report(CLI::App& app, Context& ctx);  // cli/report.cpp
void register_export(CLI::App& app, Context& ctx);  // cli/export.cpp
void register_hooks(CLI::App& app, Context& ctx);   // cli/hooks.cpp
void register_history(CLI::App& app, Context& ctx); // cli/history.cpp
void register_attest(CLI::App& app, Context& ctx);  // cli/attest.cpp

// --attach FILE (repeatable) and --caption TEXT (the Nth caption goes with the Nth file).
void add_attach_options(CLI::App* c, std::vector<std::string>& files, std::vector<std::string>& captions);
// The attachments entries of `files`, each stored under files/ by `changes` (attach::stage),
// dated `on`. Throws Error when there are more captions than files.
std::vector<doc::Node> stage_attachments(const std::vector<std::string>& files, const std::vector<std::string>& captions,
                                         const std::optional<Date>& on, store::Changes& changes);

// Writes an attestation of `figures` for `g` on `date` (cli/attest.cpp; report --attest too).
int write_attestation(Context& ctx, const model::Repo& repo, const grid::Grid& g, const Date& date,
                      const std::optional<Period>& period, std::vector<attest::Figure> figures,
                      const std::string& by, const std::string& office, const std::string& report,
                      const std::string& note, const std::vector<std::string>& attach = {},
                      const std::vector<std::string>& captions = {});
void register_resolve(CLI::App& app, Context& ctx); // cli/resolve.cpp: resolve, merge-driver

}  // namespace firegrid::cli
