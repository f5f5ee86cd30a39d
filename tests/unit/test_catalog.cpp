#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/schema/catalog.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using firegrid::Finding;
using firegrid::Findings;
using firegrid::Severity;
using firegrid::schema::Catalog;

namespace {

// One catalogue for the whole file: building it compiles every schema.
const Catalog& catalog() {
  static const Catalog c;
  return c;
}

// The findings of `type`'s schema about the record `text` (which must load cleanly).
Findings validate(const std::string& text, const std::string& type = "grid") {
  const auto loaded = firegrid::doc::load("grid/100/grid.yaml", text);
  INFO(text);
  REQUIRE(loaded.clean());
  return catalog().validate(*loaded.document, type);
}

// The one finding about `text`.
Finding only(const std::string& text, const std::string& type = "grid") {
  const Findings f = validate(text, type);
  INFO(text);
  for (const auto& i : f.items()) INFO(i.code << ": " << i.message);
  REQUIRE(f.items().size() == 1);
  CHECK(f.items()[0].severity == Severity::error);
  CHECK(f.items()[0].where.path == "grid/100/grid.yaml");
  return f.items()[0];
}

void check_at(const Finding& f, const char* code, int line, int column) {
  CHECK(f.code == code);
  CHECK(f.where.line == line);
  CHECK(f.where.column == column);
}

const char* const kTownship = "level: township\nname: 槐阳镇\n";

}  // namespace

TEST_CASE("Catalog knows the record types and ships their files", "[schema][catalog]") {
  const auto types = catalog().types();
  CHECK(std::find(types.begin(), types.end(), "grid") != types.end());
  CHECK(std::find(types.begin(), types.end(), "manifest") != types.end());
  CHECK(std::find(types.begin(), types.end(), "common") == types.end());  // definitions only
  std::vector<std::string> names;
  for (const auto& [name, text] : catalog().files()) {
    names.push_back(name);
    CHECK_FALSE(text.empty());
  }
  CHECK(std::find(names.begin(), names.end(), "common.schema.yaml") != names.end());
  CHECK(std::find(names.begin(), names.end(), "grid.schema.yaml") != names.end());
  CHECK(std::find(names.begin(), names.end(), "manifest.schema.yaml") != names.end());
  try {
    validate("a: 1\n", "nothing");
    FAIL("expected an Error");
  } catch (const firegrid::Error& e) {
    CHECK(std::string(e.what()) == "no schema for record type 'nothing'");
  }
}

TEST_CASE("a valid grid record passes", "[schema][catalog]") {
  CHECK(validate("level: county\nname: 元氏县\ncode: '130132'\n").empty());
  CHECK(validate("level: township\n"
                 "name: 槐阳镇\n"
                 "code: '130132100'\n"
                 "leader:\n"
                 "  name: 张建国\n"
                 "  organisation: 乡镇人民政府\n"
                 "  role: 镇长\n"
                 "  phone: '13800138000'\n"
                 "members:\n"
                 "  - name: 王强\n"
                 "    phone: 0311-82012345\n"
                 "rescue_team:\n"
                 "  name: 槐阳镇24小时应急救援队\n"
                 "  leader:\n"
                 "    name: 王强\n"
                 "  size: 12\n"
                 "  phone: '0311-1234567'\n"
                 "note: 由县消防救援大队指导\n")
          .empty());
  CHECK(validate("level: village\nname: 东关村\ncoordinators:\n  - name: 郑勇\n"
                 "volunteer_brigade:\n  name: 东关村志愿消防队\n  size: 0\n")
          .empty());
}

