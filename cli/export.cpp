// firegrid export: every record as rows (JSON Lines or CSV) for DuckDB, Spark or a spreadsheet.
#include "report.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/report/export.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <map>

namespace firegrid::cli {

namespace {

struct ExportOptions {
  std::string format = "jsonl";
  std::vector<std::string> kinds;
  std::string output, out_dir, at;
  std::string encoding;  // of CSV output
};

// Writes `files` (name -> content) into `dir` as one atomic commit.
void write_files(const std::string& dir, const std::map<std::string, std::string>& files) {
  store::RealDisk disk(dir);
  store::Changes changes;
  changes.writes = files;
  disk.commit(changes);
}

int run_export(Context& ctx, const ExportOptions& o) {
  if (!o.output.empty() && !o.out_dir.empty())
    throw Error(tr("-o and --out-dir exclude each other"), tr("write one file with -o, or a file per kind with --out-dir"));
  if (o.format == "csv" && o.kinds.size() != 1 && o.out_dir.empty())
    throw Error(tr("CSV holds one kind of record per file"),
                tr("name one kind with --kind, or write a file per kind with --out-dir DIR"));
  ReportOptions source;
  source.at = o.at;
  ReportRepo r = load_report_repo(ctx, source, /*cut=*/true, /*documents=*/true);
  const auto rows = report::export_rows(r.repo, o.kinds);
  const std::vector<std::string>& kinds = o.kinds.empty() ? report::export_kinds() : o.kinds;

  if (!o.out_dir.empty()) {
    // One file per kind: <kind>.jsonl or <kind>.csv.
    std::map<std::string, std::string> files;
    for (const auto& kind : kinds) {
      if (o.format == "csv") {
        files[kind + ".csv"] = encode_csv_output(report::to_csv(ctx.catalog(), kind, rows, ctx.formulas()), o.encoding);
      } else {
        std::vector<report::Row> of_kind;
        for (const auto& row : rows)
          if (row.kind + "s" == kind) of_kind.push_back(row);
        files[kind + ".jsonl"] = report::to_jsonl(of_kind);
      }
    }
    std::error_code ec;
    std::filesystem::create_directories(o.out_dir, ec);
    if (ec) throw Error(msg("--out-dir {}: {}", o.out_dir, ec.message()));
    write_files(o.out_dir, files);
    return 0;
  }
  ReportOptions out;
  out.output = o.output;
  out.format = o.format;
  out.encoding = o.encoding;
  write_report(ctx, out, o.format == "csv" ? report::to_csv(ctx.catalog(), kinds.front(), rows, ctx.formulas()) : report::to_jsonl(rows));
  return 0;
}

}  // namespace

void register_export(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExportOptions>();
  auto* c = app.add_subcommand("export", tr("Every record as rows: JSON Lines or CSV, for DuckDB, Spark or a spreadsheet"));
  c->add_option("--format", o->format, tr("jsonl (one record per line) or csv (one kind per file)"))
    ->check(formats({"jsonl", "csv"}))
    ->capture_default_str()
    ->type_name("FORMAT");
  c->add_option("--kind", o->kinds, tr("Only these kinds: units inspections hazards tips meetings trainings grids"))
    ->check(CLI::IsMember(report::export_kinds()))
    ->type_name("KIND");
  c->add_option("-o,--output", o->output, tr("Write to FILE (atomically) instead of stdout"))->type_name("FILE");
  c->add_option("--out-dir", o->out_dir, tr("Write one file per kind into DIR (<kind>.jsonl or <kind>.csv)"))
    ->type_name("DIR");
  c->add_option("--at", o->at, tr("Export the data as it stood at a git commit"))->type_name("REV");
  c->add_option("--encoding", o->encoding, tr("CSV output: utf-8 (default), utf-8-bom or gb18030 (for Excel on Chinese Windows)"))
    ->type_name("ENC");
  c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_export(ctx, *o); }; });
}

}  // namespace firegrid::cli
