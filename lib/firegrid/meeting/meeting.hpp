// Meetings, trainings, publicity and drills: the records of the grid's "mechanism" (joint
// meetings with their action items, training of certified posts, seasonal publicity),
// filed at the grid that held them, and the cadence rules that say which grid is due.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/record/filed.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace firegrid::meeting {

inline constexpr const char* kMeetingsDir = "meetings";
inline constexpr const char* kTrainingsDir = "trainings";
inline constexpr const char* kPublicityDir = "publicity";

// A kind of meeting or event: its id, its Chinese name and, for a meeting, the level of
// the grid that holds it (nullopt: any level).
struct Kind {
  const char* id;       // joint-meeting
  const char* chinese;  // 联席会议
  std::optional<grid::Level> level;
};
const std::vector<Kind>& meeting_kinds();
const std::vector<Kind>& training_kinds();
// By id or Chinese name in `kinds`; nullptr when unknown.
const Kind* find_kind(const std::vector<Kind>& kinds, const std::string& id_or_chinese);
// Throws Error "unknown <what> '<s>'" listing the kinds when `s` is not one of them.
const Kind& require_kind(const std::vector<Kind>& kinds, const std::string& s, const char* what);

struct Action {
  std::string what, owner;
  Date due;
  std::optional<Date> done;
};

struct Meeting {
  record::FiledRecord record;
  const grid::Grid* grid = nullptr;  // the grid that held it: its folder
  std::string kind;
  Date date;
  std::vector<Action> actions;  // numbered from 1
};

struct Training {
  record::FiledRecord record;
  const grid::Grid* grid = nullptr;
  std::string kind;  // training, publicity, drill
  Date date;
  long reached = 0;
  std::string campaign;
};

// Reads every meeting and training record under the grid and checks what the schemas
// cannot: a meeting's kind fits the level of its grid, the hazards and grids its action
// items name exist, an action is not done before the meeting; a training or drill is
// filed in trainings/, publicity in publicity/.
void load(record::Reader& reader, const grid::Tree& tree,
          const std::set<std::string>& hazard_ids, std::vector<Meeting>& meetings,
          std::vector<Training>& trainings, Findings& findings);

// What `meeting add` records.
struct NewAction {
  std::string what;
  doc::Node owner;
  Date due;
  std::optional<Date> done;  // already done (a batch of past meetings)
  std::vector<std::string> hazards, grids;  // hazard ids, grid paths
};

struct NewMeeting {
  std::string kind, title, place, summary;
  Date date;
  doc::Node chair;
  std::vector<doc::Node> attendees, absent;
  std::vector<std::string> agenda, decisions;
  std::vector<NewAction> actions;
  std::vector<doc::Node> attachments;  // entries made by attach::stage (the signed sheet, photos)
  std::string clone;  // this clone's token (store::clone_token), hashed into the id
};

struct Created {
  std::string id;
  std::string path;
  store::Changes changes;
  bool exists = false;  // the same record is already there (same grid, kind, date, chair or title)
};

// Records a meeting held by `g`. Its id is made from where, what kind, when and who
// chaired, so recording it twice finds the first (`exists`). Throws Error when the kind
// is unknown or does not fit the grid's level, or an action names an unknown hazard or
// grid or is done before the meeting; InvalidRecord when the record would be invalid.
Created record(const schema::Catalog& catalog, const grid::Tree& tree, const std::set<std::string>& hazard_ids,
               const grid::Grid& g, const NewMeeting& in, const std::vector<Meeting>& existing);

// Marks action `number` (from 1) of `m` done on `date`. Throws Error when there is no
// such action, it is already done, or the date is before the meeting.
Created close_action(const schema::Catalog& catalog, const Meeting& m, std::size_t number, const Date& date);

// What `training add` records.
struct NewTraining {
  std::string kind, title, place, campaign, audience, summary;
  Date date;
  long reached = 0;
  std::optional<doc::Node> organiser;
  std::vector<doc::Node> certified;
  std::vector<doc::Node> attachments;  // entries made by attach::stage (the signed sheet, photos)
  std::string clone;  // this clone's token (store::clone_token), hashed into the id
};

// Records a training, drill or publicity event held by `g`, in trainings/ or publicity/.
// Throws Error for an unknown kind; InvalidRecord when the record would be invalid.
Created record_training(const schema::Catalog& catalog, const grid::Grid& g, const NewTraining& in,
                        const std::vector<Training>& existing);

// One line of `meeting due`.
struct DueRow {
  std::string grid;    // path
  std::string place;   // the grid's name
  std::string kind;    // joint-meeting, leading-group, or "action"
  std::string period;  // 2026-11/12 for a cadence, or "" for an action
  Date due;            // the last day of the period, or the action's due date
  std::string status;  // missed, due (cadences); overdue, due-soon (actions)
  std::string last;    // the date of the last meeting of the kind, or ""
  std::string meeting; // for an action: the meeting's id
  std::size_t action = 0;  // for an action: its number
  std::string what, owner;
};

// Which grids at or below `under` missed what a cadence of meetings or events asks of them
// (`cadences` resolved by model::resolve_cadences: the joint meeting held by the grid
// itself; training, publicity or drills at or below it) in the previous period, or still
// need it in the current one (ending within `within` days of `as_of`), and which open
// action items are past their due date (overdue) or fall due within `within` days
// (due-soon). An action done after as_of counts as open; meetings after as_of do not count.
std::vector<DueRow> due(const grid::Tree& tree, const std::vector<Meeting>& meetings,
                        const std::vector<Training>& trainings, const std::vector<policy::Cadence>& cadences,
                        const doc::Node& policy, const grid::Grid& under, const Date& as_of, int within);

}  // namespace firegrid::meeting
