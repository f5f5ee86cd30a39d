// Inspections and patrols: the records that prove the grid's checks happen, the checklist
// catalogue they cite, and the cadence rules that say who is due.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/record/filed.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/unit/registry.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace firegrid::inspect {

inline constexpr const char* kInspectionsDir = "inspections";
inline constexpr const char* kHazardsDir = "hazards";

struct Kind {
  const char* id;       // village-check
  const char* chinese;  // 日常检查
  grid::Level level;    // the grid level a check of this kind covers when filed at a grid
};
const std::vector<Kind>& kinds();
const Kind* find_kind(const std::string& id_or_chinese);

// schemas/checklists.yaml.
class Checklist {
public:
  struct Item {
    std::string code, text, english;
    bool all = false;                 // applies to every place
    std::set<std::string> categories; // else the unit categories it applies to
    std::string basis;                // the legal basis a notice cites, or ""
  };
  explicit Checklist(const schema::Catalog& catalog);
  const std::vector<Item>& items() const { return items_; }
  const Item* find(const std::string& code) const;
  // The items for a unit category ("" for a grid patrol: the items that apply to all).
  std::vector<const Item*> for_category(const std::string& category) const;

private:
  std::vector<Item> items_;
};

struct Inspection {
  // Its id and file; its document and text only when the command asked for them
  // (LoadWhat::documents): a county's year is 260,000 inspections.
  record::FiledRecord record;
  const grid::Grid* grid = nullptr;  // the grid it covers: where it is filed, or the unit's group
  const unit::Unit* unit = nullptr;  // the unit inspected; null for a check of a grid
  Date date;
  std::string kind;
  std::vector<std::string> visited;  // units a grid check visited
  std::string result;                // pass, fail, ...
  std::string declared_id;           // the id its file says when it is not its file name's, else ""
  // Their names, one a line (a name is one line): one string, not a list of them, as a
  // county's year has 260,000 inspections.
  std::string inspector_lines;
  std::vector<std::string_view> inspectors() const;
  struct Link {
    std::string hazard;
    doc::Mark mark;
  };
  std::vector<Link> hazard_links;  // the hazards its failed items opened
  // A failed item and its ending, if any (docs/format.md "Failed items and their endings").
  struct FailedItem {
    std::string code;
    std::string hazard;          // the hazard opened from it, or ""
    bool fixed = false;          // fixed on the spot
    std::optional<Date> waived;  // the day of its waiver
    doc::Mark mark;              // of its code
  };
  std::vector<FailedItem> failed;
};

struct Hazard {
  record::FiledRecord record;
  const grid::Grid* grid = nullptr;
  const unit::Unit* unit = nullptr;
};

// What a command needs of the inspections: none (a command about hazards reads no
// inspection file), their fields, or their whole documents too (show, edit, export).
struct LoadWhat {
  bool inspections = true;
  bool documents = false;
};

// Reads every inspection and hazard under the grid and its units, and checks what the
// schemas cannot: dates are real, checklist codes exist, visited units exist below the
// grid, linked hazards exist, the result agrees with the items.
void load(record::Reader& reader, const grid::Tree& tree, const unit::Registry& units,
          std::vector<Inspection>& inspections, std::vector<Hazard>& hazards, Findings& findings,
          const LoadWhat& what = {});

// What `inspect add` and a batch row record.
struct NewInspection {
  std::string kind;
  Date date;
  std::string time;  // HH:MM or empty
  std::vector<doc::Node> inspectors;
  std::vector<std::string> visited;  // unit ids, for a check of a grid
  struct Item {
    std::string code, status, note;  // status: pass, fail, fixed (failed, fixed on the spot) or na
  };
  std::vector<Item> items;
  std::string summary;
  bool open_hazards = false;  // open a hazard for every failed item
  std::string clone;          // this clone's token (store::clone_token), hashed into the id
};

struct Created {
  std::string id;
  std::string path;
  std::vector<std::string> hazards;
  store::Changes changes;
  bool exists = false;  // the same inspection is already recorded (same place, kind, date, time, inspectors)
};

// Records an inspection of `unit`, or of `grid` when unit is null. Its id is made from
// where, what kind, when and by whom, so recording the same inspection twice finds the
// first (`exists`) instead of adding another. Throws Error when a code is unknown, a
// visited unit is not below the grid, or the record would be invalid.
// The files of recorded inspections (views of `inspections`' paths), for record().
using Recorded = std::unordered_set<std::string_view>;
Recorded recorded_paths(const std::vector<Inspection>& inspections);

Created record(const schema::Catalog& catalog, const Checklist& checklist, const unit::Registry& units,
               const grid::Grid& grid, const unit::Unit* unit, const NewInspection& in,
               const Recorded& existing);

