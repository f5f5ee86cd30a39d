// What `check` says of hazards and tips beyond their schemas (hazard/rules.cpp), on a
// small county loaded from memory: one township with a tip office, one shop, one hazard
// revealed by one tip.
#include "support.hpp"

#include <firegrid/doc/emit.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/tip/seal.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using Strings = std::vector<std::string>;

namespace {

using firegrid::test::catalog;

const char* const kHazardPath = "grid/100/201/g01/units/u-aaaa0001/hazards/h-20261120-aaaaaa.yaml";
const char* const kTipPath = "grid/100/tips/t-20261120-aaaaaa.yaml";

struct County {
  firegrid::store::MemoryDisk disk;
  firegrid::tip::KeyPair key = firegrid::tip::generate_key_pair();
  firegrid::tip::KeyPair old_key = firegrid::tip::generate_key_pair();
  std::string sealed;

  County() {
    const auto manifest = firegrid::policy::default_manifest("130132", "元氏县", 2026);
    disk.files["firegrid.yaml"] = firegrid::doc::emit(manifest, catalog().key_order("manifest").get());
    disk.files["grid/grid.yaml"] = "level: county\nname: 元氏县\ncode: '130132'\n";
    disk.files["grid/100/grid.yaml"] =
      "level: township\nname: 槐阳镇\ncode: '130132100'\n"
      "tip_office:\n"
      "  key_id: " + firegrid::tip::key_id(key.public_key) + "\n"
      "  public_key: " + key.public_key + "\n"
      "  since: '2026-06-01'\n"
      "  previous:\n"
      "    - key_id: " + firegrid::tip::key_id(old_key.public_key) + "\n"
      "      public_key: " + old_key.public_key + "\n"
      "      since: '2026-01-01'\n"
      "      until: '2026-05-31'\n";
    disk.files["grid/100/201/grid.yaml"] = "level: village\nname: 北苏村\ncode: '130132100201'\n";
    disk.files["grid/100/201/g01/grid.yaml"] = "level: group\nname: 第一村民小组\n";
    disk.files["grid/100/201/g01/units/u-aaaa0001/unit.yaml"] =
      "id: u-aaaa0001\nname: 北苏村惠民超市\ncategory: small-shop\nstatus: active\nregistered: '2026-01-05'\n";
    disk.files[kHazardPath] =
      "id: h-20261120-aaaaaa\n"
      "state: notified\n"
      "severity: general\n"
      "found_on: '2026-11-20'\n"
      "source: tip\n"
      "tip: t-20261120-aaaaaa\n"
      "description: 门口堆放纸箱\n"
      "deadline: '2026-12-20'\n"
      "notice: {issued_on: '2026-11-20'}\n"
      "history:\n"
      "  - {date: '2026-11-20', event: open, state: found}\n"
      "  - {date: '2026-11-20', event: notice, deadline: '2026-12-20', state: notified}\n";
    firegrid::tip::Identity who;
    who.name = "张三";
    who.phone = "13900001111";
    sealed = firegrid::tip::seal_identity(who, key.public_key);
    disk.files[kTipPath] = tip("t-20261120-aaaaaa", "{key_id: " + firegrid::tip::key_id(key.public_key) +
                                                      ", sealed: '" + sealed + "'}");
  }

  // A founded tip on the hazard, approved a reward of 200 yuan.
  std::string tip(const std::string& id, const std::string& reporter, const std::string& extra = "") const {
    return "id: " + id +
           "\n"
           "received_on: '2026-11-20'\n"
           "channel: hotline-12345\n"
           "what: 超市门口堆放纸箱堵塞通道\n"
           "where: 北苏村惠民超市\n"
           "unit: u-aaaa0001\n"
           "reporter: " +
           reporter +
           "\n"
           "verification: {on: '2026-11-21', founded: true}\n"
           "hazard: h-20261120-aaaaaa\n" +
           extra + "reward: {amount_yuan: 200, approved_on: '2026-11-22'}\n";
  }

  // "severity code path:line" of every finding about hazards and tips (check says more
  // of a county this small, e.g. that its grids lack leaders).
  Strings findings() const {
    const auto repo = firegrid::model::load_repo(disk, catalog());
    Strings out;
    for (const auto& f : repo.findings.items())
      if (f.code.rfind("hazard-", 0) == 0 || f.code.rfind("tip-", 0) == 0 || f.severity == firegrid::Severity::error)
        out.push_back(std::string(f.severity == firegrid::Severity::error ? "error " : "warning ") + f.code + " " +
                    f.where.path + ":" + std::to_string(f.where.line));
    return out;
  }