TEST_CASE("schema: a missing key", "[schema][catalog]") {
  const Finding f = only("name: 槐阳镇\n");
  check_at(f, "schema-missing-key", 1, 1);
  CHECK(f.message == "missing required key 'level'");
  CHECK(f.hint == "must match the folder depth (county, township, village, group)");

  const Finding nested = only(std::string(kTownship) + "leader:\n  phone: '13800138000'\n");
  check_at(nested, "schema-missing-key", 4, 3);
  CHECK(nested.message == "leader: missing required key 'name'");
  CHECK(nested.hint == "a name as people write it, e.g. 张建国 or 槐阳镇派出所");
}

TEST_CASE("schema: a wrong type, with the quote hint", "[schema][catalog]") {
  const Finding code = only(std::string(kTownship) + "code: 130132100\n");
  check_at(code, "schema-type", 3, 7);
  CHECK(code.message == "code: expected text, found a whole number");
  CHECK(code.hint == "write it in quotes: '130132100'");

  // The hint quotes the value as written, comment dropped.
  const Finding phone =
    only(std::string(kTownship) + "members:\n  - name: 张三\n    phone: 13800138000  # mobile\n");
  check_at(phone, "schema-type", 5, 12);
  CHECK(phone.message == "members[0].phone: expected text, found a whole number");
  CHECK(phone.hint == "write it in quotes: '13800138000'");

  // `yes` is text to a YAML 1.2 reader, so it needs no quotes.
  CHECK(validate("level: township\nname: yes\n").empty());
}

TEST_CASE("schema: a wrong type that quotes cannot fix", "[schema][catalog]") {
  const Finding list = only(std::string(kTownship) + "members: 张三\n");
  check_at(list, "schema-type", 3, 10);
  CHECK(list.message == "members: expected a list, found text");
  CHECK(list.hint == "the grid's members with their organisation, role and phone");

  const Finding root = only("- level: county\n");
  check_at(root, "schema-type", 1, 1);
  CHECK(root.message == "the record: expected a mapping, found a list");

  const Finding size = only(std::string(kTownship) + "rescue_team:\n  name: 队\n  size: '12'\n");
  check_at(size, "schema-type", 5, 9);
  CHECK(size.message == "rescue_team.size: expected a whole number, found text");
  CHECK(size.hint == "number of members");
}

TEST_CASE("schema: a value not in the enum", "[schema][catalog]") {
  const Finding f = only("level: town\nname: 槐阳镇\n");
  check_at(f, "schema-enum", 1, 8);
  CHECK(f.message == "level: 'town' is not one of the allowed values");
  CHECK(f.hint == "use one of: county, township, village, group");
}

TEST_CASE("schema: a value not matching the pattern", "[schema][catalog]") {
  const Finding phone = only(std::string(kTownship) + "leader:\n  name: 张三\n  phone: 12ab\n");
  check_at(phone, "schema-pattern", 5, 10);
  CHECK(phone.message == "leader.phone: '12ab' is not in the expected form");
  CHECK(phone.hint == "a phone number in quotes, such as '138xxxxxxxx' (a mobile: 11 digits) or '0311-8201xxxx'");

  const Finding code = only(std::string(kTownship) + "code: '13O132'\n");
  check_at(code, "schema-pattern", 3, 7);
  CHECK(code.message == "code: '13O132' is not in the expected form");
  CHECK(code.hint == "the statistical division code in quotes, e.g. '130132100' (digits only)");
}

TEST_CASE("schema: an unknown key, with a suggestion or the key list", "[schema][catalog]") {
  const Finding typo = only(std::string(kTownship) + "nmae: x\n");
  check_at(typo, "schema-unknown-key", 3, 1);
  CHECK(typo.message == "unknown key 'nmae'");
  CHECK(typo.hint == "did you mean 'name'?");

  const Finding far = only(std::string(kTownship) + "zzzzzz: x\n");
  check_at(far, "schema-unknown-key", 3, 1);
  CHECK(far.message == "unknown key 'zzzzzz'");
  CHECK(far.hint ==
        "the keys here are: level, name, code, leader, members, rescue_team, coordinators, "
        "volunteer_brigade, tip_office, note");

  const Finding nested = only(std::string(kTownship) + "members:\n  - name: 张三\n    rank: 1\n");
  check_at(nested, "schema-unknown-key", 5, 5);
  CHECK(nested.message == "unknown key 'rank' in members[0]");
  CHECK(nested.hint == "the keys here are: name, organisation, role, phone");

  const Finding close = only(std::string(kTownship) + "leader:\n  name: 张三\n  phnoe: '1'\n");
  CHECK(close.message == "unknown key 'phnoe' in leader");
  CHECK(close.hint == "did you mean 'phone'?");
}

