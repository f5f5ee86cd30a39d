#include <firegrid/hazard/lifecycle.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace firegrid::hazard {

namespace {

using doc::Node;

struct StateName {
  State state;
  const char* id;
  const char* chinese;
};

constexpr StateName kStates[] = {
  {State::found, "found", "发现"},          {State::fixed, "fixed", "当场改正"},
  {State::notified, "notified", "限期整改"}, {State::reported, "reported", "整改报告"},
  {State::closed, "closed", "复查销案"},     {State::reopened, "reopened", "重新打开"},
};

const Transition* find_transition(const std::string& event) {
  for (const auto& t : transitions())
    if (event == t.event) return &t;
  return nullptr;
}

std::string allowed_in(State s) {
  std::vector<std::string> names;
  for (const auto& t : transitions())
    if (!t.from.empty() && std::find(t.from.begin(), t.from.end(), s) != t.from.end()) names.push_back(t.event);
  return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

// What to run instead, for the refusals users meet most.
std::string hint_for(const std::string& event, State s) {
  if (event == "fix" && (s == State::notified || s == State::reported))
    return "a hazard under notice is closed by its re-check: firegrid hazard verify ID --pass";
  if (event == "notice" && s == State::notified)
    return "it is under notice already; a failed re-check sets a new deadline (hazard verify ID --fail)";
  if (event == "rectify" && (s == State::found || s == State::reopened))
    return "issue the notice first (hazard notice ID), or close it if it was fixed on the spot (hazard close ID --on-spot)";
  if ((event == "verify-pass" || event == "verify-fail") && (s == State::found || s == State::reopened))
    return "a re-check follows a notice: hazard notice ID first";
  if (!is_open(s)) return "reopen it first: firegrid hazard reopen ID --note WHY";
  return fmt::format("in state {} it can be: {}", to_string(s), allowed_in(s));
}

// The date `s` names, or `fallback` when it names none.
Date date_or(const std::string& s, const Date& fallback) {
  Date d;
  return parse_date(s, d) ? d : fallback;
}

Date last_event_date(const Node& record) {
  Date last;
  parse_date(record.get_string("found_on"), last);
  if (const Node* h = record.find("history"))
    for (const auto& e : h->items())
      if (Date d; parse_date(e.get_string("date"), d) && last < d) last = d;
  return last;
}

bool escalated_to(const Node& record, const std::string& body) {
  if (const Node* es = record.find("escalations"))
    for (const auto& e : es->items())
      if (e.get_string("to") == body) return true;
  return false;
}


// What the steps of a history make of a hazard, replayed oldest first: the fields apply()
// and decide() write, recomputed from the events alone.
struct Replayed {
  std::string state = "found";
  std::string severity;             // "" until a step names one
  std::string deadline;             // the rectification deadline in force
  std::string reported;             // the unit's report since the last notice, re-check or reopen
  std::string closed;               // the last fix or verify-pass
  const Node* notice = nullptr;     // the last notice step
  const Node* supervise = nullptr;  // the last supervise step
  std::string lifted;               // the lift that ended it
};

void replay_step(Replayed& r, const Node& e) {
  const std::string event = e.get_string("event");
  const std::string date = e.get_string("date");
  if (!e.get_string("state").empty()) r.state = e.get_string("state");
  if (!e.get_string("severity").empty()) r.severity = e.get_string("severity");
  if (event == "notice" || event == "verify-fail") {
    r.deadline = e.get_string("deadline");
    r.reported.clear();
  }
  if (event == "notice") {
    r.notice = &e;
    r.closed.clear();
  } else if (event == "reopen") {
    r.deadline.clear();
    r.reported.clear();
    r.closed.clear();
  } else if (event == "rectify") {
    r.reported = date;
  } else if (event == "fix" || event == "verify-pass") {
    r.closed = date;
  } else if (event == "supervise") {
    r.supervise = &e;
    r.lifted.clear();
  } else if (event == "lift" && r.supervise) {
    r.lifted = date;
  }
}

void set_or_erase(Node& record, const char* key, const std::string& value) {
  if (value.empty()) record.erase(key);
  else record.set(key, Node::string(value));
}

// `record`'s fields made what the replayed steps say; `original` is the uncut record, for
// what steps written before they carried it do not say (a notice's number, an authority).
void set_replayed(Node& record, const Replayed& r, const Node& original, const Date& d) {
  record.set("state", Node::string(r.state));
  if (!r.severity.empty()) record.set("severity", Node::string(r.severity));
  set_or_erase(record, "deadline", r.deadline);
  set_or_erase(record, "reported_on", r.reported);
  set_or_erase(record, "closed_on", r.state == "fixed" || r.state == "closed" ? r.closed : "");
  if (r.notice) {
    Node n = Node::mapping();
    const std::string issued = r.notice->get_string("date");
    n.set("issued_on", Node::string(issued));
    std::string number = r.notice->get_string("number");
    if (const Node* was = original.find("notice"); number.empty() && was && was->get_string("issued_on") == issued)
      number = was->get_string("number");
    if (!number.empty()) n.set("number", Node::string(number));
    record.set("notice", std::move(n));
  } else {
    record.erase("notice");
  }
  if (Node* esc = record.find("escalations")) {
    auto& items = esc->items();
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const Node& e) {
                                 Date on;
                                 return parse_date(e.get_string("on"), on) && d < on;
                               }),
                items.end());
    if (items.empty()) record.erase("escalations");
  }
  if (r.supervise) {
    const std::string listed = r.supervise->get_string("date");
    std::string authority = r.supervise->get_string("authority");
    if (const Node* was = original.find("supervision"); authority.empty() && was && was->get_string("listed_on") == listed)
      authority = was->get_string("authority");
    if (authority.empty()) authority = r.supervise->get_string("note");
    Node s = Node::mapping();
    s.set("authority", Node::string(authority));
    s.set("listed_on", Node::string(listed));
    s.set("deadline", Node::string(r.supervise->get_string("deadline")));
    if (!r.lifted.empty()) s.set("lifted_on", Node::string(r.lifted));
    record.set("supervision", std::move(s));
  } else {
    record.erase("supervision");
  }
  for (const auto& [key, on] : {std::pair{"decision", "decided_on"}, std::pair{"assessment", "assessed_on"}})
    if (const Node* made = record.find(key); made && d < date_or(made->get_string(on), d))
      record.erase(key);
}

}  // namespace