  void replace(const char* path, const std::string& from, const std::string& to) {
    std::string& text = disk.files.at(path);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
};

}  // namespace

TEST_CASE("check: a consistent hazard and its rewarded tip have no findings", "[hazard][rules]") {
  const County c;
  CHECK(c.findings().empty());
}

TEST_CASE("check: a hazard's state needs its fields", "[hazard][rules]") {
  County c;
  c.replace(kHazardPath, "deadline: '2026-12-20'\n", "");
  c.replace(kHazardPath, "notice: {issued_on: '2026-11-20'}\n", "");
  CHECK(c.findings() == Strings{"error hazard-state-fields " + std::string(kHazardPath) + ":2",
                                "error hazard-state-fields " + std::string(kHazardPath) + ":2"});
  County closed;
  closed.replace(kHazardPath, "state: notified", "state: closed");
  closed.replace(kHazardPath, "event: notice, deadline: '2026-12-20', state: notified",
                 "event: verify-pass, state: closed");
  CHECK(closed.findings() == Strings{"error hazard-state-fields " + std::string(kHazardPath) + ":2"});
  closed.disk.files[kHazardPath] += "closed_on: '2026-11-20'\n";
  CHECK(closed.findings().empty());
}

TEST_CASE("check: the history agrees with the state and runs oldest first", "[hazard][rules]") {
  County c;
  c.replace(kHazardPath, "event: notice, deadline: '2026-12-20', state: notified", "event: note, note: x, state: found");
  CHECK(c.findings() == Strings{"error hazard-state-history " + std::string(kHazardPath) + ":2"});
  County order;
  order.replace(kHazardPath, "{date: '2026-11-20', event: notice", "{date: '2026-11-19', event: notice");
  CHECK(order.findings() == Strings{"warning hazard-history-order " + std::string(kHazardPath) + ":12"});
}

TEST_CASE("check: the decision sets the severity; links lead somewhere", "[hazard][rules]") {
  County c;
  c.disk.files[kHazardPath] += "decision: {severity: major, decided_on: '2026-11-21', by: 县消防救援大队集体讨论}\n";
  CHECK(c.findings() == Strings{"error hazard-decision " + std::string(kHazardPath) + ":3"});
  c.replace(kHazardPath, "severity: general", "severity: major");
  CHECK(c.findings().empty());

  County links;
  links.replace(kHazardPath, "tip: t-20261120-aaaaaa\n", "tip: t-20261119-zzzzzz\ninspection: i-20261120-qqqqqq\n");
  CHECK(links.findings() == Strings{"error hazard-unknown-tip " + std::string(kHazardPath) + ":6",
                                    "error hazard-unknown-inspection " + std::string(kHazardPath) + ":7"});
  County tip_links;
  tip_links.replace(kTipPath, "hazard: h-20261120-aaaaaa", "hazard: h-20261120-zzzzzz");
  tip_links.replace(kTipPath, "unit: u-aaaa0001", "unit: u-zzzz0001");
  CHECK(tip_links.findings() == Strings{"error tip-unknown-unit " + std::string(kTipPath) + ":6",
                                        "error tip-unknown-hazard " + std::string(kTipPath) + ":9"});
}

TEST_CASE("check: a reporter is sealed to a key of the office, or anonymous", "[hazard][rules]") {
  County c;
  // Sealed to the office's previous key: still fine.
  firegrid::tip::Identity who;
  who.name = "李四";
  const std::string old_box = firegrid::tip::seal_identity(who, c.old_key.public_key);
  c.disk.files[kTipPath] =
    c.tip("t-20261120-aaaaaa", "{key_id: " + firegrid::tip::key_id(c.old_key.public_key) + ", sealed: '" + old_box + "'}");
  CHECK(c.findings().empty());
  // To a key the office never had.
  const auto stranger = firegrid::tip::generate_key_pair();
  c.disk.files[kTipPath] =
    c.tip("t-20261120-aaaaaa", "{key_id: " + firegrid::tip::key_id(stranger.public_key) + ", sealed: '" +
                                 firegrid::tip::seal_identity(who, stranger.public_key) + "'}");
  CHECK(c.findings() == Strings{"error tip-key-unknown " + std::string(kTipPath) + ":7"});
  // A box cut short.
  c.disk.files[kTipPath] = c.tip("t-20261120-aaaaaa", "{key_id: " + firegrid::tip::key_id(c.key.public_key) +
                                                          ", sealed: '" + c.sealed.substr(4) + "'}");
  CHECK(c.findings() == Strings{"error tip-sealed-damaged " + std::string(kTipPath) + ":7"});
  // Neither, or both.
  c.disk.files[kTipPath] = c.tip("t-20261120-aaaaaa", "{anonymous: false}");
  CHECK(c.findings() == Strings{"error tip-reporter " + std::string(kTipPath) + ":7"});
  c.disk.files[kTipPath] = c.tip("t-20261120-aaaaaa", "{anonymous: true, key_id: " +
                                                          firegrid::tip::key_id(c.key.public_key) + ", sealed: '" +
                                                          c.sealed + "'}");
  // ... and, saying it is anonymous, it has no one to reward.
  CHECK(c.findings() == Strings{"error tip-reporter " + std::string(kTipPath) + ":7",
                                "error tip-reward " + std::string(kTipPath) + ":10"});
}

TEST_CASE("check: only the first founded, named tip of a hazard is rewarded", "[hazard][rules]") {
  County c;
  const std::string named = "{key_id: " + firegrid::tip::key_id(c.key.public_key) + ", sealed: '" + c.sealed + "'}";
  // Anonymous and rewarded.
  c.disk.files[kTipPath] = c.tip("t-20261120-aaaaaa", "{anonymous: true}");
  CHECK(c.findings() == Strings{"error tip-reward " + std::string(kTipPath) + ":10"});
  // Named, saying so with `anonymous: false`: rewarded rightly.
  c.disk.files[kTipPath] = c.tip("t-20261120-aaaaaa", "{anonymous: false, key_id: " +
                                                          firegrid::tip::key_id(c.key.public_key) + ", sealed: '" +
                                                          c.sealed + "'}");
  CHECK(c.findings().empty());
  // A duplicate rewarded too.
  c.disk.files[kTipPath] = c.tip("t-20261120-aaaaaa", named);
  c.disk.files["grid/100/tips/t-20261121-bbbbbb.yaml"] =
    c.tip("t-20261121-bbbbbb", named, "duplicate_of: t-20261120-aaaaaa\n");
  CHECK(c.findings() == Strings{"error tip-reward grid/100/tips/t-20261121-bbbbbb.yaml:11"});
  // A duplicate of a tip that is not there, or about another hazard.
  c.disk.files["grid/100/tips/t-20261121-bbbbbb.yaml"] = c.tip("t-20261121-bbbbbb", named, "duplicate_of: t-20261101-cccccc\n");
  CHECK(c.findings() == Strings{"error tip-duplicate grid/100/tips/t-20261121-bbbbbb.yaml:10",
                                "error tip-reward grid/100/tips/t-20261121-bbbbbb.yaml:11"});
  c.disk.files.erase("grid/100/tips/t-20261121-bbbbbb.yaml");
  // Unfounded and rewarded; a reward outside the scale is a warning.
  c.replace(kTipPath, "founded: true", "founded: false");
  CHECK(c.findings() == Strings{"error tip-reward " + std::string(kTipPath) + ":10"});
  c.replace(kTipPath, "founded: false", "founded: true");
  c.replace(kTipPath, "amount_yuan: 200", "amount_yuan: 800");
  CHECK(c.findings() == Strings{"warning tip-reward-scale " + std::string(kTipPath) + ":10"});
}

TEST_CASE("check: an office key that does not match its id", "[hazard][rules]") {
  County c;
  const auto other = firegrid::tip::generate_key_pair();
  c.replace("grid/100/grid.yaml", "  public_key: " + c.key.public_key, "  public_key: " + other.public_key);
  const Strings found = c.findings();
  // The key is refused, so the tip sealed to it names a key the office does not have.
  CHECK(found == Strings{"error tip-office-key grid/100/grid.yaml:5",
                         "error tip-key-unknown " + std::string(kTipPath) + ":7"});
}