TEST_CASE("schema: text too short", "[schema][catalog]") {
  const Finding note = only(std::string(kTownship) + "note: ''\n");
  check_at(note, "schema-too-short", 3, 7);
  CHECK(note.message == "note: must not be empty");
  CHECK(note.hint == "");

  const Finding name = only("level: township\nname: ''\n");
  check_at(name, "schema-too-short", 2, 7);
  CHECK(name.message == "name: must not be empty");
  CHECK(name.hint == "a name as people write it, e.g. 张建国 or 槐阳镇派出所");
}

TEST_CASE("schema: text too long", "[schema][catalog]") {
  std::string name;
  for (int i = 0; i < 101; ++i) name += "槐";  // 101 characters, 303 bytes
  const Finding f = only("level: township\nname: " + name + "\n");
  check_at(f, "schema-too-long", 2, 7);
  CHECK(f.message == "name: longer than 100 characters");
  std::string fits;
  for (int i = 0; i < 100; ++i) fits += "槐";
  CHECK(validate("level: township\nname: " + fits + "\n").empty());
}

TEST_CASE("schema: a number out of range", "[schema][catalog]") {
  const Finding f = only(std::string(kTownship) + "rescue_team:\n  name: 队\n  size: -1\n");
  check_at(f, "schema-range", 5, 9);
  CHECK(f.message == "rescue_team.size: -1 is out of range");
  CHECK(f.hint == "the value must be at least 0 and at most 10000");
  CHECK(only(std::string(kTownship) + "rescue_team:\n  name: 队\n  size: 10001\n").code ==
        "schema-range");
}

TEST_CASE("schema: dates", "[schema][catalog]") {
  const std::string unit = "id: u-abcd\nname: 槐阳镇中心小学\ncategory: key-unit\nstatus: closed\n";
  CHECK(validate(unit + "closed_on: '2024-02-29'\n", "unit").empty());

  const Finding impossible = only(unit + "closed_on: '2026-02-30'\n", "unit");
  check_at(impossible, "schema-date", 5, 12);
  CHECK(impossible.message == "closed_on: '2026-02-30' is not a valid date");
  CHECK(impossible.hint == "write dates as YYYY-MM-DD, in quotes: '2026-03-15'");

  const Finding form = only(unit + "registered: '2026-3-1'\n", "unit");
  check_at(form, "schema-pattern", 5, 13);
  CHECK(form.message == "registered: '2026-3-1' is not in the expected form");
  CHECK(form.hint == "a date as YYYY-MM-DD, in quotes: '2026-03-15'");
}

TEST_CASE("schema: every finding is reported, in file order", "[schema][catalog]") {
  const Findings f = validate("name: ''\nlevel: town\ncode: 12\nextra: 1\n");
  REQUIRE(f.items().size() == 4);
  check_at(f.items()[0], "schema-too-short", 1, 7);
  check_at(f.items()[1], "schema-enum", 2, 8);
  check_at(f.items()[2], "schema-type", 3, 7);
  check_at(f.items()[3], "schema-unknown-key", 4, 1);
}

