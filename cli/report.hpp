// `firegrid report ...` and `firegrid export`: what the report subcommands share.
#pragma once

#include "context.hpp"

#include <firegrid/report/labels.hpp>
#include <firegrid/report/rollup.hpp>

#include <string>

namespace firegrid::cli {

// Options every report subcommand takes.
struct ReportOptions {
  std::string grid;          // --grid G ("" for the county)
  std::size_t depth = 2;     // --depth N: levels below the grid shown
  std::string as_of;         // --as-of DATE ("" for today, or the commit's date with --at)
  std::string format;        // --format text|md|csv|json|html ("" = text)
  std::string at;            // --at REV: the data as it stood at a git commit
  std::string output;        // -o FILE ("" = stdout)
  std::string encoding;      // --encoding of CSV output: utf-8 (""), utf-8-bom or gb18030
};

// Adds --grid, --as-of, --format (from `formats`), --at, -o and --encoding (CSV)
// to `cmd`, and --depth when the report is a tree of grids (`with_depth`); the working
// lists are flat.
void add_report_options(CLI::App& cmd, ReportOptions& o, std::initializer_list<const char*> formats,
                        bool with_depth = true);

// The repo a report reads: the working tree, or with --at the commit's snapshot
// (store::snapshot). `disk_keeper` keeps the snapshot alive while the Repo is used.
struct ReportRepo {
  std::unique_ptr<store::Disk> disk_keeper;
  model::Repo repo;
  Date as_of;  // --as-of, else the commit's date with --at, else today
};
// The repo is seen as of rr.as_of (model::cut) unless `cut` is false (report diff compares
// the files of two commits as they are). Throws Error when --as-of is after the --at
// commit's day: a commit cannot know the steps taken after it.
// `documents`: the inspections keep their whole documents (export), not only their fields.
ReportRepo load_report_repo(Context& ctx, const ReportOptions& o, bool cut = true, bool documents = false);

// Moves a report's day to an earlier `day` (a period that ended before it), cutting the
// repo there too.
void see_as_of(ReportRepo& rr, const Date& day);

// The report's language: the global --lang, else `policy` (when given)'s report.lang, else
// the interface's language.
report::Lang report_language(const doc::Node* policy);
// The labels in the report's language (report_language of the repo's policy).
report::Labels report_labels(Context& ctx, const ReportOptions& o, const model::Repo& repo);

// Writes `text` to -o FILE (atomically) or stdout; CSV in the --encoding asked for. Throws
// Error for an xlsx workbook to a terminal.
void write_report(const Context& ctx, const ReportOptions& o, const std::string& text);

// --attest --by WHO [--office O]: the report's figures also written as an attestation.
struct AttestRequest {
  bool attest = false;
  std::string by, office;
};
void add_attest_options(CLI::App& cmd, AttestRequest& a);
// With --attest: the repo lock (held while the report reads and the attestation is
// written). Throws Error without --by, or with --at (a commit is not the working tree).
std::optional<store::RepoLock> attest_lock(Context& ctx, const AttestRequest& a, const ReportOptions& o);

// Registered by cli/report.cpp on the `report` command.
void register_report_lists(CLI::App& report, Context& ctx);    // cli/report_lists.cpp: assess, coverage, hazards, due
void register_report_history(CLI::App& report, Context& ctx);  // cli/report_history.cpp: diff, merge

}  // namespace firegrid::cli
