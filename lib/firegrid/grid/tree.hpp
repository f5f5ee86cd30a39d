// The grid tree: county, townships (big grids), villages (medium grids) and groups
// (small grids), read from the folders under grid/. A node's id is its folder name, its
// record is grid.yaml in that folder, and its level follows from its depth.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace firegrid::grid {

enum class Level { county = 0, township = 1, village = 2, group = 3 };

const char* to_string(Level l);             // "county", "township", ...
const char* chinese_name(Level l);          // 县, 乡镇（大网格）, 村/社区（中网格）, 小网格
// A level in the words of the interface language, for messages: 乡镇, 村（社区）, 小网格
// in Chinese, the code (township, village, group) in English.
std::string level_words(Level l);
std::optional<Level> parse_level(const std::string& s);
std::optional<Level> level_for_depth(std::size_t depth);  // nullopt below group

struct Grid {
  std::string path;  // "" for the county, else ids joined by '/': "100/201/g01"
  std::string id;    // the folder name; "" for the county
  Level level = Level::county;
  doc::Document doc;    // doc.path is the record file; doc.root the record
  bool loaded = false;    // false when the record could not be read (see the findings)
  bool has_file = false;  // false when the folder has no grid.yaml
  Grid* parent = nullptr;
  std::vector<std::unique_ptr<Grid>> children;  // sorted by id

  std::string name() const { return doc.root.get_string("name"); }
  std::string code() const { return doc.root.get_string("code"); }
  std::size_t depth() const { return static_cast<std::size_t>(level); }
  std::string folder() const;  // "grid" or "grid/100/201"
  // "元氏县 / 槐阳镇 / 东关村": the names from the county down.
  std::string display_path() const;
  // True when this grid is `top` or lies below it.
  bool is_within(const Grid& top) const;
};

class Tree {
public:
  // The county node, or nullptr when grid/grid.yaml is missing.
  Grid* root() const { return root_.get(); }
  void set_root(std::unique_ptr<Grid> g) { root_ = std::move(g); }

  // The node at `path` ("" or "/" for the county), or nullptr.
  Grid* find(const std::string& path) const;

  // Finds a grid the way a user names it: a path ("100/201", "grid/100/201", "/"), a
  // division code ("130132100201") or an exact name ("槐阳镇"). Throws Error when
  // nothing or more than one grid matches, listing the candidates.
  Grid* resolve(const std::string& query) const;

  // Visits every node, parents before children, children in id order.
  void walk(const std::function<void(Grid&)>& visit) const;

  std::size_t size() const;
  std::size_t files() const;  // nodes whose grid.yaml exists

private:
  std::unique_ptr<Grid> root_;
};

// Reads every grid record under grid/, validates it against the grid schema and the
// rules of the tree (levels by depth, folder names, codes), adding what is wrong to
// `findings`. Records that cannot be read still get a node, with loaded = false.
// `county_code`, when not empty, is the manifest's: the county node's code must equal it.
Tree load_tree(const store::Disk& disk, const schema::Catalog& catalog, const std::string& county_code,
               Findings& findings);
inline Tree load_tree(const store::Disk& disk, const schema::Catalog& catalog, Findings& findings) {
  return load_tree(disk, catalog, "", findings);
}

// The number of records a grid holds beneath it, other than grid nodes: for refusing
// to remove it. Kinds are the reserved folder names ("units", ...).
struct Holdings {
  std::size_t grids = 0;    // descendant grid nodes
  std::map<std::string, std::size_t> records;  // kind folder -> files beneath
  std::size_t total_records() const;
};
Holdings holdings(const store::Disk& disk, const Grid& g);

}  // namespace firegrid::grid