// A waiver of failed items: who decided that they need neither a hazard nor a fix on the
// spot, why, and when.
struct Waiver {
  std::vector<std::string> codes;
  doc::Node by;  // a person mapping
  std::string reason;
  Date date;
};

// Changes a recorded inspection: items set anew by code (others kept), the summary if not
// empty; hazards opened for newly failed items when asked. Its id stays. Throws Error for
// an unreadable record or an unknown code, InvalidRecord when it would be invalid.
// An item given as `fixed` is recorded as failed and fixed on the spot; one given as
// `fail` keeps its hazard (a waiver or fix of the item it replaces is dropped). `waiver`
// (when it names codes) is recorded on those items after the items are set: each must be
// failed and not followed otherwise, and the waiver dated from the inspection's day to
// `today` (Error otherwise).
Created edit(const schema::Catalog& catalog, const Checklist& checklist, const Inspection& in,
             const std::vector<NewInspection::Item>& items, const std::string& summary, bool open_hazards,
             const Waiver& waiver, const Date& today);

// A failed item with no ending on a day (an "unfollowed failed item").
struct Unfollowed {
  const Inspection* inspection;
  const Inspection::FailedItem* item;
};

// The failed items of the inspections dated on or before `day` that had no ending on
// `day`: no hazard opened from them on or before it (the item's `hazard`, or a hazard that
// names the inspection and the item, dated by its found_on; a linked hazard missing from
// `hazards` ends nothing), not fixed on the spot (an ending from the inspection's own
// day), no waiver dated on or before it. In the order of `inspections`.
std::vector<Unfollowed> unfollowed(const std::vector<Inspection>& inspections, const std::vector<Hazard>& hazards,
                                   const Date& day);

// Why inspection `in` cannot be the re-check (复查) of hazard `h` recorded on `day`, or ""
// when it can: for a unit's hazard, an inspection of the unit or a grid check that visited
// it (lists it under `units`); for a grid's hazard, a check of that grid or a grid above it;
// dated `day`, and not a self-inspection.
std::string recheck_mismatch(const Inspection& in, const Hazard& h, const Date& day);

// A failed item followed by a hazard, and where its loop stood at the end of a day: open
// while the hazard is open; closed when it is fixed on the spot or closed by a passed
// re-check (the hazard's state on that day, hazard::on_day).
struct ItemLoop {
  const Inspection* inspection = nullptr;
  const Inspection::FailedItem* item = nullptr;
  const Hazard* hazard = nullptr;
  bool closed = false;
  std::optional<Date> closed_on;  // the hazard's closed_on on that day
  std::string recheck;            // the re-check inspection its last verify-pass names, or ""
};
// The loops of the failed items of the inspections dated on or before `day` whose ending on
// `day` is a hazard (as unfollowed() finds it: the item's `hazard`, else the earliest
// hazard naming the inspection and item, found on or before `day`). An item fixed on the
// spot or waived by then has no hazard loop. In the order of `inspections`.
std::vector<ItemLoop> item_loops(const std::vector<Inspection>& inspections, const std::vector<Hazard>& hazards,
                                 const Date& day);

// Links hazard `hazard_id`, opened from item `code` of inspection `in`, back from the item
// (its `hazard`); an item the inspection did not list is added as failed. The inspection's
// file is read from `disk`. Returns the write (none when the link is there already).
// Throws Error when the file cannot be read cleanly, the item passed or is n/a, or it is
// followed already (another hazard, fixed on the spot, waived).
Created link_hazard(const schema::Catalog& catalog, const store::Disk& disk, const Inspection& in,
                    const std::string& code, const std::string& hazard_id);

// The days that may pass between checks of a unit of `category` (policy
// unit_check_days: the category's, else `default`), or nullopt when the policy sets none.
std::optional<long> policy_days(const doc::Node& policy, const std::string& category);

// One line of `inspect due`.
struct DueRow {
  std::string grid;       // path
  std::string place;      // the grid's or unit's name
  std::string unit;       // unit id, or "" for a grid cadence
  std::string kind;       // inspection kind, or "unit-check"
  std::string period;     // 2026-W48, 2026-11, or "" for units
  Date due;               // the last day it can be done
  std::string status;     // missed, due, overdue, due-soon
  std::string last;       // date of the last check, or ""
};

// What is overdue or falls due within `within` days of `as_of`, below `under`: the
// cadences of inspection kinds (`cadences`, resolved by model::resolve_cadences) for their
// current and previous period, at grids, units or police districts, and every active unit
// by the interval of its category (policy unit_check_days).
std::vector<DueRow> due(const grid::Tree& tree, const unit::Registry& units,
                        const std::vector<Inspection>& inspections, const std::vector<policy::Cadence>& cadences,
                        const doc::Node& policy, const grid::Grid& under, const Date& as_of, int within);

}  // namespace firegrid::inspect