const char* to_string(State s) {
  for (const auto& n : kStates)
    if (n.state == s) return n.id;
  return "?";
}

const char* chinese(State s) {
  for (const auto& n : kStates)
    if (n.state == s) return n.chinese;
  return "?";
}

std::optional<State> parse_state(const std::string& s) {
  for (const auto& n : kStates)
    if (s == n.id || s == n.chinese) return n.state;
  return std::nullopt;
}

bool is_open(State s) { return s != State::fixed && s != State::closed; }

State state_of(const Node& record) { return parse_state(record.get_string("state")).value_or(State::found); }

const std::vector<Transition>& transitions() {
  using S = State;
  static const std::vector<Transition> all = {
    {"fix", {S::found, S::reopened}, S::fixed, "当场改正"},
    {"notice", {S::found, S::reopened}, S::notified, "下达责令限期改正通知书"},
    {"rectify", {S::notified}, S::reported, "单位报告整改完毕"},
    {"verify-pass", {S::notified, S::reported}, S::closed, "复查合格"},
    {"verify-fail", {S::notified, S::reported}, S::notified, "复查不合格，重新限期"},
    {"reopen", {S::fixed, S::closed}, S::reopened, "重新打开"},
    {"escalate", {S::found, S::notified, S::reported, S::reopened}, std::nullopt, "上报"},
    {"supervise", {S::found, S::notified, S::reported, S::reopened}, std::nullopt, "挂牌督办"},
    {"lift", {}, std::nullopt, "摘牌"},
    {"assess", {}, std::nullopt, "重大火灾隐患判定要素"},
    {"decide", {}, std::nullopt, "集体讨论或专家论证"},
    {"note", {}, std::nullopt, "备注"},
  };
  return all;
}

int policy_int(const Node& policy, const char* section, const char* key, int fallback) {
  const Node* s = policy.find(section);
  const Node* v = s ? s->find(key) : nullptr;
  return v && v->kind() == doc::Kind::integer ? static_cast<int>(v->as_int()) : fallback;
}

Date default_deadline(const Node& policy, const std::string& severity, const Date& date) {
  const bool major = severity == "major";
  return date.plus(policy_int(policy, "deadlines", major ? "rectify_days_major" : "rectify_days_general",
                              major ? 90 : 30));
}

