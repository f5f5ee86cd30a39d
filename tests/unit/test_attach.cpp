#include "support.hpp"

#include <firegrid/attach/attach.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

namespace attach = firegrid::attach;

namespace {

const std::string kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";  // SHA-256("abc")

std::string pointer(const std::string& oid) {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 3\n";
}

}  // namespace

TEST_CASE("sha256_hex is libsodium's SHA-256 in lower-case hex", "[attach]") {
  CHECK(attach::sha256_hex("abc") == kAbc);
  CHECK(attach::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("an LFS pointer is read as its oid; anything else is not a pointer", "[attach]") {
  CHECK(attach::lfs_oid(pointer(kAbc)) == kAbc);
  CHECK_FALSE(attach::lfs_oid("abc"));
  CHECK_FALSE(attach::lfs_oid(pointer("xyz")));
  CHECK_FALSE(attach::lfs_oid("version https://git-lfs.github.com/spec/v1\nsize 3\n"));
}

TEST_CASE("stored_path: files/<2 hex>/<62 hex> with the lower-case extension", "[attach]") {
  CHECK(attach::stored_path(kAbc, "/tmp/照片.JPG") == "files/ba/" + kAbc.substr(2) + ".jpg");
  CHECK(attach::stored_path(kAbc, "scan") == "files/ba/" + kAbc.substr(2));
  CHECK(attach::stored_path(kAbc, "a.tar.gz") == "files/ba/" + kAbc.substr(2) + ".gz");
  CHECK(attach::stored_path(kAbc, "a.b c") == "files/ba/" + kAbc.substr(2));
  CHECK(attach::stored_path(kAbc, ".hidden") == "files/ba/" + kAbc.substr(2));
}

TEST_CASE("check: missing, changed, orphan, and an LFS pointer compared by its oid", "[attach]") {
  firegrid::store::MemoryDisk disk;
  const std::string good = attach::stored_path(kAbc, "a.jpg");
  const std::string lfs = attach::stored_path(std::string(64, 'c'), "b.png");
  const std::string changed = attach::stored_path(std::string(64, 'd'), "c.png");
  const std::string missing = attach::stored_path(std::string(64, 'e'), "d.png");
  disk.files[good] = "abc";
  disk.files[lfs] = pointer(std::string(64, 'c'));
  disk.files[changed] = "not what was attached";
  disk.files["files/00/orphan.jpg"] = "x";
  disk.files["files/.gitattributes"] = "files/** filter=lfs\n";
  std::vector<attach::Named> named = {
    {"r.yaml", {3, 5}, good, kAbc},
    {"r.yaml", {6, 5}, lfs, std::string(64, 'c')},
    {"r.yaml", {9, 5}, changed, std::string(64, 'd')},
    {"r.yaml", {12, 5}, missing, std::string(64, 'e')},
  };
  firegrid::Findings findings;
  std::vector<std::string> read;
  attach::check(disk, named, "", [&](const std::string& p, std::string_view) { read.push_back(p); }, findings);
  REQUIRE(findings.items().size() == 3);
  CHECK(findings.items()[0].code == "attachment-changed");
  CHECK(findings.items()[0].where.line == 9);
  CHECK(findings.items()[1].code == "attachment-missing");
  CHECK(findings.items()[1].where.line == 12);
  CHECK(findings.items()[2].code == "attachment-orphan");
  CHECK(findings.items()[2].where.path == "files/00/orphan.jpg");
  CHECK(std::find(read.begin(), read.end(), "files/00/orphan.jpg") != read.end());
}

TEST_CASE("append names a file once", "[attach]") {
  auto record = firegrid::doc::Node::mapping();
  auto entry = firegrid::doc::Node::mapping();
  entry.set("path", firegrid::doc::Node::string("files/ba/x.jpg"));
  attach::append(record, {entry, entry});
  REQUIRE(record.find("attachments"));
  CHECK(record.find("attachments")->items().size() == 1);
}
