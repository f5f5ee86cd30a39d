// The units and places of a repo: each in its group's units/<id>/unit.yaml, its folder
// being its whole archive (一个单位一档). Loading checks the rules no schema can say.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/record/read.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <map>
#include <unordered_map>
#include <string>
#include <vector>

namespace firegrid::unit {

inline constexpr const char* kUnitsDir = "units";
inline constexpr const char* kUnitFile = "unit.yaml";

struct Unit {
  std::string id;
  const grid::Grid* group = nullptr;  // the grid whose units/ folder holds it
  std::string folder;                 // grid/100/201/g01/units/u-xxxx
  doc::Document doc;
  bool loaded = false;  // false when the record could not be read cleanly

  std::string name() const { return doc.root.get_string("name"); }
  std::string category() const { return doc.root.get_string("category"); }
  bool active() const { return doc.root.get_string("status") != "closed"; }
  // Whether it existed and was open on `d`: registered by then (or with no date) and not
  // closed by then (a closed unit without closed_on counts as closed).
  bool active_on(const Date& d) const;
};

class Registry {
public:
  std::vector<Unit> units;  // in folder order

  const Unit* by_id(const std::string& id) const;

  // Finds a unit the way a user names it: its id, its exact name, or a part of its name.
  // Throws Error when nothing or several units match, listing up to ten of them.
  const Unit& resolve(const std::string& query) const;

  // Index by id, built on first use.
  void index();

private:
  std::unordered_map<std::string, std::size_t> by_id_;
};

// Reads every unit of every grid in `tree`, validating each against the unit schema and
// the rules (id matches its folder, ids unique, units only in groups, closing fields,
// nine-small thresholds from `nine_small_policy`, which may be null).
Registry load_units(record::Reader& reader, const grid::Tree& tree, const doc::Node* policy, Findings& findings);

// A new unit id: "u-" and ten base-32 characters hashed from where the unit is, what it
// is called and `clone` (store::clone_token), so units added in two clones never share an
// id, even one place registered twice (the merge then has two files, and `check` warns
// `unit-duplicate-place`). `salt` > 0 gives the next candidate when an id is taken.
std::string make_unit_id(const std::string& group_path, const std::string& name,
                         const std::string& address, int salt, const std::string& clone);

// What makes two units one place: the same group, and the same name and address as a
// reader sees them (text::name_key: zero-width characters and compatibility forms such
// as full-width letters make no difference). Never throws.
std::string place_key(const std::string& group_path, const std::string& name, const std::string& address);

}  // namespace firegrid::unit