Node actor(const Node& person) {
  if (!person.is_mapping()) return Node();
  Node p = Node::mapping();
  for (const char* key : {"name", "organisation", "role"})
    if (const Node* v = person.find(key)) p.set(key, *v);
  return p;
}

Node open_event(const Date& date, const Node& by, const std::string& note, const std::string& severity) {
  Node e = Node::mapping();
  e.set("date", Node::string(date.iso()));
  e.set("event", Node::string("open"));
  if (by.is_mapping()) e.set("by", actor(by));
  if (!note.empty()) e.set("note", Node::string(note));
  e.set("severity", Node::string(severity));
  e.set("state", Node::string("found"));
  return e;
}

Node apply(const Node& record, const Step& step, const Node& policy, const Date& today) {
  const Transition* t = find_transition(step.event);
  if (!t || step.event == "assess" || step.event == "decide")
    throw Error(msg("unknown hazard step '{}'", step.event));
  const State from = state_of(record);
  const std::string id = record.get_string("id");
  if (!t->from.empty() && std::find(t->from.begin(), t->from.end(), from) == t->from.end())
    throw Error(msg("{} is {} ({}): it cannot take the step '{}'", id, to_string(from), chinese(from), step.event),
                hint_for(step.event, from));
  if (today < step.date) throw Error(msg("the date {} is after today ({})", step.date.iso(), today.iso()));
  const Date last = last_event_date(record);
  if (step.date < last)
    throw Error(msg("the date {} is before the hazard's last step ({})", step.date.iso(), last.iso()),
                tr("steps are recorded in order; give the date it happened"));

  Node r = record;
  Node event = Node::mapping();
  event.set("date", Node::string(step.date.iso()));
  event.set("event", Node::string(step.event));
  if (step.by.is_mapping()) event.set("by", actor(step.by));
  if (!step.note.empty()) event.set("note", Node::string(step.note));
  if (!step.inspection.empty()) {
    if (step.event != "verify-pass" && step.event != "verify-fail")
      throw Error(msg("only a re-check names its inspection, not the step '{}'", step.event));
    event.set("inspection", Node::string(step.inspection));
  }
  const std::string severity = record.get_string("severity");

  auto set_deadline = [&](const Date& fallback) {
    const Date deadline = step.deadline.value_or(fallback);
    if (deadline <= step.date)
      throw Error(msg("the deadline {} is not after {}", deadline.iso(), step.date.iso()));
    r.set("deadline", Node::string(deadline.iso()));
    event.set("deadline", Node::string(deadline.iso()));
  };

  if (step.event == "fix") {
    r.set("closed_on", Node::string(step.date.iso()));
  } else if (step.event == "notice") {
    set_deadline(default_deadline(policy, severity, step.date));
    Node notice = Node::mapping();
    notice.set("issued_on", Node::string(step.date.iso()));
    if (!step.number.empty()) {
      notice.set("number", Node::string(step.number));
      event.set("number", Node::string(step.number));
    }
    r.set("notice", std::move(notice));
    r.erase("reported_on");
    r.erase("closed_on");
  } else if (step.event == "rectify") {
    r.set("reported_on", Node::string(step.date.iso()));
  } else if (step.event == "verify-pass") {
    r.set("closed_on", Node::string(step.date.iso()));
  } else if (step.event == "verify-fail") {
    set_deadline(default_deadline(policy, severity, step.date));
    r.erase("reported_on");
  } else if (step.event == "reopen") {
    if (step.note.empty()) throw Error(tr("say why it is reopened"), tr("pass --note"));
    r.erase("closed_on");
    r.erase("reported_on");
    r.erase("deadline");
  } else if (step.event == "escalate") {
    if (step.to.empty()) throw Error(tr("say whom it is reported to"), tr("--to police-bureau --to fire-brigade"));
    Node* list = r.find("escalations");
    if (!list) list = &r.set("escalations", Node::sequence());
    std::vector<std::string> added;
    for (const auto& body : step.to) {
      if (escalated_to(r, body)) continue;
      added.push_back(body);
      Node e = Node::mapping();
      e.set("to", Node::string(body));
      e.set("on", Node::string(step.date.iso()));
      if (step.by.is_mapping()) e.set("by", actor(step.by));
      list->push(std::move(e));
    }
    if (added.empty())
      throw Error(msg("{} was escalated to {} already", id, fmt::join(step.to, ", ")));
    if (step.note.empty()) event.set("note", Node::string(fmt::format("{}", fmt::join(added, ", "))));
  } else if (step.event == "supervise") {
    if (severity != "major")
      throw Error(msg("{} is a general hazard; listed supervision is for major hazards", id),
                  tr("record the determination first: hazard assess ID ... --decide major"));
    if (const Node* s = r.find("supervision"); s && s->get_string("lifted_on").empty())
      throw Error(msg("{} is under supervision by {} already", id, s->get_string("authority")));
    if (step.authority.empty()) throw Error(tr("say who supervises"), tr("--authority 元氏县人民政府"));
    if (!step.deadline) throw Error(tr("listed supervision needs its own deadline"), tr("--deadline YYYY-MM-DD"));
    if (*step.deadline <= step.date)
      throw Error(msg("the deadline {} is not after {}", step.deadline->iso(), step.date.iso()));
    Node s = Node::mapping();
    s.set("authority", Node::string(step.authority));
    s.set("listed_on", Node::string(step.date.iso()));
    s.set("deadline", Node::string(step.deadline->iso()));
    r.set("supervision", std::move(s));
    event.set("deadline", Node::string(step.deadline->iso()));
    event.set("authority", Node::string(step.authority));
    if (step.note.empty()) event.set("note", Node::string(step.authority));
  } else if (step.event == "lift") {
    Node* s = r.find("supervision");
    if (!s || !s->get_string("lifted_on").empty())
      throw Error(msg("{} is not under listed supervision", id));
    s->set("lifted_on", Node::string(step.date.iso()));
  } else if (step.event == "note") {
    if (step.note.empty()) throw Error(tr("a note needs its text"), tr("pass --note"));
  }
  const State to = t->to.value_or(from);
  r.set("state", Node::string(to_string(to)));
  event.set("state", Node::string(to_string(to)));
  Node* history = r.find("history");
  if (!history) history = &r.set("history", Node::sequence());
  history->push(std::move(event));
  return r;
}

