// Opening hazards and writing their steps; tip-offs and their rewards. The record
// transforms live in lifecycle.hpp (the state machine) and major.hpp (GB 35181); this
// file turns them into checked writes.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/hazard/major.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/record/filed.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/text/sheet.hpp>
#include <firegrid/unit/registry.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::hazard {

inline constexpr const char* kTipsDir = "tips";

struct Written {
  std::string id, path;
  store::Changes changes;
  bool exists = false;  // the same record is there already: nothing to write
};

struct NewHazard {
  const grid::Grid* grid = nullptr;  // where it is filed: the unit's group, or the grid itself
  const unit::Unit* unit = nullptr;  // null for a place with no unit
  std::string source;                // inspection, patrol, tip, self-report
  std::string inspection, tip, item, severity = "general", description, place;
  Date date;
  doc::Node by;       // who found it (a person mapping) or null
  std::vector<doc::Node> attachments;  // entries made by attach::stage (photos of the hazard)
  std::string clone;  // this clone's token (store::clone_token), hashed into the id
};

// Opens a hazard (state found). Its id is made from the place, the date, the item and the
// description, so opening the same hazard twice finds the first. Throws Error for an
// unknown checklist item, source or severity, InvalidRecord for an invalid record.
Written open(const schema::Catalog& catalog, const inspect::Checklist& checklist, const NewHazard& h,
             const std::vector<inspect::Hazard>& existing, const Date& today);

// Rewrites a hazard as `record` (made by apply, assess or decide). Throws Error when the
// file could not be read cleanly, InvalidRecord when the result is invalid.
Written rewrite(const schema::Catalog& catalog, const inspect::Hazard& h, const doc::Node& record);

// Records the GB 35181 elements found and the rules' verdict on them.
doc::Node assess(const doc::Node& record, const Edition& edition, const std::string& premises,
                 const std::vector<std::string>& elements, const Verdict& verdict, const Date& date,
                 const doc::Node& by, const Date& today);

// Records the human determination of the severity (who decided, on what basis).
doc::Node decide(const doc::Node& record, const std::string& severity, const Date& date, const std::string& by,
                 const std::string& basis, const Date& today);

// ---- Tips ----

struct Tip {
  record::FiledRecord record;
  const grid::Grid* township = nullptr;  // whose tip office keeps it
};

// Every grid/<township>/tips/*.yaml.
std::vector<Tip> load_tips(record::Reader& reader, const grid::Tree& tree, Findings& findings);

struct NewTip {
  Date received_on;
  std::string channel, what, where, grid, unit;
  doc::Node received_by;
  std::string key_id, sealed;  // the sealed reporter; both empty for an anonymous tip
  bool another = false;  // same day, channel and words as a recorded tip, but another reporter's
  std::string clone;     // this clone's token (store::clone_token), hashed into the id
};

// Records a tip at the township's tip office; `exists` when a tip of the same day,
// channel, what and where is recorded and t.another is not set. Throws Error/InvalidRecord.
Written add_tip(const schema::Catalog& catalog, const grid::Grid& township, const NewTip& t,
                const std::vector<Tip>& existing, const Date& today);

// Verification: founded or not, and the hazard it revealed. A founded tip on a hazard
// that an earlier verified tip revealed becomes its duplicate (no reward).
doc::Node verify_tip(const doc::Node& record, bool founded, const std::string& hazard, const Date& date,
                     const doc::Node& by, const std::string& note, const std::vector<Tip>& tips,
                     const Date& today);

// The reward, within the policy's scale, for a founded, first, named tip.
doc::Node reward_tip(const doc::Node& record, int amount, const Date& date, const doc::Node& by,
                     const doc::Node& policy, const Date& today);

// The payment, within the policy's claim period after the approval.
doc::Node pay_tip(const doc::Node& record, const Date& date, const doc::Node& policy, const Date& today);

// A tip as it stood at the end of day `d`: null when received after it; otherwise its
// verification, reward and payment dated after `d` undone. Returns `record` itself (no
// copy) when nothing came after `d`, else the cut record in `storage`.
const doc::Node* tip_on_day(const doc::Node& record, const Date& d, doc::Node& storage);

// Where a tip stands: received, founded, unfounded, duplicate, approved, paid, lapsed;
// the reply clock while it is unverified.
struct TipStatus {
  std::string status;
  std::optional<Date> due;  // reply due (unverified) or claim ends (approved, unpaid)
  Light light = Light::none;
  bool certain = true;
};
// Judged on the tip as it stood at the end of `as_of` (tip_on_day).
TipStatus tip_status(const doc::Node& record, const doc::Node& policy, const policy::Calendar& calendar,
                     const Date& as_of);

Written rewrite_tip(const schema::Catalog& catalog, const Tip& t, const doc::Node& record);

// The township a grid is in (itself for a township), or null for the county.
const grid::Grid* township_of(const grid::Grid& g);

}  // namespace firegrid::hazard

namespace firegrid::hazard {

// Who took a step, as a user writes it: "name=王强,org=派出所[,role=..,phone=..]", or
// "王强/槐阳镇派出所", or just "王强". Throws Error on a bad spec.
doc::Node parse_actor(const std::string& spec);

// `hazard apply`: a CSV file or .xlsx sheet of steps (hazard, step, date, by, deadline,
// number, note, to, authority; or the Chinese headers), applied in file order, all or nothing.
struct BatchPlan {
  Findings problems;      // row errors, at file:line
  store::Changes changes;
  std::vector<std::string> actions;  // "h-... notice -> notified", one per step
  std::size_t rows = 0, hazards = 0;
};
BatchPlan plan_steps(const schema::Catalog& catalog, const std::vector<inspect::Hazard>& hazards,
                     const doc::Node& policy, const std::string& file, const std::string& bytes,
                     const text::SheetOptions& input, const Date& today);

}  // namespace firegrid::hazard
