// firegrid attest add: writes an attestation (what held on a day for a grid, signed by a
// person) by hand or from the records; `report ... --attest` writes one from a report.
// docs/commands/attest.md.
#include "context.hpp"

#include <firegrid/attach/attach.hpp>
#include <firegrid/attest/attest.hpp>
#include <firegrid/core/error.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/report/attest.hpp>

#include <fmt/format.h>

#include <regex>

namespace firegrid::cli {

namespace {

struct AttestOptions {
  std::string grid, date, period, by, office, note;
  std::vector<std::string> figures, attach, captions;
};

// --figure KEY=VALUE: a count, a rate done/due, or names separated by 、 or , (a names figure).
attest::Figure parse_figure(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(msg("--figure {}: not KEY=VALUE", spec), tr("write --figure hazards.overdue=12"));
  attest::Figure f;
  f.id = spec.substr(0, eq);
  f.value = spec.substr(eq + 1);
  if (f.id == "people.coordinator-names") {
    f.names = true;
    f.value = std::regex_replace(f.value, std::regex(","), "、");
    return f;
  }
  if (!std::regex_match(f.value, std::regex(R"(\d{1,12}(/\d{1,12})?)")))
    throw Error(msg("--figure {}: {} is not a count or done/due", spec, f.value),
                tr("write a count (hazards.overdue=12) or a rate as done/due (checks.rate=10/12)"));
  return f;
}

}  // namespace

// The attestation of `figures` for `g` on `date`, written through the store. Shared with
// `report ... --attest` (cli/report.cpp).
int write_attestation(Context& ctx, const model::Repo& repo, const grid::Grid& g, const Date& date,
                      const std::optional<Period>& period, std::vector<attest::Figure> figures,
                      const std::string& by, const std::string& office, const std::string& report,
                      const std::string& note, const std::vector<std::string>& attach,
                      const std::vector<std::string>& captions) {
  store::Changes files;
  attest::NewAttestation in;
  in.attachments = stage_attachments(attach, captions, date, files);
  in.date = date;
  in.period = period;
  in.figures = std::move(figures);
  in.by = grid::parse_person(by);
  in.office = office;
  in.report = report;
  in.note = note;
  in.clone = ctx.clone();
  const auto c = attest::record(ctx.catalog(), g, in, repo.attestations);
  if (c.exists) {
    ctx.say(msg("{} is already recorded", c.id));
    return 0;
  }
  store::Changes changes = c.changes;
  for (auto& [path, bytes] : files.writes) changes.writes[path] = std::move(bytes);
  ctx.write(changes, fmt::format("核验 {} 记录（{}，{}）", c.id, g.name(), date.iso()));
  ctx.say(msg("attested {} figure{} for {} on {}: {}", in.figures.size(), plural_s(in.figures.size()), g.display_path(),
              date.iso(), c.path));
  return 0;
}

void add_attach_options(CLI::App* c, std::vector<std::string>& files, std::vector<std::string>& captions) {
  c->add_option("--attach", files,
                tr("A photo, scanned notice or signed form to attach (copied into the repo's files/ by its SHA-256); "
                "repeatable"));
  c->add_option("--caption", captions, tr("A caption for the --attach of the same rank; repeatable"));
}

std::vector<doc::Node> stage_attachments(const std::vector<std::string>& files, const std::vector<std::string>& captions,
                                         const std::optional<Date>& on, store::Changes& changes) {
  if (captions.size() > files.size())
    throw Error(msg("{} captions for {} attached files", captions.size(), files.size()),
                tr("give one --caption after each --attach it describes"));
  std::vector<doc::Node> entries;
  for (std::size_t i = 0; i < files.size(); ++i)
    entries.push_back(attach::stage(files[i], i < captions.size() ? captions[i] : "", on, changes));
  return entries;
}

namespace {

int run_attest_add(Context& ctx, const AttestOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load({true, false});
  const grid::Grid* g = repo.tree.resolve(o.grid);
  const Date date = date_option_or_today(o.date, "--date");
  std::optional<Period> period;
  if (!o.period.empty()) {
    period = attest::period_named(o.period);
    if (!period)
      throw Error(msg("--period {}: not a week, month, half year or year", o.period),
                  tr("write --period as a report names it: 2026-W44, 2026-10, 2026-H2 or 2026"));
    if (date < period->first)
      throw Error(msg("--period {} begins after --date {}", period->name, date.iso()),
                  tr("an attestation's date lies within or after its period"));
  }
  const Period counted = period ? *period : Period{date, date, date.iso()};
  const report::Rollup r = report::compute_each(repo, *g, {{counted, date}}).front();
  std::vector<attest::Figure> figures;
  for (const auto& spec : o.figures) {
    attest::Figure f = parse_figure(spec);
    if (!report::attested_value(r.root, *g, f.id))
      throw Error(msg("--figure {}: no figure {}", spec, f.id),
                  tr("docs/format.md#attestations lists the figures (units.category.<category>, hazards.overdue, "
                  "hazards.major, checks.rate.<kind>, people.coordinators, ...)"));
    figures.push_back(std::move(f));
  }
  if (figures.empty()) figures = report::attestation_figures(r.root, *g);
  return write_attestation(ctx, repo, *g, date, period, std::move(figures), o.by, o.office, "", o.note, o.attach,
                           o.captions);
}

}  // namespace

void register_attest(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("attest", tr("Attestations: figures signed for a grid and a day, that check holds the records to"));
  cmd->require_subcommand(1);
  auto o = std::make_shared<AttestOptions>();
  CLI::App* c = cmd->add_subcommand("add", tr("Attest figures for a grid on a day: as given, or as the records give them now"));
  c->add_option("--grid", o->grid, tr("The grid the figures are of: a path, code or name; / for the county"))->required();
  c->add_option("--date", o->date, tr("The day the figures held, at its end (default: today)"));
  c->add_option("--period", o->period,
                tr("The period of the figures counted over a period: 2026-W44, 2026-10, 2026-H2 or 2026 (default: the day)"));
  c->add_option("--figure", o->figures,
                tr("KEY=VALUE: hazards.overdue=12, checks.rate=10/12, people.coordinator-names=张三,李四; repeatable. "
                "Without it, the records' figures now (units by category, open, overdue and major hazards, "
                "check rates, coordinators)"));
  c->add_option("--by", o->by, tr("Who attests: 王强/槐阳镇安监办 or name=..,org=..[,role=..]"))->required();
  c->add_option("--office", o->office, tr("The office that attests, e.g. 槐阳镇安监办"));
  c->add_option("--note", o->note, tr("A note"));
  add_attach_options(c, o->attach, o->captions);
  c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_attest_add(ctx, *o); }; });
}

}  // namespace firegrid::cli