// `storage`'s fields (its history kept as it is) made what its steps say, `original`
// being the record they came from (set_replayed); keys in the schema's order.
static void replay_into(Node& storage, const Node& original, const Date& d) {
  Replayed r;
  for (const auto& e : storage.find("history")->items()) replay_step(r, e);
  set_replayed(storage, r, original, d);
  // A field the replay set anew goes where the schema puts it, as a file would have it.
  static const std::vector<std::string> order = {
    "id",          "state",    "severity", "found_on", "source",      "inspection",  "tip",
    "item",        "description", "place", "found_by", "deadline",    "notice",      "reported_on",
    "closed_on",   "escalations", "assessment", "decision", "supervision", "history"};
  const auto rank = [&](const Node::Entry& e) {
    return std::find(order.begin(), order.end(), e.key) - order.begin();
  };
  std::stable_sort(storage.entries().begin(), storage.entries().end(),
                   [&](const Node::Entry& a, const Node::Entry& b) { return rank(a) < rank(b); });
}

const Node* on_day(const Node& record, const Date& d, Node& storage) {
  Date found;
  if (parse_date(record.get_string("found_on"), found) && d < found) return nullptr;
  const Node* history = record.find("history");
  if (!history || !(d < last_event_date(record))) return &record;
  storage = record;
  Node kept = Node::sequence();
  for (const auto& e : history->items())
    if (!(d < date_or(e.get_string("date"), d))) kept.push(e);
  storage.set("history", std::move(kept));
  replay_into(storage, record, d);
  return &storage;
}

Node replayed(const Node& record) {
  if (!record.find("history")) return record;
  Node out = record;
  replay_into(out, record, last_event_date(record));
  return out;
}

std::vector<Close> closes(const Node& record) {
  std::vector<Close> out;
  const Node* history = record.find("history");
  if (!history) return out;
  Replayed r;
  for (const auto& e : history->items()) {
    Date on;
    if (e.get_string("event") == "verify-pass" && parse_date(e.get_string("date"), on)) {
      Close c;
      c.on = on;
      c.done = date_or(r.reported, on);
      if (Date deadline; parse_date(r.deadline, deadline)) c.deadline = deadline;
      c.in_time = !c.deadline || !(*c.deadline < c.done);
      out.push_back(c);
    }
    replay_step(r, e);
  }
  return out;
}

const char* to_string(Light l) {
  switch (l) {
    case Light::green: return "green";
    case Light::yellow: return "yellow";
    case Light::red: return "red";
    case Light::none: break;
  }
  return "";
}