TEST_CASE("key_order gives the schema's order", "[schema][catalog]") {
  const auto grid = catalog().key_order("grid");
  REQUIRE(grid);
  CHECK(grid->keys() == std::vector<std::string>{"level", "name", "code", "leader", "members",
                                                 "rescue_team", "coordinators",
                                                 "volunteer_brigade", "tip_office", "note"});
  // Through $ref into common.schema.yaml.
  const auto leader = grid->property("leader");
  REQUIRE(leader);
  CHECK(leader->keys() == std::vector<std::string>{"name", "organisation", "role", "phone"});
  const auto members = grid->property("members");
  REQUIRE(members);
  CHECK(members->keys().empty());
  const auto member = members->items();
  REQUIRE(member);
  CHECK(member->keys() == std::vector<std::string>{"name", "organisation", "role", "phone"});
  const auto team = grid->property("rescue_team");
  REQUIRE(team);
  CHECK(team->keys() == std::vector<std::string>{"name", "leader", "size", "phone", "note"});
  CHECK(team->property("leader")->keys().front() == "name");
  CHECK_FALSE(grid->property("nothing"));
  CHECK_FALSE(grid->items());
  CHECK_FALSE(catalog().key_order("nothing"));

  const auto manifest = catalog().key_order("manifest");
  REQUIRE(manifest);
  CHECK(manifest->keys() == std::vector<std::string>{"format", "county", "policy", "lang", "git"});
  // The policy grows; its first keys stay in this order.
  auto policy = manifest->property("policy")->keys();
  REQUIRE(policy.size() >= 6);
  policy.resize(6);
  CHECK(policy == std::vector<std::string>{"since", "cadences", "deadlines", "targets", "nine_small", "tips"});
}

TEST_CASE("the default manifest validates clean and round-trips", "[schema][catalog]") {
  const auto order = catalog().key_order("manifest");
  const std::string text =
    firegrid::doc::emit(firegrid::policy::default_manifest("130132", "元氏县", 2026), order.get());
  CHECK(text.rfind("format: 1\ncounty:\n  code: '130132'\n  name: 元氏县\npolicy:\n  cadences:\n", 0) == 0);
  const auto loaded = firegrid::doc::load("firegrid.yaml", text);
  REQUIRE(loaded.clean());
  const Findings f = catalog().validate(*loaded.document, "manifest");
  for (const auto& i : f.items()) INFO(i.code << ": " << i.message);
  CHECK(f.empty());
  CHECK(firegrid::doc::emit(loaded.document->root, order.get()) == text);
}

TEST_CASE("manifest: a format other than 1", "[schema][catalog]") {
  const std::string rest = "county:\n  code: '130132'\n  name: 元氏县\npolicy:\n  cadences: []\n"
                           "  deadlines:\n    notice_working_days: 3\n    recheck_working_days: 3\n"
                           "    rectify_days_general: 30\n    rectify_days_major: 90\n"
                           "    due_soon_days: 7\n  targets: []\n";
  CHECK(validate("format: 1\n" + rest, "manifest").empty());
  const Finding other = only("format: 0\n" + rest, "manifest");
  check_at(other, "schema-const", 1, 9);
  CHECK(other.message == "format: 0 is not 1");
  // A wrong type is one finding, not also a wrong value.
  const Finding text = only("format: '1'\n" + rest, "manifest");
  check_at(text, "schema-type", 1, 9);
  CHECK(text.message == "format: expected a whole number, found text");
}

TEST_CASE("manifest: wrong county code and format", "[schema][catalog]") {
  const std::string text = firegrid::doc::emit(firegrid::policy::default_manifest("1301", "元氏县", 2026));
  const auto loaded = firegrid::doc::load("firegrid.yaml", text);
  REQUIRE(loaded.clean());
  const Findings f = catalog().validate(*loaded.document, "manifest");
  REQUIRE(f.items().size() == 1);
  check_at(f.items()[0], "schema-pattern", 3, 9);
  CHECK(f.items()[0].message == "county.code: '1301' is not in the expected form");
  CHECK(f.items()[0].hint == "the county's 6-digit division code in quotes, e.g. '130132'");
}
