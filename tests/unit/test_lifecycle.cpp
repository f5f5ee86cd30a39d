// The rectification state machine and its clocks. The expected records, messages and
// dates follow docs/commands/hazard.md; working days were counted by hand from
// schemas/holidays-cn.yaml.
#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using firegrid::Date;
using firegrid::parse_date;
using firegrid::doc::Node;
namespace hazard = firegrid::hazard;
using hazard::Light;
using hazard::State;
using hazard::Step;

namespace {

using firegrid::test::catalog;

constexpr auto d = firegrid::test::date;

using firegrid::test::yaml;
using firegrid::test::text;

// A history event as the emitter writes it, keys in the schema's order.
std::string event_text(const Node& n) {
  const auto order = catalog().key_order("hazard")->property("history")->items();
  return firegrid::doc::emit(n, order.get());
}

using firegrid::test::policy;
using firegrid::test::calendar;
// A general hazard found on Wednesday 2026-09-30, the day before National Day.
const char* const kFound =
  "id: h-20260930-abc123\n"
  "state: found\n"
  "severity: general\n"
  "found_on: '2026-09-30'\n"
  "source: inspection\n"
  "description: 安全出口被锁闭\n"
  "history:\n"
  "  - {date: '2026-09-30', event: open, state: found}\n";

Node found(const char* severity = "general") {
  Node r = yaml(kFound);
  r.set("severity", Node::string(severity));
  return r;
}

Node officer() { return yaml("{name: 王强, organisation: 槐阳镇派出所, role: 民警, phone: '13800138000'}"); }

Step step(const char* event, const char* date, const char* note = "") {
  Step s;
  s.event = event;
  s.date = d(date);
  s.by = officer();
  s.note = note;
  return s;
}

// Far enough ahead that no step below is in the future.
const Date kToday{2027, 6, 30};

Node apply(const Node& r, const Step& s) { return hazard::apply(r, s, policy(), kToday); }

// Applied steps leave a record `check` accepts.
void require_valid(const Node& r) {
  CHECK_NOTHROW(catalog().require_valid("hazard", "grid/100/hazards/h-20260930-abc123.yaml", r));
}

const Node& last_event(const Node& r) {
  const Node* h = r.find("history");
  REQUIRE(h);
  REQUIRE(!h->items().empty());
  return h->items().back();
}

std::size_t history_size(const Node& r) { return r.find("history")->items().size(); }

struct Refusal {
  std::string message, hint;
};

Refusal refused(const Node& r, const Step& s, const Date& today = kToday) {
  try {
    hazard::apply(r, s, policy(), today);
  } catch (const firegrid::Error& e) {
    return {e.what(), e.hint()};
  }
  FAIL("the step '" << s.event << "' was not refused");
  return {};
}

// A record in `state`, by its ordinary path from found.
Node in_state(State s, const char* severity = "general") {
  Node r = found(severity);
  switch (s) {
    case State::found: break;
    case State::fixed: r = apply(r, step("fix", "2026-10-08")); break;
    case State::notified: r = apply(r, step("notice", "2026-10-09")); break;
    case State::reported:
      r = apply(apply(r, step("notice", "2026-10-09")), step("rectify", "2026-10-20"));
      break;
    case State::closed:
      r = apply(apply(r, step("notice", "2026-10-09")), step("verify-pass", "2026-10-21"));
      break;
    case State::reopened:
      r = apply(apply(r, step("fix", "2026-10-08")), step("reopen", "2026-10-12", "纸箱又堆回来了"));
      break;
  }
  REQUIRE(r.get_string("state") == hazard::to_string(s));
  return r;
}

hazard::Clock clock(const Node& r, const char* as_of) { return hazard::clock_of(r, policy(), calendar(), d(as_of)); }

std::string due(const hazard::Clock& c) {
  return c.due ? c.due->iso() + (c.certain ? "" : "?") : std::string("-");
}

}  // namespace

TEST_CASE("the transition table is the one the docs draw", "[lifecycle]") {
  std::vector<std::string> rows;
  for (const auto& t : hazard::transitions()) {
    std::string from;
    for (State s : t.from) from += (from.empty() ? "" : ",") + std::string(hazard::to_string(s));
    rows.push_back(std::string(t.event) + ": " + (from.empty() ? "any" : from) + " -> " +
                   (t.to ? hazard::to_string(*t.to) : "stays"));
  }
  CHECK(rows == std::vector<std::string>{
                  "fix: found,reopened -> fixed",
                  "notice: found,reopened -> notified",
                  "rectify: notified -> reported",
                  "verify-pass: notified,reported -> closed",
                  "verify-fail: notified,reported -> notified",
                  "reopen: fixed,closed -> reopened",
                  "escalate: found,notified,reported,reopened -> stays",
                  "supervise: found,notified,reported,reopened -> stays",
                  "lift: any -> stays",
                  "assess: any -> stays",
                  "decide: any -> stays",
                  "note: any -> stays",
                });
}

TEST_CASE("states by name, in English and Chinese", "[lifecycle]") {
  CHECK(std::string(hazard::to_string(State::notified)) == "notified");
  CHECK(std::string(hazard::chinese(State::notified)) == "限期整改");
  CHECK(std::string(hazard::chinese(State::closed)) == "复查销案");
  CHECK(hazard::parse_state("reported") == State::reported);
  CHECK(hazard::parse_state("当场改正") == State::fixed);
  CHECK(hazard::parse_state("重新打开") == State::reopened);
  CHECK_FALSE(hazard::parse_state("open"));
  CHECK_FALSE(hazard::parse_state(""));
  CHECK(hazard::is_open(State::found));
  CHECK(hazard::is_open(State::notified));
  CHECK(hazard::is_open(State::reported));
  CHECK(hazard::is_open(State::reopened));
  CHECK_FALSE(hazard::is_open(State::fixed));
  CHECK_FALSE(hazard::is_open(State::closed));
  CHECK(hazard::state_of(yaml("{state: closed}")) == State::closed);
  CHECK(hazard::state_of(yaml("{state: gone}")) == State::found);
  CHECK(hazard::state_of(yaml("{id: h-x}")) == State::found);
}