const char* chinese(Light l) {
  switch (l) {
    case Light::green: return "绿";
    case Light::yellow: return "黄";
    case Light::red: return "红";
    case Light::none: break;
  }
  return "";
}

std::string chinese_event(const std::string& event) {
  static const std::pair<const char*, const char*> kEvents[] = {
      {"open", "发现登记"},        {"fix", "当场改正"},         {"notice", "下达整改通知"}, {"rectify", "整改完毕"},
      {"verify-pass", "复查合格"}, {"verify-fail", "复查不合格"}, {"reopen", "重新打开"},     {"escalate", "上报"},
      {"assess", "判定"},          {"decide", "认定等级"},       {"supervise", "挂牌督办"},  {"lift", "摘牌"},
      {"note", "备注"}};
  for (const auto& [id, zh] : kEvents)
    if (event == id) return zh;
  return event;
}

std::string chinese_clock_word(const std::string& word) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"notice", "下达通知"},          {"rectify", "整改"},          {"recheck", "复查"},
      {"deadline-passed", "整改期满"}, {"overdue", "逾期"},          {"not-escalated", "未报告"},
      {"supervision-overdue", "督办逾期"}, {"notice-late", "通知迟发"}};
  for (const auto& [id, zh] : kWords)
    if (word == id) return zh;
  return word;
}

Clock clock_of(const Node& stored, const Node& policy, const policy::Calendar& calendar, const Date& as_of) {
  Clock c;
  Node storage;
  const Node* then = on_day(stored, as_of, storage);
  if (!then) return c;  // not found yet
  const Node& record = *then;
  const State s = state_of(record);
  if (!is_open(s)) return c;
  const int notice_wd = policy_int(policy, "deadlines", "notice_working_days", 3);
  const int recheck_wd = policy_int(policy, "deadlines", "recheck_working_days", 3);
  const int soon = policy_int(policy, "deadlines", "due_soon_days", 7);
  Date found, deadline, reported;
  parse_date(record.get_string("found_on"), found);
  const bool has_deadline = parse_date(record.get_string("deadline"), deadline);
  const bool has_report = parse_date(record.get_string("reported_on"), reported);

  // The notice clock runs from when it was found, or last reopened.
  Date start = found;
  if (const Node* h = record.find("history"))
    for (const auto& e : h->items())
      if (e.get_string("event") == "reopen") parse_date(e.get_string("date"), start);
  if (s == State::found || s == State::reopened) {
    c.next = "notice";
    c.due = calendar.add_working_days(start, notice_wd, c.certain);
  } else if (s == State::notified && has_deadline && deadline < as_of) {
    // The deadline has passed without a report: the re-check is due within days of it.
    c.next = "recheck";
    c.due = calendar.add_working_days(deadline, recheck_wd, c.certain);
    c.flags.push_back("deadline-passed");
  } else if (s == State::notified) {
    c.next = "rectify";
    if (has_deadline) c.due = deadline;
  } else if (s == State::reported) {
    c.next = "recheck";
    const Date from = has_report && (!has_deadline || reported < deadline) ? reported : deadline;
    c.due = calendar.add_working_days(from, recheck_wd, c.certain);
  }

  c.light = Light::green;
  if (c.due && *c.due < as_of) {
    c.light = Light::red;
    c.flags.push_back("overdue");
  } else if (c.due && *c.due <= as_of.plus(soon)) {
    c.light = Light::yellow;
  }
  if (!c.flags.empty() && c.flags.front() == "deadline-passed") c.light = Light::red;
  if (record.get_string("severity") == "major" &&
      !(escalated_to(record, "police-bureau") && escalated_to(record, "fire-brigade"))) {
    c.light = Light::red;
    c.flags.push_back("not-escalated");
  }
  if (const Node* sup = record.find("supervision"); sup && sup->get_string("lifted_on").empty()) {
    Date d;
    if (parse_date(sup->get_string("deadline"), d) && d < as_of) {
      c.light = Light::red;
      c.flags.push_back("supervision-overdue");
    }
  }
  if (const Node* n = record.find("notice")) {
    Date issued;
    bool certain = true;
    if (parse_date(n->get_string("issued_on"), issued) &&
        calendar.add_working_days(start, notice_wd, certain) < issued)
      c.flags.push_back("notice-late");
  }
  return c;
}

}  // namespace firegrid::hazard
