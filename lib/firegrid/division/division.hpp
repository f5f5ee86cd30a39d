// The national division data (townships and villages of a county), as published in the
// china-division data set: streets.csv (code,name,areaCode,...) and villages.csv
// (code,name,streetCode,...). `grid import` builds the grid from it.
#pragma once

#include <firegrid/grid/tree.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <string>
#include <vector>

namespace firegrid::division {

struct Village {
  std::string code;  // 12 digits
  std::string name;  // as published: 槐阳社区居民委员会
  bool community = false;  // a 居委会 (community) rather than a 村委会 (village)
};

struct Township {
  std::string code;  // 9 digits
  std::string name;
  std::vector<Village> villages;  // sorted by code
};

// A CSV file's name (for messages) and its bytes (UTF-8 or GB18030, detected).
struct CsvFile {
  std::string name;
  std::string bytes;
};

// The townships and villages of county `county_code` (6 digits) from the two CSV files.
// Throws Error naming the file and line of a malformed row, or when the county has no
// townships in the data.
std::vector<Township> read_county(const std::string& county_code, const CsvFile& streets,
                                  const CsvFile& villages);

// The name a grid shows for a village: 东关村委会 -> 东关村, 槐阳社区居民委员会 -> 槐阳社区.
std::string short_village_name(const std::string& official);

// How many groups each village gets: a fixed count, or a range in which each village's
// count is fixed by its code (so re-running gives the same grid).
struct GroupCount {
  int min = 0, max = 0;
  int for_village(const std::string& code) const;
};
// Parses "6" or "4-8". Throws Error otherwise.
GroupCount parse_group_count(const std::string& s);

struct ImportResult {
  store::Changes changes;
  std::size_t added[4] = {0, 0, 0, 0};  // by grid::Level
  std::size_t differing = 0;  // existing nodes whose name or code differs from the data
  std::size_t updated = 0;    // of those, rewritten (with `update`)
  std::size_t unchanged = 0;
};

// Plans the import into `tree`: missing townships, villages and groups are added (ids are
// the last three digits of the code; groups g01, g02, ...). Existing nodes are left as
// they are (a name edited by hand stays), unless `update`, which sets the name and code
// of the data on the nodes where they differ. Nothing is ever removed. Re-running
// changes nothing.
ImportResult plan_import(const schema::Catalog& catalog, const grid::Tree& tree,
                         const std::vector<Township>& townships, GroupCount groups, bool update);

}  // namespace firegrid::division