TEST_CASE("default_deadline: 30 days for a general hazard, 90 for a major one", "[lifecycle]") {
  CHECK(hazard::default_deadline(policy(), "general", d("2026-10-09")).iso() == "2026-11-08");
  // 10-09 + 22 = 10-31, + 30 = 11-30, + 31 = 12-31, + 7 = 2027-01-07.
  CHECK(hazard::default_deadline(policy(), "major", d("2026-10-09")).iso() == "2027-01-07");
  // The policy rules; what it lacks falls back to 30 and 90.
  const Node custom = yaml("deadlines: {rectify_days_general: 15}");
  CHECK(hazard::default_deadline(custom, "general", d("2026-10-09")).iso() == "2026-10-24");
  CHECK(hazard::default_deadline(custom, "major", d("2026-10-09")).iso() == "2027-01-07");
  CHECK(hazard::default_deadline(Node::mapping(), "general", d("2026-02-01")).iso() == "2026-03-03");
  CHECK(hazard::policy_int(policy(), "tips", "claim_days", 0) == 90);
  CHECK(hazard::policy_int(policy(), "tips", "nothing", 7) == 7);
  CHECK(hazard::policy_int(yaml("deadlines: {due_soon_days: soon}"), "deadlines", "due_soon_days", 7) == 7);
}

