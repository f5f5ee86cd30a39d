// firegrid hazard tip add|verify|reward|pay|list|show, and hazard reveal: tip-offs (举报)
// with the reporter sealed to the township tip office's key. The reporter's details are
// read from the terminal or standard input, never from arguments (which end up in shell
// history and process lists), sealed at once, and the buffers wiped.
#include "context.hpp"

#include <firegrid/schema/modeline.hpp>

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/json.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/width.hpp>
#include <firegrid/tip/seal.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cstdio>
#include <iostream>

#include <fcntl.h>
#include <unistd.h>

namespace firegrid::cli {

namespace {

using hazard::Tip;

const Tip& find_tip(const model::Repo& repo, const std::string& id) {
  for (const auto& t : repo.tips)
    if (t.record.id() == id) return t;
  no_record(repo, "tip", id, tr("`firegrid hazard tip list` shows them"));
}

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

// Sets the field a "key: value" line names. False for a line with no known key.
bool set_field(tip::Identity& who, const std::string& line) {
  static const std::pair<const char*, std::string tip::Identity::*> keys[] = {
    {"name", &tip::Identity::name},       {"姓名", &tip::Identity::name},         {"phone", &tip::Identity::phone},
    {"电话", &tip::Identity::phone},      {"id", &tip::Identity::id_number},     {"id_number", &tip::Identity::id_number},
    {"身份证号", &tip::Identity::id_number}, {"note", &tip::Identity::note},    {"备注", &tip::Identity::note},
  };
  std::size_t sep = line.find_first_of(":=");
  std::size_t skip = 1;
  if (const auto wide = line.find("："); wide != std::string::npos && wide < sep) {
    sep = wide;
    skip = 3;
  }
  if (sep == std::string::npos) return false;
  std::string key = line.substr(0, sep);
  while (!key.empty() && key.back() == ' ') key.pop_back();
  std::size_t start = sep + skip;
  while (start < line.size() && line[start] == ' ') ++start;
  for (const auto& [name, field] : keys)
    if (key == name) {
      who.*field = line.substr(start);
      return true;
    }
  return false;
}

// The reporter from standard input: "name: ..", "phone: ..", "id: ..", "note: .." lines.
tip::Identity identity_from_stdin() {
  tip::Identity who;
  std::string line;
  int n = 0;
  while (std::getline(std::cin, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const bool ok = line.empty() || set_field(who, line);
    wipe(line);
    if (!ok)
      throw Error(msg("line {} of the reporter's details has no known key", n),
                  tr("write name: ..., phone: ..., id: ..., note: ... (or 姓名/电话/身份证号/备注)"));
  }
  return who;
}

// Asks for each field on the terminal.
tip::Identity identity_from_terminal() {
  tip::Identity who;
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) throw Error(tr("no terminal to ask for the reporter's details"), tr("pipe them in with --reporter-stdin, or --anonymous"));
  auto ask = [&](const char* prompt, std::string& into) {
    if (::write(fd, prompt, std::strlen(prompt)) < 0) return;
    char c;
    while (::read(fd, &c, 1) == 1 && c != '\n') into += c;
    c = 0;
  };
  ask("reporter's name (姓名, empty if anonymous): ", who.name);
  ask("phone (电话): ", who.phone);
  ask("id number (身份证号): ", who.id_number);
  ask("anything else they said about themselves (备注): ", who.note);
  ::close(fd);
  return who;
}

struct AddOptions {
  std::string grid, unit, date, channel = "phone", what, where, received_by;
  bool reporter_stdin = false, anonymous = false, another = false;
};

int run_add(Context& ctx, const AddOptions& o) {
  if (o.grid.empty() && o.unit.empty()) throw Error(tr("say where: --grid (a township or below) or --unit"));
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  hazard::NewTip t;
  const unit::Unit* u = o.unit.empty() ? nullptr : &repo.units.resolve(o.unit);
  const grid::Grid* g = u ? u->group : repo.tree.resolve(o.grid);
  const grid::Grid* township = hazard::township_of(*g);
  if (!township) throw Error(tr("a tip is kept by a township's tip office: name a township or a grid below one"));
  t.received_on = date_option_or_today(o.date, "--date");
  t.channel = o.channel;
  t.what = o.what;
  // Where, as the reporter said it; without --where, the unit's name or the grid's names.
  t.where = !o.where.empty() ? o.where : u ? u->name() : g->display_path();
  if (g != township) t.grid = g->path;
  if (u) t.unit = u->id;
  if (!o.received_by.empty()) t.received_by = hazard::parse_actor(o.received_by);
  t.another = o.another;
  t.clone = ctx.clone();
  if (!o.anonymous) {
    const doc::Node* office = township->doc.root.find("tip_office");
    if (!office)
      throw Error(msg("{} has no tip office key to seal the reporter to", township->name()),
                  msg("the office makes one with `firegrid keys init --township {} --out FILE`", township->path));
    if (!o.reporter_stdin && ::isatty(STDIN_FILENO) != 1)
      throw Error(tr("the reporter's details come from the terminal or --reporter-stdin, never from arguments"),
                  tr("pipe name:/phone:/id:/note: lines with --reporter-stdin, or pass --anonymous"));
    tip::Identity who = o.reporter_stdin ? identity_from_stdin() : identity_from_terminal();
    if (who.name.empty() && who.phone.empty() && who.id_number.empty() && who.note.empty())
      throw Error(tr("the reporter's details are empty"), tr("pass --anonymous for an anonymous tip"));
    t.sealed = tip::seal_identity(who, office->get_string("public_key"));
    t.key_id = office->get_string("key_id");
  }
  const auto w = hazard::add_tip(ctx.catalog(), *township, t, repo.tips, today());
  if (w.exists) {
    ctx.say(msg("{} is already recorded: the same day, channel, what and where", w.id));
    ctx.say(tr("if another reporter gave the same tip, record it with --another"));
    return 0;
  }
  ctx.write(w.changes, fmt::format("举报 {} 受理", w.id));  // the tip's id only: nothing of its reporter
  ctx.say(o.anonymous ? msg("received {} at {}'s tip office (anonymous)", w.id, township->name())
                      : msg("received {} at {}'s tip office, reporter sealed to {}", w.id, township->name(), t.key_id));
  bool certain = true;
  const Date reply = repo.calendar.add_working_days(
    t.received_on, hazard::policy_int(repo.policy(), "tips", "reply_working_days", 5), certain);
  ctx.say(certain ? msg("verify it by {}", reply.iso())
                  : msg("verify it by {}? (the holiday calendar does not cover that year)", reply.iso()));
  return 0;
}

struct VerifyOptions {
  std::string id, hazard, date, by, note;
  bool founded = false, unfounded = false;
};

int run_verify(Context& ctx, const VerifyOptions& o) {
  if (o.founded == o.unfounded) throw Error(tr("say what the verification found: --founded or --unfounded"));
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const Tip& t = find_tip(repo, o.id);
  if (!o.hazard.empty()) {
    bool found = false;
    for (const auto& h : repo.hazards) found = found || h.record.id() == o.hazard;
    if (!found) throw Error(msg("no hazard {}", o.hazard), tr("open it first: firegrid hazard open --source tip --tip ..."));
  }
  const Date date = date_option_or_today(o.date, "--date");
  const doc::Node r = hazard::verify_tip(t.record.doc().root, o.founded, o.hazard, date,
                                         o.by.empty() ? doc::Node() : hazard::parse_actor(o.by), o.note, repo.tips, today());
  const auto w = hazard::rewrite_tip(ctx.catalog(), t, r);
  ctx.write(w.changes, fmt::format("举报 {} 核查", w.id));
  if (!r.get_string("duplicate_of").empty())
    ctx.say(msg("{}: founded, a duplicate of {} (whose reporter is rewarded)", w.id, r.get_string("duplicate_of")));
  else
    ctx.say(msg("{}: {}", w.id, o.founded ? "founded, revealed " + o.hazard : std::string("unfounded")));
  return 0;
}

struct RewardOptions {
  std::string id, date, by;
  int amount = -1;
  bool pay = false;
};

int run_reward(Context& ctx, const RewardOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const Tip& t = find_tip(repo, o.id);
  const Date date = date_option_or_today(o.date, "--date");
  const doc::Node r = o.pay ? hazard::pay_tip(t.record.doc().root, date, repo.policy(), today())
                            : hazard::reward_tip(t.record.doc().root, o.amount, date,
                                                 o.by.empty() ? doc::Node() : hazard::parse_actor(o.by), repo.policy(), today());
  const auto w = hazard::rewrite_tip(ctx.catalog(), t, r);
  ctx.write(w.changes, fmt::format("举报 {} {}", w.id, o.pay ? "奖金发放" : "奖励审批"));
  if (o.pay) ctx.say(msg("{}: reward paid on {}", w.id, date.iso()));
  else ctx.say(msg("{}: reward of {} yuan approved on {}", w.id, o.amount, date.iso()));
  return 0;
}

struct ListOptions {
  std::string grid, status, as_of, format = "text";
};

// How a tip came in, in the interface language (the code in English and in JSON/CSV).
std::string channel_words(const std::string& code) {
  static const std::pair<const char*, const char*> kChannels[] = {
      {"phone", "电话"},  {"hotline-119", "119 热线"}, {"hotline-12345", "12345 热线"}, {"letter", "来信"},
      {"visit", "来访"}, {"online", "网上"},          {"wechat", "微信"},              {"other", "其他"}};
  if (in_chinese())
    for (const auto& [id, zh] : kChannels)
      if (code == id) return zh;
  return code;
}

int run_list(Context& ctx, const ListOptions& o) {
  const Date as_of = date_option_or_today(o.as_of, "--as-of");
  model::LoadOptions what(true, true, as_of);
  what.without_inspections();  // tips and the hazards they revealed
  const model::Repo repo = ctx.load(what);
  const grid::Grid* under = o.grid.empty() ? nullptr : repo.tree.resolve(o.grid);
  render::Table t;
  t.columns = {{"id", tr("ID")},          {"received_on", tr("RECEIVED")}, {"township", tr("TOWNSHIP")}, {"channel", tr("CHANNEL")},
               {"where", tr("WHERE")},    {"status", tr("STATUS")},        {"due", tr("DUE")},           {"hazard", tr("HAZARD")},
               {"reward_yuan", tr("REWARD"), render::Align::right, true}, {"what", tr("WHAT")}};
  const bool text = o.format == "text";
  for (const auto& tip : repo.tips) {
    if (under && tip.township != under && hazard::township_of(*under) != tip.township) continue;
    const doc::Node& r = tip.record.doc().root;
    const auto s = hazard::tip_status(r, repo.policy(), repo.calendar, as_of);
    if (!o.status.empty() && s.status != o.status) continue;
    const doc::Node* reward = r.find("reward");
    t.rows.push_back({std::string(tip.record.id()), r.get_string("received_on"), tip.township->name(),
                      text ? channel_words(r.get_string("channel")) : r.get_string("channel"), r.get_string("where"),
                      text ? status_words(s.status) : s.status, s.due ? s.due->iso() + (s.certain ? "" : "?") : "",
                      r.get_string("hazard"), reward && reward->find("amount_yuan") ? reward->find("amount_yuan")->as_string() : "", r.get_string("what")});
    t.row_colours.push_back(text && ctx.stdout_color() && s.light == hazard::Light::red ? "31" : "");
  }
  out(ctx.render(t, o.format));
  return 0;
}

int run_show(Context& ctx, const std::string& id, const std::string& format, const std::string& as_of_s) {
  const Date as_of = date_option_or_today(as_of_s, "--as-of");
  model::LoadOptions what(true, true, as_of);
  what.without_inspections();  // tips and the hazards they revealed
  const model::Repo repo = ctx.load(what);
  const Tip& t = find_tip(repo, id);
  const doc::Node& r = t.record.doc().root;
  if (format == "yaml") {
    out(as_of_s.empty() ? std::string(schema::without_modeline(t.record.doc().text)) : doc::emit(r, ctx.catalog().key_order("tip").get()));
    return 0;
  }
  const auto s = hazard::tip_status(r, repo.policy(), repo.calendar, as_of);
  if (format == "json") {
    nlohmann::ordered_json j;
    j["id"] = t.record.id();
    j["township"] = t.township->path;
    j["file"] = t.record.path;
    j["status"] = s.status;
    j["due"] = s.due ? nlohmann::ordered_json(s.due->iso()) : nlohmann::ordered_json();
    j["record"] = doc::to_ordered_json(r);
    out(j.dump(2) + "\n");
    return 0;
  }
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(N_("id"), t.record.id());
  rows.emplace_back(N_("received"), msg("{} via {}", r.get_string("received_on"), channel_words(r.get_string("channel"))));
  rows.emplace_back(N_("office"), t.township->name());
  if (const doc::Node* by = r.find("received_by")) rows.emplace_back(N_("received by"), person_line(*by));
  rows.emplace_back(N_("what"), r.get_string("what"));
  rows.emplace_back(N_("where"), r.get_string("where"));
  rows.emplace_back(N_("unit"), r.get_string("unit"));
  const doc::Node* rep = r.find("reporter");
  // `anonymous: false` beside a sealed box is a named reporter.
  const bool anonymous = rep && rep->find("anonymous") && rep->find("anonymous")->as_bool();
  rows.emplace_back(N_("reporter"), anonymous ? tr("anonymous")
                                  : msg("sealed to {} (firegrid hazard reveal {} --key FILE)",
                                        rep ? rep->get_string("key_id") : "", t.record.id()));
  if (const doc::Node* v = r.find("verification"))
    rows.emplace_back(N_("verified"), fmt::format("{} {}{}", v->get_string("on"),
                                              status_words(v->find("founded") && v->find("founded")->as_bool() ? "founded" : "unfounded"),
                                              v->find("by") ? tr(", ") + person_line(*v->find("by")) : ""));
  rows.emplace_back(N_("hazard"), r.get_string("hazard"));
  rows.emplace_back(N_("duplicate of"), r.get_string("duplicate_of"));
  if (const doc::Node* w = r.find("reward"))
    rows.emplace_back(N_("reward"), msg("{} yuan, approved {}{}",
                                            w->find("amount_yuan") ? w->find("amount_yuan")->as_string() : "?",
                                            w->get_string("approved_on"),
                                            w->get_string("paid_on").empty() ? "" : msg(", paid {}", w->get_string("paid_on"))));
  rows.emplace_back(N_("status"), s.due ? msg("{} (due {})", status_words(s.status), s.due->iso()) : status_words(s.status));
  rows.emplace_back(N_("file"), t.record.path);
  out(field_lines(rows));
  return 0;
}

int run_reveal(Context& ctx, const std::string& id, const std::string& key_file) {
  const model::Repo repo = ctx.load(model::LoadOptions(true, true).without_inspections());
  const Tip& t = find_tip(repo, id);
  const doc::Node* rep = t.record.doc().root.find("reporter");
  if (!rep || rep->get_string("sealed").empty()) throw Error(msg("{} is anonymous: there is nothing to reveal", id));
  std::string key_text = read_input_file(key_file);
  const tip::SecretKey key = tip::parse_secret_key_file(key_text);
  wipe(key_text);
  if (key.key_id != rep->get_string("key_id"))
    throw Error(msg("{} is sealed to {}, and this is key {} ({})", id, rep->get_string("key_id"), key.key_id,
                            key.township_name),
                tr("use the tip office key it was sealed to"));
  // Only to a terminal: never into a file, a pipe or a log.
  const int fd = ::open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    throw Error(tr("reveal shows the reporter only on a terminal, and there is none"),
                tr("run it in an interactive terminal; it never writes the reporter to a file or a pipe"));
  tip::Identity who = tip::open_identity(rep->get_string("sealed"), key);
  // An empty field says so (rather than ending its line in spaces). By reference: no
  // unwiped copy of a field is made.
  static const std::string not_given = "(not given)";
  auto field = [](const std::string& v) -> const std::string& { return v.empty() ? not_given : v; };
  std::string s = fmt::format("{} ({}, {})\n  name       {}\n  phone      {}\n  id number  {}\n  note       {}\n", id,
                              t.record.doc().root.get_string("received_on"), t.township->name(), field(who.name),
                              field(who.phone), field(who.id_number), field(who.note));
  const bool ok = ::write(fd, s.data(), s.size()) == static_cast<ssize_t>(s.size());
  wipe(s);
  ::close(fd);
  if (!ok) throw Error(tr("could not write to the terminal"));
  (void)ctx;
  return 0;
}

}  // namespace

void register_tip(CLI::App& hazard_cmd, Context& ctx) {
  CLI::App* cmd = hazard_cmd.add_subcommand("tip", tr("Tip-offs (举报): receipt, verification, rewards"));
  cmd->require_subcommand(1);
  {
    auto o = std::make_shared<AddOptions>();
    CLI::App* c = cmd->add_subcommand("add", tr("Receive a tip; the reporter is sealed to the township's key at once"));
    c->add_option("--grid", o->grid, tr("Where: a township or a grid below it"));
    c->add_option("--unit", o->unit, tr("Or the unit it is about"));
    c->add_option("--date", o->date, tr("When it was received (default: today)"));
    c->add_option("--channel", o->channel, tr("phone, hotline-119, hotline-12345, letter, visit, online, wechat, other"))
      ->check(CLI::IsMember({"phone", "hotline-119", "hotline-12345", "letter", "visit", "online", "wechat", "other"}));
    c->add_option("--what", o->what, tr("What the reporter says is wrong"))->required();
    c->add_option("--where", o->where, tr("Where, as the reporter says it (default: the unit's name, or the grid's names)"));
    c->add_option("--received-by", o->received_by, tr("Who took the tip: 李文/槐阳镇举报受理 or name=..,org=.."));
    c->add_flag("--reporter-stdin", o->reporter_stdin,
                tr("Read the reporter from standard input: name: .., phone: .., id: .., note: .. lines"));
    c->add_flag("--anonymous", o->anonymous, tr("An anonymous tip (no reward can be paid)"));
    c->add_flag("--another", o->another,
                tr("Another reporter's tip in the same words as one recorded that day: record it too"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_add(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<VerifyOptions>();
    CLI::App* c = cmd->add_subcommand("verify", tr("Record the verification: --founded with the hazard, or --unfounded"));
    c->add_option("id", o->id, tr("The tip's id (t-...)"))->required();
    c->add_flag("--founded", o->founded, tr("The tip was true (属实)"));
    c->add_flag("--unfounded", o->unfounded, tr("It was not"));
    c->add_option("--hazard", o->hazard, tr("The hazard it revealed (open it first)"));
    c->add_option("--by", o->by, tr("Who verified it"));
    c->add_option("--date", o->date, tr("When (default: today)"));
    c->add_option("--note", o->note, tr("What was found"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_verify(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<RewardOptions>();
    CLI::App* c = cmd->add_subcommand("reward", tr("Approve the reward of a founded tip, within the policy's scale"));
    c->add_option("id", o->id, tr("The tip's id (t-...)"))->required();
    c->add_option("--amount", o->amount, tr("In yuan"))->required();
    c->add_option("--by", o->by, tr("Who approved it"));
    c->add_option("--date", o->date, tr("When (default: today)"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_reward(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<RewardOptions>();
    o->pay = true;
    CLI::App* c = cmd->add_subcommand("pay", tr("Record that an approved reward was paid"));
    c->add_option("id", o->id, tr("The tip's id (t-...)"))->required();
    c->add_option("--date", o->date, tr("When (default: today)"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_reward(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* c = cmd->add_subcommand("list", tr("List tips with where they stand"));
    c->add_option("--grid", o->grid, tr("Only this township's tips"));
    c->add_option("--status", o->status, tr("received, founded, unfounded, duplicate, approved, paid, lapsed"))
      ->check(CLI::IsMember({"received", "founded", "unfounded", "duplicate", "approved", "paid", "lapsed"}));
    c->add_option("--as-of", o->as_of, tr("List them as they stood at the end of this day, clocks judged then (default: today)"));
    add_table_format(c, o->format, ctx);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_list(ctx, *o); }; });
  }
  {
    auto id = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    auto as_of = std::make_shared<std::string>();
    CLI::App* c = cmd->add_subcommand("show", tr("Show one tip (never its reporter)"));
    c->add_option("id", *id, tr("The tip's id (t-...)"))->required();
    c->add_option("--as-of", *as_of, tr("Show it as it stood at the end of this day (default: today)"));
    c->add_option("--format", *format, tr("text, yaml or json"))->check(formats({"text", "yaml", "json"}));
    c->callback([&ctx, id, format, as_of] {
      ctx.action = [&ctx, id, format, as_of] { return run_show(ctx, *id, *format, *as_of); };
    });
  }
  {
    auto id = std::make_shared<std::string>();
    auto key = std::make_shared<std::string>();
    CLI::App* c = hazard_cmd.add_subcommand("reveal", tr("Show a tip's reporter, on the terminal only, with the office's secret key"));
    c->add_option("id", *id, tr("The tip's id (t-...)"))->required();
    c->add_option("--key", *key, tr("The tip office's secret key file"))->required();
    c->callback([&ctx, id, key] { ctx.action = [&ctx, id, key] { return run_reveal(ctx, *id, *key); }; });
  }
}

}  // namespace firegrid::cli
