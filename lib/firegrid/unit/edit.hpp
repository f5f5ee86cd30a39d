// Changing units: add, edit, move, close, reopen. Each checks first and returns the
// file changes to commit; nothing is written here.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/unit/registry.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::unit {

// What `unit add`, `unit edit` and an import row set. Unset fields stay as they are; an
// empty string clears a text field.
struct Fields {
  std::optional<std::string> name, category, supervisor, address, licence, note, registered;
  std::optional<doc::Node> responsible, manager;
  std::optional<std::int64_t> floors, beds, seats, staff, pupils, children;
  std::optional<double> area_m2;
  std::optional<bool> boarding;
  std::optional<std::pair<double, double>> location;  // lat, lon
  std::vector<std::string> add_tags, remove_tags;
};

// Applies `f` to a unit record. Throws Error for an unknown category or supervisor, or a
// value out of its range; category names may be ids or Chinese (小商店).
void apply_fields(doc::Node& record, const Fields& f);

// The record's file content at `path`: its modeline, then the record by the one emitter
// in the unit schema's key order (schema::Catalog::file_text).
std::string render_unit(const schema::Catalog& catalog, const std::string& path, const doc::Node& record);

// The first free id for a unit in `group` with this name and address, made in the clone
// whose token is `clone`.
std::string new_unit_id(const Registry& reg, const grid::Grid& group, const std::string& name,
                        const std::string& address, const std::string& clone);

struct Added {
  std::string id;
  store::Changes changes;
};

// A new active unit in `group` (which must be a group), registered `today` unless set.
// Throws Error when name or category is missing, or when the same unit (same group,
// name and address) is already there. `clone`: store::clone_token, hashed into the id.
Added add_unit(const schema::Catalog& catalog, const Registry& reg, const grid::Grid& group,
               const Fields& f, const Date& today, const std::string& clone);

// Who made an edit or a move, and when: the step it leaves in the unit's archive.
struct StepInfo {
  Date date;
  doc::Node by;  // a person (hazard::parse_actor), or null
};

// The step an edit or move leaves in the record's `steps` (docs/format.md): `event` (edit,
// move), the date, who, and each field changed from what to what (`changes`, in the
// schema's key order; a field that was unset has no `from`, one cleared no `to`). Empty
// `changes`: no step. Throws Error when the date is before the record's last step.
void append_step(doc::Node& record, const char* event, const StepInfo& step, doc::Node changes);

// Every field of `before` and `after` that differs (but `steps`), as `changes` items, in
// the order of `keys` (the schema's), a key it lacks last.
doc::Node field_changes(const doc::Node& before, const doc::Node& after, const std::vector<std::string>& keys);

// The fields changed, and a step saying so appended to the unit's `steps`.
// Throws Error if the record could not be read cleanly.
store::Changes edit_unit(const schema::Catalog& catalog, const Unit& u, const Fields& f, const StepInfo& step);

// Moves the unit's whole folder (its archive) to `to`, which must be a group, with a
// `move` step from the old group's path to the new one in its record.
store::Changes move_unit(const schema::Catalog& catalog, const Unit& u, const grid::Grid& to, const StepInfo& step);

// Marks a unit closed on `date` for `reason`; refused if it is closed already.
store::Changes close_unit(const schema::Catalog& catalog, const Unit& u, const Date& date,
                          const std::string& reason);

// Marks a closed unit active again; refused if it is active.
store::Changes reopen_unit(const schema::Catalog& catalog, const Unit& u);

}  // namespace firegrid::unit
