#include <firegrid/record/filed.hpp>

#include <firegrid/doc/load.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

namespace firegrid::record {

std::vector<FiledRecord> load_filed(const store::Disk& disk, const schema::Catalog& catalog,
                                    const std::string& folder, const std::string& kind_dir,
                                    const std::string& type, Findings& findings) {
  std::vector<FiledRecord> out;
  const std::string dir = store::join(folder, kind_dir);
  for (const auto& e : disk.list(dir)) {
    const std::string path = store::join(dir, e.name);
    if (e.name.find(store::kTempMarker) != std::string::npos) {
      findings.warning({path, 0, 0}, "store-leftover-temp", "leftover temporary file from an interrupted write",
                       "nothing refers to it; remove it");
      continue;
    }
    if (e.name[0] == '.') continue;
    const std::string suffix = ".yaml";
    const bool yaml = !e.is_dir && e.name.size() > suffix.size() &&
                      e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) == 0;
    const std::string id = yaml ? e.name.substr(0, e.name.size() - suffix.size()) : e.name;
    if (!yaml || !store::is_valid_id(id)) {
      findings.warning({path, 0, 0}, "record-unknown-file",
                       fmt::format("unexpected {} {} in the {} folder", e.is_dir ? "folder" : "file", e.name, kind_dir),
                       fmt::format("the {} folder holds one <id>.yaml file per record", kind_dir));
      continue;
    }
    FiledRecord r;
    r.id = id;
    r.doc.path = path;
    r.doc.root = doc::Node::mapping();
    const auto text = disk.read(path, doc::LoadLimits{}.max_bytes);
    if (!text) continue;
    auto loaded = doc::load(path, *text);
    findings.append(loaded.findings);
    if (!loaded.document) continue;
    r.loaded = loaded.clean();
    r.doc = std::move(*loaded.document);
    findings.append(catalog.validate(r.doc, type));
    if (const doc::Node* rid = r.doc.root.find("id"); rid && rid->is_string() && rid->as_string() != id) {
      const doc::Mark m = r.doc.root.key_mark("id");
      findings.error({path, m.line, m.column}, "record-id-file",
                     fmt::format("id {} does not match the file name {}", rid->as_string(), e.name),
                     "a record's id is its file name; restore one of them from git");
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace firegrid::record
