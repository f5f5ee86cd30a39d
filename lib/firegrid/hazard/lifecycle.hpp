// A hazard's rectification (整改) as a state machine: every step is an event appended to
// the record's history, and a step the machine forbids is refused with what is allowed.
// The clocks say what is due next and colour it: green on track, yellow due soon, red
// overdue (or a major hazard not escalated, or a supervision past its deadline).
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/policy/calendar.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::hazard {

enum class State { found, fixed, notified, reported, closed, reopened };

const char* to_string(State s);
const char* chinese(State s);
std::optional<State> parse_state(const std::string& s);
bool is_open(State s);  // not fixed and not closed
// The state of a record ("found" when it cannot be read).
State state_of(const doc::Node& record);

// One step asked of a hazard.
struct Step {
  std::string event;  // fix, notice, rectify, verify-pass, verify-fail, reopen, escalate, supervise, lift, note
  Date date;
  doc::Node by;       // a person mapping, or null
  std::string note;
  std::optional<Date> deadline;  // notice and verify-fail (default from the policy), supervise
  std::string number;            // notice: the document's number
  std::vector<std::string> to;   // escalate: police-bureau, fire-brigade, county-government, safety-committee
  std::string authority;         // supervise
  std::string inspection;        // verify-pass, verify-fail: the re-check inspection (i-...), or ""
};

// The events that move a hazard, the states each may start from and where it goes
// (nullopt: it stays). docs/commands/hazard.md draws this table.
struct Transition {
  const char* event;
  std::vector<State> from;  // empty: any state
  std::optional<State> to;
  const char* chinese;
};
const std::vector<Transition>& transitions();

// The default rectification deadline of a hazard of `severity` notified on `date`.
Date default_deadline(const doc::Node& policy, const std::string& severity, const Date& date);

// Applies `step` to a hazard record and returns the new record, its history one event
// longer. Throws Error when the state machine forbids the step (saying what the state
// allows), when the date is before the hazard's last event or after `today`, or when a
// deadline is not after the date.
doc::Node apply(const doc::Node& record, const Step& step, const doc::Node& policy, const Date& today);

// A person as a step records them: name, organisation and role (no phone: a history is
// read by many, and the grid record has the numbers).
doc::Node actor(const doc::Node& person);

// The event that opens a hazard's history, with the severity it was opened with.
doc::Node open_event(const Date& date, const doc::Node& by, const std::string& note, const std::string& severity);

// The hazard as it stood at the end of day `d`, or null when it was found after `d`. Its
// history keeps the steps dated on or before `d`, and every field a step sets (state,
// severity, deadline, notice, reported_on, closed_on, escalations, supervision, decision,
// assessment) is what the kept steps made it: replayed, never today's value. Returns
// `record` itself (no copy) when no step came after `d`, else the cut record in `storage`.
// docs/reports.md ("A record on a past day") states the rules.
const doc::Node* on_day(const doc::Node& record, const Date& d, doc::Node& storage);

// The hazard with every field a step sets made again from its whole history (what on_day
// does on a day after its last step, but always replayed): for a history put together
// from two clones' steps (merge::merge_record). A record without history is returned as is.
doc::Node replayed(const doc::Node& record);

// A close after a passed re-check (verify-pass), judged against the rectification
// deadline in force: the unit's report (the last rectify step since the last notice,
// failed re-check or reopen), or the close itself when there is none, on or before the
// deadline the last notice or failed re-check set. A supervision's deadline is not one.
struct Close {
  Date on;                        // the verify-pass step
  Date done;                      // the rectify step it judged, or `on`
  std::optional<Date> deadline;   // the rectification deadline in force; none: in time
  bool in_time = true;
};
// Every verify-pass of the history, oldest first.
std::vector<Close> closes(const doc::Node& record);

enum class Light { none, green, yellow, red };
const char* to_string(Light l);
const char* chinese(Light l);  // 红, 黄, 绿
// The Chinese of a clock's next step or flag (notice 下达通知, overdue 逾期, ...), for
// lists read by people; the word itself when it has none.
std::string chinese_clock_word(const std::string& word);

// A history event (notice, verify-pass...) in short Chinese words (下达整改通知, 复查合格),
// for tables; `event` itself when it is not one.
std::string chinese_event(const std::string& event);

// What a hazard waits for on `as_of` and how urgent it is, judged on the record as it
// stood at the end of that day (on_day): steps after it are not seen.
struct Clock {
  std::string next;           // notice, rectify, recheck, or "" when closed
  std::optional<Date> due;    // when `next` is due
  Light light = Light::none;  // none when closed
  std::vector<std::string> flags;  // overdue, deadline-passed, not-escalated, supervision-overdue, notice-late
  bool certain = true;        // false when `due` was counted through a year the calendar lacks
};
Clock clock_of(const doc::Node& record, const doc::Node& policy, const policy::Calendar& calendar,
               const Date& as_of);

// Reads policy.<section>.<key> as an integer, or `fallback`.
int policy_int(const doc::Node& policy, const char* section, const char* key, int fallback);

}  // namespace firegrid::hazard