TEST_CASE("a step records who by name, organisation and role, never the phone", "[lifecycle]") {
  CHECK(text(hazard::actor(officer())) == text(yaml("{name: 王强, organisation: 槐阳镇派出所, role: 民警}")));
  CHECK(text(hazard::actor(yaml("{name: 赵洋}"))) == text(yaml("{name: 赵洋}")));
  CHECK(hazard::actor(Node::string("王强")).is_null());
  CHECK(hazard::actor(Node()).is_null());
  CHECK(event_text(hazard::open_event(d("2026-09-30"), officer(), "巡查发现", "general")) ==
        text(yaml("{date: '2026-09-30', event: open, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "note: 巡查发现, severity: general, state: found}")));
  CHECK(event_text(hazard::open_event(d("2026-09-30"), Node(), "", "major")) ==
        text(yaml("{date: '2026-09-30', event: open, severity: major, state: found}")));
}

TEST_CASE("notice, rectify, verify: the ordinary path to closed", "[lifecycle]") {
  Step notice = step("notice", "2026-10-09");
  notice.number = "元消限字〔2026〕第0012号";
  const Node notified = apply(found(), notice);
  require_valid(notified);
  CHECK(notified.get_string("state") == "notified");
  CHECK(notified.get_string("deadline") == "2026-11-08");  // 30 days
  CHECK(text(*notified.find("notice")) ==
        text(yaml("{issued_on: '2026-10-09', number: 元消限字〔2026〕第0012号}")));
  CHECK(history_size(notified) == 2);
  CHECK(event_text(last_event(notified)) ==
        text(yaml("{date: '2026-10-09', event: notice, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "deadline: '2026-11-08', number: 元消限字〔2026〕第0012号, state: notified}")));
  // The record before is untouched.
  CHECK(found().get_string("state") == "found");

  const Node reported = apply(notified, step("rectify", "2026-10-20", "已清理"));
  require_valid(reported);
  CHECK(reported.get_string("state") == "reported");
  CHECK(reported.get_string("reported_on") == "2026-10-20");
  CHECK(reported.get_string("deadline") == "2026-11-08");
  CHECK(event_text(last_event(reported)) ==
        text(yaml("{date: '2026-10-20', event: rectify, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "note: 已清理, state: reported}")));

  const Node closed = apply(reported, step("verify-pass", "2026-10-21"));
  require_valid(closed);
  CHECK(closed.get_string("state") == "closed");
  CHECK(closed.get_string("closed_on") == "2026-10-21");
  CHECK(closed.get_string("reported_on") == "2026-10-20");
  CHECK(history_size(closed) == 4);
  CHECK(last_event(closed).get_string("event") == "verify-pass");
  CHECK(last_event(closed).get_string("state") == "closed");
  CHECK_FALSE(last_event(closed).find("deadline"));

  // The history keeps every state in order.
  std::vector<std::string> states;
  for (const auto& e : closed.find("history")->items()) states.push_back(e.get_string("event") + ">" + e.get_string("state"));
  CHECK(states == std::vector<std::string>{"open>found", "notice>notified", "rectify>reported", "verify-pass>closed"});
}

TEST_CASE("a notice: default or given deadline, 90 days for a major hazard", "[lifecycle]") {
  const Node major = apply(found("major"), step("notice", "2026-10-09"));
  CHECK(major.get_string("deadline") == "2027-01-07");
  CHECK_FALSE(major.find("notice")->find("number"));

  Step given = step("notice", "2026-10-09");
  given.deadline = d("2026-10-16");
  const Node r = apply(found(), given);
  CHECK(r.get_string("deadline") == "2026-10-16");
  CHECK(last_event(r).get_string("deadline") == "2026-10-16");

  // A deadline must come after the step's date.
  given.deadline = d("2026-10-09");
  CHECK(refused(found(), given).message == "the deadline 2026-10-09 is not after 2026-10-09");
  given.deadline = d("2026-10-01");
  CHECK(refused(found(), given).message == "the deadline 2026-10-01 is not after 2026-10-09");

  // A notice clears a report or closing left over from before.
  Node stale = found();
  stale.set("state", Node::string("reopened"));
  stale.set("reported_on", Node::string("2026-10-01"));
  stale.set("closed_on", Node::string("2026-10-02"));
  const Node renewed = apply(stale, step("notice", "2026-10-09"));
  CHECK_FALSE(renewed.find("reported_on"));
  CHECK_FALSE(renewed.find("closed_on"));
}

TEST_CASE("verify-pass straight from notified, verify-fail renews the deadline", "[lifecycle]") {
  const Node notified = in_state(State::notified);
  const Node closed = apply(notified, step("verify-pass", "2026-10-15"));
  CHECK(closed.get_string("state") == "closed");
  CHECK(closed.get_string("closed_on") == "2026-10-15");
  CHECK_FALSE(closed.find("reported_on"));

  // Failed re-check of a report: back to notified, 30 days from the re-check, the report gone.
  const Node failed = apply(in_state(State::reported), step("verify-fail", "2026-10-22", "通道仍被占用"));
  require_valid(failed);
  CHECK(failed.get_string("state") == "notified");
  CHECK(failed.get_string("deadline") == "2026-11-21");
  CHECK_FALSE(failed.find("reported_on"));
  CHECK(failed.find("notice")->get_string("issued_on") == "2026-10-09");
  CHECK(event_text(last_event(failed)) ==
        text(yaml("{date: '2026-10-22', event: verify-fail, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "note: 通道仍被占用, deadline: '2026-11-21', state: notified}")));

  // Failed re-check of a notified hazard, with a deadline given.
  Step fail = step("verify-fail", "2026-11-09");
  fail.deadline = d("2026-11-20");
  const Node again = apply(notified, fail);
  CHECK(again.get_string("state") == "notified");
  CHECK(again.get_string("deadline") == "2026-11-20");
  fail.deadline = d("2026-11-08");
  CHECK(refused(notified, fail).message == "the deadline 2026-11-08 is not after 2026-11-09");
}

TEST_CASE("fix on the spot, reopen, and fix again", "[lifecycle]") {
  const Node fixed = apply(found(), step("fix", "2026-09-30", "当场清理"));
  require_valid(fixed);
  CHECK(fixed.get_string("state") == "fixed");
  CHECK(fixed.get_string("closed_on") == "2026-09-30");
  CHECK_FALSE(fixed.find("deadline"));
  CHECK(event_text(last_event(fixed)) ==
        text(yaml("{date: '2026-09-30', event: fix, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "note: 当场清理, state: fixed}")));

  const Refusal why = refused(fixed, step("reopen", "2026-10-12"));
  CHECK(why.message == "say why it is reopened");
  CHECK(why.hint == "pass --note");

  const Node reopened = apply(fixed, step("reopen", "2026-10-12", "纸箱又堆回来了"));
  require_valid(reopened);
  CHECK(reopened.get_string("state") == "reopened");
  CHECK_FALSE(reopened.find("closed_on"));
  CHECK(last_event(reopened).get_string("state") == "reopened");

  const Node refixed = apply(reopened, step("fix", "2026-10-12"));
  CHECK(refixed.get_string("state") == "fixed");
  CHECK(refixed.get_string("closed_on") == "2026-10-12");
  CHECK(history_size(refixed) == 4);

  // Reopening a closed hazard clears its closing, report and deadline; the notice stays.
  const Node closed = apply(in_state(State::reported), step("verify-pass", "2026-10-21"));
  const Node back = apply(closed, step("reopen", "2026-11-02", "复查后又堵塞"));
  require_valid(back);
  CHECK(back.get_string("state") == "reopened");
  CHECK_FALSE(back.find("closed_on"));
  CHECK_FALSE(back.find("reported_on"));
  CHECK_FALSE(back.find("deadline"));
  CHECK(back.find("notice"));
  // From reopened a new notice may follow.
  const Node renoticed = apply(back, step("notice", "2026-11-03"));
  CHECK(renoticed.get_string("state") == "notified");
  CHECK(renoticed.get_string("deadline") == "2026-12-03");
  CHECK(renoticed.find("notice")->get_string("issued_on") == "2026-11-03");
}

TEST_CASE("a refused step says what the state allows", "[lifecycle]") {
  struct Case {
    State from;
    const char* event;
    const char* message;
    const char* hint;
  };
  const char* const under_notice = "a hazard under notice is closed by its re-check: firegrid hazard verify ID --pass";
  const char* const notice_first =
    "issue the notice first (hazard notice ID), or close it if it was fixed on the spot (hazard close ID --on-spot)";
  const char* const recheck = "a re-check follows a notice: hazard notice ID first";
  const char* const reopen_first = "reopen it first: firegrid hazard reopen ID --note WHY";
  const Case cases[] = {
    {State::notified, "fix", "h-20260930-abc123 is notified (限期整改): it cannot take the step 'fix'", under_notice},
    {State::reported, "fix", "h-20260930-abc123 is reported (整改报告): it cannot take the step 'fix'", under_notice},
    {State::notified, "notice", "h-20260930-abc123 is notified (限期整改): it cannot take the step 'notice'",
     "it is under notice already; a failed re-check sets a new deadline (hazard verify ID --fail)"},
    {State::reported, "notice", "h-20260930-abc123 is reported (整改报告): it cannot take the step 'notice'",
     "in state reported it can be: verify-pass, verify-fail, escalate, supervise"},
    {State::found, "rectify", "h-20260930-abc123 is found (发现): it cannot take the step 'rectify'", notice_first},
    {State::reopened, "rectify", "h-20260930-abc123 is reopened (重新打开): it cannot take the step 'rectify'",
     notice_first},
    {State::reported, "rectify", "h-20260930-abc123 is reported (整改报告): it cannot take the step 'rectify'",
     "in state reported it can be: verify-pass, verify-fail, escalate, supervise"},
    {State::found, "verify-pass", "h-20260930-abc123 is found (发现): it cannot take the step 'verify-pass'", recheck},
    {State::found, "verify-fail", "h-20260930-abc123 is found (发现): it cannot take the step 'verify-fail'", recheck},
    {State::reopened, "verify-pass", "h-20260930-abc123 is reopened (重新打开): it cannot take the step 'verify-pass'",
     recheck},
    {State::found, "reopen", "h-20260930-abc123 is found (发现): it cannot take the step 'reopen'",
     "in state found it can be: fix, notice, escalate, supervise"},
    {State::notified, "reopen", "h-20260930-abc123 is notified (限期整改): it cannot take the step 'reopen'",
     "in state notified it can be: rectify, verify-pass, verify-fail, escalate, supervise"},
    {State::reopened, "reopen", "h-20260930-abc123 is reopened (重新打开): it cannot take the step 'reopen'",
     "in state reopened it can be: fix, notice, escalate, supervise"},
    {State::fixed, "fix", "h-20260930-abc123 is fixed (当场改正): it cannot take the step 'fix'", reopen_first},
    {State::fixed, "notice", "h-20260930-abc123 is fixed (当场改正): it cannot take the step 'notice'", reopen_first},
    {State::closed, "notice", "h-20260930-abc123 is closed (复查销案): it cannot take the step 'notice'", reopen_first},
    {State::closed, "rectify", "h-20260930-abc123 is closed (复查销案): it cannot take the step 'rectify'", reopen_first},
    {State::closed, "verify-pass", "h-20260930-abc123 is closed (复查销案): it cannot take the step 'verify-pass'",
     reopen_first},
    {State::closed, "verify-fail", "h-20260930-abc123 is closed (复查销案): it cannot take the step 'verify-fail'",
     reopen_first},
    {State::closed, "escalate", "h-20260930-abc123 is closed (复查销案): it cannot take the step 'escalate'",
     reopen_first},
    {State::fixed, "supervise", "h-20260930-abc123 is fixed (当场改正): it cannot take the step 'supervise'",
     reopen_first},
  };
  for (const auto& c : cases) {
    CAPTURE(hazard::to_string(c.from), c.event);
    const Node r = in_state(c.from, "major");
    Step s = step(c.event, "2026-12-01", "备注");
    s.to = {"police-bureau"};
    s.authority = "元氏县人民政府";
    s.deadline = d("2027-01-31");
    const Refusal why = refused(r, s);
    CHECK(why.message == c.message);
    CHECK(why.hint == c.hint);
  }
}

TEST_CASE("steps the machine does not take through apply", "[lifecycle]") {
  for (const char* event : {"assess", "decide", "close", "open", ""}) {
    CAPTURE(event);
    CHECK(refused(found(), step(event, "2026-10-01", "x")).message == std::string("unknown hazard step '") + event + "'");
  }
}

TEST_CASE("a step's date: not after today, not before the last step", "[lifecycle]") {
  const Refusal future = refused(found(), step("notice", "2026-10-10"), d("2026-10-09"));
  CHECK(future.message == "the date 2026-10-10 is after today (2026-10-09)");
  // Today itself is fine.
  CHECK(hazard::apply(found(), step("notice", "2026-10-09"), policy(), d("2026-10-09")).get_string("state") ==
        "notified");

  const Refusal early = refused(found(), step("fix", "2026-09-29"));
  CHECK(early.message == "the date 2026-09-29 is before the hazard's last step (2026-09-30)");
  CHECK(early.hint == "steps are recorded in order; give the date it happened");
  // The last step, not found_on, bounds it; the same day is allowed.
  const Node notified = in_state(State::notified);
  CHECK(refused(notified, step("rectify", "2026-10-08")).message ==
        "the date 2026-10-08 is before the hazard's last step (2026-10-09)");
  CHECK(apply(notified, step("rectify", "2026-10-09")).get_string("reported_on") == "2026-10-09");
  // A history out of order: the latest date counts.
  Node odd = found();
  odd.find("history")->push(yaml("{date: '2026-10-05', event: note, note: a, state: found}"));
  odd.find("history")->push(yaml("{date: '2026-10-02', event: note, note: b, state: found}"));
  CHECK(refused(odd, step("note", "2026-10-04", "c")).message ==
        "the date 2026-10-04 is before the hazard's last step (2026-10-05)");
  // A forbidden step is refused for what it is, before its date is looked at.
  CHECK(refused(in_state(State::closed), step("fix", "2020-01-01")).message ==
        "h-20260930-abc123 is closed (复查销案): it cannot take the step 'fix'");
}

TEST_CASE("escalate records each body once, and stays in its state", "[lifecycle]") {
  Step s = step("escalate", "2026-10-01");
  s.to = {"police-bureau", "fire-brigade"};
  const Node once = apply(found("major"), s);
  require_valid(once);
  CHECK(once.get_string("state") == "found");
  CHECK(text(*once.find("escalations")) ==
        text(yaml("- {to: police-bureau, on: '2026-10-01', by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}}\n"
                  "- {to: fire-brigade, on: '2026-10-01', by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}}\n")));
  CHECK(event_text(last_event(once)) ==
        text(yaml("{date: '2026-10-01', event: escalate, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "note: 'police-bureau, fire-brigade', state: found}")));

  // Only the new bodies are added and named; the given note is kept.
  Step more = step("escalate", "2026-10-02", "县政府督办");
  more.to = {"fire-brigade", "county-government"};
  const Node twice = apply(once, more);
  CHECK(twice.find("escalations")->items().size() == 3);
  CHECK(twice.find("escalations")->items()[2].get_string("to") == "county-government");
  CHECK(last_event(twice).get_string("note") == "县政府督办");
  more.note = "";
  CHECK(last_event(apply(once, more)).get_string("note") == "county-government");

  // Nothing new: refused.
  Step same = step("escalate", "2026-10-03");
  same.to = {"police-bureau"};
  CHECK(refused(twice, same).message == "h-20260930-abc123 was escalated to police-bureau already");
  same.to = {"police-bureau", "fire-brigade"};
  CHECK(refused(twice, same).message == "h-20260930-abc123 was escalated to police-bureau, fire-brigade already");
  // Nobody named.
  const Refusal nobody = refused(found(), step("escalate", "2026-10-01"));
  CHECK(nobody.message == "say whom it is reported to");
  CHECK(nobody.hint == "--to police-bureau --to fire-brigade");
  // The same body twice in one step is recorded once.
  Step doubled = step("escalate", "2026-10-01");
  doubled.to = {"police-bureau", "police-bureau"};
  const Node one = apply(found(), doubled);
  CHECK(one.find("escalations")->items().size() == 1);
  CHECK(last_event(one).get_string("note") == "police-bureau");
  // Without a person, the escalation has no `by`.
  doubled.by = Node();
  CHECK_FALSE(apply(found(), doubled).find("escalations")->items()[0].find("by"));
  // A general hazard may be escalated too, from any open state.
  Step any = step("escalate", "2026-10-21");
  any.to = {"safety-committee"};
  CHECK(apply(in_state(State::reported), any).get_string("state") == "reported");
}

TEST_CASE("listed supervision: major hazards only, with authority and deadline; lift takes it off", "[lifecycle]") {
  Step s = step("supervise", "2026-10-10");
  s.authority = "元氏县人民政府";
  s.deadline = d("2026-12-31");

  const Refusal general = refused(found(), s);
  CHECK(general.message == "h-20260930-abc123 is a general hazard; listed supervision is for major hazards");
  CHECK(general.hint == "record the determination first: hazard assess ID ... --decide major");

  Step no_authority = s;
  no_authority.authority = "";
  CHECK(refused(found("major"), no_authority).message == "say who supervises");
  Step no_deadline = s;
  no_deadline.deadline.reset();
  CHECK(refused(found("major"), no_deadline).message == "listed supervision needs its own deadline");
  Step early = s;
  early.deadline = d("2026-10-10");
  CHECK(refused(found("major"), early).message == "the deadline 2026-10-10 is not after 2026-10-10");

  const Node listed = apply(found("major"), s);
  require_valid(listed);
  CHECK(listed.get_string("state") == "found");
  CHECK(text(*listed.find("supervision")) ==
        text(yaml("{authority: 元氏县人民政府, listed_on: '2026-10-10', deadline: '2026-12-31'}")));
  CHECK(event_text(last_event(listed)) ==
        text(yaml("{date: '2026-10-10', event: supervise, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "note: 元氏县人民政府, deadline: '2026-12-31', authority: 元氏县人民政府, state: found}")));
  // Not twice at once.
  Step again = s;
  again.date = d("2026-10-11");
  CHECK(refused(listed, again).message == "h-20260930-abc123 is under supervision by 元氏县人民政府 already");

  const Node lifted = apply(listed, step("lift", "2026-12-20"));
  require_valid(lifted);
  CHECK(lifted.find("supervision")->get_string("lifted_on") == "2026-12-20");
  CHECK(lifted.find("supervision")->get_string("authority") == "元氏县人民政府");
  CHECK(last_event(lifted).get_string("event") == "lift");
  CHECK(last_event(lifted).get_string("state") == "found");
  CHECK(refused(lifted, step("lift", "2026-12-21")).message == "h-20260930-abc123 is not under listed supervision");
  CHECK(refused(found("major"), step("lift", "2026-12-21")).message == "h-20260930-abc123 is not under listed supervision");
  // Listed anew after lifting: the new listing replaces the old one.
  again.date = d("2026-12-21");
  again.authority = "石家庄市安全生产委员会";
  again.deadline = d("2027-03-31");
  const Node relisted = apply(lifted, again);
  CHECK(text(*relisted.find("supervision")) ==
        text(yaml("{authority: 石家庄市安全生产委员会, listed_on: '2026-12-21', deadline: '2027-03-31'}")));

  // Lifting is allowed whatever the state, even once the hazard is closed.
  Node closed = apply(apply(listed, step("notice", "2026-10-12")), step("verify-pass", "2026-11-30"));
  closed = apply(closed, step("lift", "2026-12-01"));
  CHECK(closed.get_string("state") == "closed");
  CHECK(closed.find("supervision")->get_string("lifted_on") == "2026-12-01");
}

TEST_CASE("a note needs its text and leaves the state alone", "[lifecycle]") {
  const Refusal empty = refused(found(), step("note", "2026-10-01"));
  CHECK(empty.message == "a note needs its text");
  CHECK(empty.hint == "pass --note");
  const Node noted = apply(in_state(State::closed), step("note", "2026-11-01", "单位已安装新门"));
  require_valid(noted);
  CHECK(noted.get_string("state") == "closed");
  CHECK(event_text(last_event(noted)) ==
        text(yaml("{date: '2026-11-01', event: note, by: {name: 王强, organisation: 槐阳镇派出所, role: 民警}, "
                  "note: 单位已安装新门, state: closed}")));
  // A step without a person records none; a record without history gets one.
  Node bare = found();
  bare.erase("history");
  Step s = step("note", "2026-10-01", "无人");
  s.by = Node();
  const Node r = apply(bare, s);
  CHECK(history_size(r) == 1);
  CHECK(event_text(last_event(r)) == text(yaml("{date: '2026-10-01', event: note, note: 无人, state: found}")));
}

TEST_CASE("the notice clock runs 3 working days from when it was found", "[lifecycle][calendar]") {
  // Found Wednesday 2026-09-30: the notice is due on the worked Saturday 10-10.
  const Node r = found();
  auto c = clock(r, "2026-10-01");
  CHECK(c.next == "notice");
  CHECK(due(c) == "2026-10-10");
  CHECK(c.light == Light::green);  // 10-10 is after 10-01 + 7
  CHECK(c.flags.empty());
  c = clock(r, "2026-10-03");
  CHECK(c.light == Light::yellow);  // 10-03 + 7 = 10-10
  c = clock(r, "2026-10-10");
  CHECK(c.light == Light::yellow);
  CHECK(c.flags.empty());
  c = clock(r, "2026-10-11");
  CHECK(c.light == Light::red);
  CHECK(c.flags == std::vector<std::string>{"overdue"});

  // Found on a holiday, Friday 2026-09-25: Monday 09-28, 09-29, Wednesday 09-30.
  Node holiday = found();
  holiday.set("found_on", Node::string("2026-09-25"));
  CHECK(due(clock(holiday, "2026-09-25")) == "2026-09-30");
  // Found before the Spring Festival, Thursday 2026-02-12: 02-13, 02-14 (worked), 02-24.
  holiday.set("found_on", Node::string("2026-02-12"));
  CHECK(due(clock(holiday, "2026-02-12")) == "2026-02-24");
  // Found Wednesday 2026-12-30: counted through 2027, which the calendar lacks.
  holiday.set("found_on", Node::string("2026-12-30"));
  c = clock(holiday, "2026-12-30");
  CHECK(due(c) == "2027-01-04?");
  CHECK_FALSE(c.certain);
}

TEST_CASE("under notice: the deadline, then the re-check 3 working days after it", "[lifecycle]") {
  // Notice 2026-10-09, deadline Sunday 11-08.
  const Node r = in_state(State::notified);
  auto c = clock(r, "2026-10-31");
  CHECK(c.next == "rectify");
  CHECK(due(c) == "2026-11-08");
  CHECK(c.light == Light::green);
  CHECK(c.flags.empty());
  CHECK(clock(r, "2026-11-01").light == Light::yellow);
  CHECK(clock(r, "2026-11-08").light == Light::yellow);
  // Past the deadline: the re-check is due Monday 11-09, 11-10, Wednesday 11-11.
  c = clock(r, "2026-11-09");
  CHECK(c.next == "recheck");
  CHECK(due(c) == "2026-11-11");
  CHECK(c.light == Light::red);
  CHECK(c.flags == std::vector<std::string>{"deadline-passed"});
  c = clock(r, "2026-11-12");
  CHECK(c.light == Light::red);
  CHECK(c.flags == std::vector<std::string>{"deadline-passed", "overdue"});
}

TEST_CASE("a report: the re-check 3 working days after it, or after the deadline if that came first",
          "[lifecycle]") {
  const Node notified = in_state(State::notified);  // deadline 2026-11-08
  // Reported Thursday 11-05: Friday 11-06, Monday 11-09, Tuesday 11-10.
  const Node early = apply(notified, step("rectify", "2026-11-05"));
  auto c = clock(early, "2026-11-06");
  CHECK(c.next == "recheck");
  CHECK(due(c) == "2026-11-10");
  CHECK(c.light == Light::yellow);
  CHECK(clock(early, "2026-11-10").light == Light::yellow);
  c = clock(early, "2026-11-11");
  CHECK(c.light == Light::red);
  CHECK(c.flags == std::vector<std::string>{"overdue"});
  // Reported after the deadline: counted from the deadline (11-09, 11-10, 11-11), so
  // the re-check is late the day the report comes in.
  const Node late = apply(notified, step("rectify", "2026-11-20"));
  c = clock(late, "2026-11-20");
  CHECK(due(c) == "2026-11-11");
  CHECK(c.light == Light::red);
  CHECK(c.flags == std::vector<std::string>{"overdue"});

  // Across the Spring Festival: notice 2026-01-30 (deadline 03-01), report Thursday 02-12:
  // 02-13, 02-14 (worked), then Tuesday 02-24 after the holiday.
  Node spring = found();
  spring.set("found_on", Node::string("2026-01-28"));
  spring.find("history")->items()[0].set("date", Node::string("2026-01-28"));
  spring = apply(spring, step("notice", "2026-01-30"));
  CHECK(spring.get_string("deadline") == "2026-03-01");
  spring = apply(spring, step("rectify", "2026-02-12"));
  CHECK(due(clock(spring, "2026-02-12")) == "2026-02-24");
  CHECK(clock(spring, "2026-02-16").light == Light::green);  // 02-16 + 7 = 02-23
  CHECK(clock(spring, "2026-02-17").light == Light::yellow);
  CHECK(clock(spring, "2026-02-25").light == Light::red);
}

TEST_CASE("a notice issued after its 3 working days is flagged late", "[lifecycle]") {
  // Due 10-10; issued Monday 10-12.
  const Node late = apply(found(), step("notice", "2026-10-12"));
  auto c = clock(late, "2026-10-13");
  CHECK(c.next == "rectify");
  CHECK(due(c) == "2026-11-11");
  CHECK(c.flags == std::vector<std::string>{"notice-late"});
  CHECK(c.light == Light::green);
  // Issued on the worked Saturday 10-10 itself: in time.
  CHECK(clock(apply(found(), step("notice", "2026-10-10")), "2026-10-13").flags.empty());
  // After a reopening the clock runs from the reopening: reopened Thursday 2026-12-10,
  // the notice is due Friday 12-11, Monday 12-14, Tuesday 12-15.
  const Node closed = in_state(State::closed);
  const Node reopened = apply(closed, step("reopen", "2026-12-10", "又堵上了"));
  c = clock(reopened, "2026-12-10");
  CHECK(c.next == "notice");
  CHECK(due(c) == "2026-12-15");
  CHECK(c.flags.empty());  // the old notice of 10-09 is not late for this round
  CHECK(clock(apply(reopened, step("notice", "2026-12-16")), "2026-12-16").flags ==
        std::vector<std::string>{"notice-late"});
  CHECK(clock(apply(reopened, step("notice", "2026-12-15")), "2026-12-16").flags.empty());
}

TEST_CASE("a closed hazard has no clock", "[lifecycle]") {
  for (State s : {State::fixed, State::closed}) {
    const auto c = clock(in_state(s, "major"), "2027-06-01");
    CHECK(c.next.empty());
    CHECK_FALSE(c.due);
    CHECK(c.light == Light::none);
    CHECK(c.flags.empty());
    CHECK(std::string(hazard::to_string(c.light)).empty());
  }
  CHECK(std::string(hazard::to_string(Light::green)) == "green");
  CHECK(std::string(hazard::to_string(Light::yellow)) == "yellow");
  CHECK(std::string(hazard::to_string(Light::red)) == "red");
}

TEST_CASE("a major hazard is red until escalated to both the police bureau and the fire brigade",
          "[lifecycle]") {
  const Node major = found("major");
  auto c = clock(major, "2026-10-01");
  CHECK(due(c) == "2026-10-10");
  CHECK(c.light == Light::red);
  CHECK(c.flags == std::vector<std::string>{"not-escalated"});

  Step police = step("escalate", "2026-10-01");
  police.to = {"police-bureau", "county-government"};
  const Node half = apply(major, police);
  CHECK(clock(half, "2026-10-01").light == Light::red);
  CHECK(clock(half, "2026-10-01").flags == std::vector<std::string>{"not-escalated"});

  Step brigade = step("escalate", "2026-10-01");
  brigade.to = {"fire-brigade"};
  const Node both = apply(half, brigade);
  c = clock(both, "2026-10-01");
  CHECK(c.light == Light::green);
  CHECK(c.flags.empty());
  // With every other flag at once, in their order.
  c = clock(apply(major, step("notice", "2026-10-12")), "2027-01-12");  // deadline 2027-01-10
  CHECK(c.next == "recheck");
  CHECK(c.flags == std::vector<std::string>{"deadline-passed", "not-escalated", "notice-late"});
  CHECK(c.light == Light::red);
}

TEST_CASE("a supervision past its own deadline is red until lifted", "[lifecycle]") {
  Step both = step("escalate", "2026-10-01");
  both.to = {"police-bureau", "fire-brigade"};
  Node r = apply(found("major"), both);
  r = apply(r, step("notice", "2026-10-09"));  // deadline 2027-01-07
  Step s = step("supervise", "2026-10-10");
  s.authority = "元氏县人民政府";
  s.deadline = d("2026-12-31");
  r = apply(r, s);
  auto c = clock(r, "2026-12-31");
  CHECK(c.next == "rectify");
  CHECK(due(c) == "2027-01-07");
  CHECK(c.light == Light::yellow);  // the rectification deadline is within 7 days
  CHECK(c.flags.empty());
  c = clock(r, "2027-01-01");
  CHECK(c.light == Light::red);
  CHECK(c.flags == std::vector<std::string>{"supervision-overdue"});
  CHECK(c.certain);  // the deadline is a date, not counted in working days
  const Node lifted = apply(r, step("lift", "2027-01-02"));
  c = clock(lifted, "2027-01-02");
  CHECK(c.light == Light::yellow);
  CHECK(c.flags.empty());
}

TEST_CASE("the clocks read their lengths from the policy", "[lifecycle]") {
  const Node custom = yaml("deadlines: {notice_working_days: 5, recheck_working_days: 1, due_soon_days: 1}");
  // Found 09-30: 10-08, 10-09, 10-10, 10-12, 10-13.
  auto c = hazard::clock_of(found(), custom, calendar(), d("2026-10-11"));
  CHECK(due(c) == "2026-10-13");
  CHECK(c.light == Light::green);
  c = hazard::clock_of(found(), custom, calendar(), d("2026-10-12"));
  CHECK(c.light == Light::yellow);
  // Reported Thursday 11-05: one working day, Friday 11-06.
  const Node reported = apply(in_state(State::notified), step("rectify", "2026-11-05"));
  CHECK(due(hazard::clock_of(reported, custom, calendar(), d("2026-11-05"))) == "2026-11-06");
  // An empty policy falls back to 3, 3 and 7.
  CHECK(due(hazard::clock_of(found(), Node::mapping(), calendar(), d("2026-10-01"))) == "2026-10-10");
}

// ---- a hazard on a past day (on_day) and its closes ----

namespace {

// A mapping's keys sorted, at every depth: a record made in memory (apply appends a key it
// sets anew) and the same record cut by on_day (schema order) compare equal.
Node sorted_keys(Node n) {
  for (auto& i : n.items()) i = sorted_keys(i);
  for (auto& e : n.entries()) e.value = sorted_keys(e.value);
  std::sort(n.entries().begin(), n.entries().end(), [](const Node::Entry& a, const Node::Entry& b) { return a.key < b.key; });
  return n;
}

// The record as it stood at the end of `day`, as YAML text with its keys sorted ("" when
// it was not found yet).
std::string on(const Node& r, const char* day) {
  Node storage;
  const Node* then = hazard::on_day(r, d(day), storage);
  return then ? text(sorted_keys(*then)) : "";
}

}  // namespace

TEST_CASE("on_day: a hazard found later does not exist; later steps are undone", "[lifecycle][history]") {
  const Node notified = apply(found(), step("notice", "2026-10-09"));
  const Node reported = apply(notified, step("rectify", "2026-10-20"));
  const Node closed = apply(reported, step("verify-pass", "2026-10-22"));
  CHECK(on(closed, "2026-09-29").empty());
  CHECK(on(closed, "2026-09-30") == on(found(), "2026-09-30"));
  CHECK(on(closed, "2026-10-09") == text(sorted_keys(notified)));
  CHECK(on(closed, "2026-10-21") == text(sorted_keys(reported)));
  CHECK(on(closed, "2026-10-22") == text(sorted_keys(closed)));
  CHECK(on(closed, "2027-01-01") == text(sorted_keys(closed)));
  // The cut record's keys stand in the schema's order, as a file has them.
  Node storage;
  std::vector<std::string> keys;
  for (const auto& e : hazard::on_day(closed, d("2026-10-21"), storage)->entries()) keys.push_back(e.key);
  CHECK(keys == std::vector<std::string>{"id", "state", "severity", "found_on", "source", "description", "deadline",
                                         "notice", "reported_on", "history"});
  // The clock of a past day is the clock of the record then: open, and red once overdue.
  CHECK(clock(closed, "2026-10-15").next == "rectify");
  CHECK(clock(closed, "2026-10-21").next == "recheck");
  CHECK(clock(closed, "2026-10-23").next.empty());
}

TEST_CASE("on_day: a supervision's deadline is never the rectification deadline", "[lifecycle][history]") {
  Step s = step("supervise", "2026-10-15");
  s.authority = "元氏县人民政府";
  s.deadline = d("2026-10-31");  // earlier than the notice's 2027-01-07
  const Node noticed = apply(found("major"), step("notice", "2026-10-09"));
  const Node listed = apply(noticed, s);
  const Node noted = apply(listed, step("note", "2026-12-01", "仓库搬迁中"));
  Node storage;
  const Node* then = hazard::on_day(noted, d("2026-11-20"), storage);
  REQUIRE(then);
  CHECK(then->get_string("deadline") == "2027-01-07");
  CHECK(then->find("supervision")->get_string("deadline") == "2026-10-31");
  // Past the supervision's deadline: red by its own clock, not overdue by the notice's.
  const auto c = clock(noted, "2026-11-20");
  CHECK(c.light == hazard::Light::red);
  CHECK(std::find(c.flags.begin(), c.flags.end(), "supervision-overdue") != c.flags.end());
  CHECK(std::find(c.flags.begin(), c.flags.end(), "overdue") == c.flags.end());
}

TEST_CASE("on_day: every listing is kept, and a lifted one is not in force", "[lifecycle][history]") {
  Step first = step("supervise", "2026-10-15");
  first.authority = "元氏县人民政府";
  first.deadline = d("2026-12-31");
  Step second = step("supervise", "2026-11-20");
  second.authority = "石家庄市安委会";
  second.deadline = d("2027-02-28");
  const Node r = apply(apply(apply(found("major"), first), step("lift", "2026-11-01")), second);
  CHECK(text(*yaml(on(r, "2026-10-20").c_str()).find("supervision")) ==
        text(sorted_keys(yaml("{authority: 元氏县人民政府, listed_on: '2026-10-15', deadline: '2026-12-31'}"))));
  CHECK(yaml(on(r, "2026-11-05").c_str()).find("supervision")->get_string("lifted_on") == "2026-11-01");
  CHECK(yaml(on(r, "2026-11-25").c_str()).find("supervision")->get_string("authority") == "石家庄市安委会");
  CHECK_FALSE(yaml(on(r, "2026-10-14").c_str()).find("supervision"));
}

TEST_CASE("on_day: the severity a decision set holds from its day", "[lifecycle][history]") {
  Node r = hazard::decide(found(), "major", d("2026-12-10"), "县消防救援大队集体讨论", "", kToday);
  r = hazard::decide(r, "general", d("2026-12-20"), "专家论证", "", kToday);
  CHECK(r.get_string("severity") == "general");
  CHECK(yaml(on(r, "2026-12-09").c_str()).get_string("severity") == "general");
  CHECK(yaml(on(r, "2026-12-15").c_str()).get_string("severity") == "major");
  CHECK_FALSE(yaml(on(r, "2026-12-15").c_str()).find("decision"));  // the record's decision is of 12-20
  // Major on 12-15 and not escalated: flagged then, not after it was decided general again.
  const auto flagged = [&](const char* day) {
    const auto flags = clock(r, day).flags;
    return std::find(flags.begin(), flags.end(), "not-escalated") != flags.end();
  };
  CHECK_FALSE(flagged("2026-12-09"));
  CHECK(flagged("2026-12-15"));
  CHECK_FALSE(flagged("2026-12-21"));
}

TEST_CASE("closes: in time against the deadline in force when the unit reported", "[lifecycle][history]") {
  Step notice = step("notice", "2026-10-09");
  notice.deadline = d("2026-10-20");
  Node r = apply(found(), notice);
  r = apply(r, step("rectify", "2026-10-19"));
  r = apply(r, step("verify-pass", "2026-10-23"));  // closed after the deadline, rectified before
  r = apply(r, step("reopen", "2026-11-01", "又堆放了"));
  Step again = step("notice", "2026-11-02");
  again.deadline = d("2026-11-10");
  r = apply(r, again);
  r = apply(r, step("verify-pass", "2026-11-12"));  // no report since the notice: the close is late
  const auto cs = hazard::closes(r);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].done.iso() == "2026-10-19");
  CHECK(cs[0].in_time);
  CHECK(cs[1].done.iso() == "2026-11-12");  // the rectify before the reopen does not count
  CHECK(cs[1].deadline->iso() == "2026-11-10");
  CHECK_FALSE(cs[1].in_time);
}
