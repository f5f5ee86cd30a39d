#include <firegrid/record/filed.hpp>

#include <firegrid/doc/load.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace firegrid::record {

namespace {

// The file name of <folder>/<kind>/<id>.yaml.
std::string_view file_name_of(std::string_view path) { return path.substr(path.rfind('/') + 1); }  // npos + 1 = 0

}  // namespace

std::string_view id_of(std::string_view path) {
  const std::string_view name = file_name_of(path);
  return name.substr(0, name.size() >= 5 ? name.size() - 5 : 0);  // less ".yaml"
}

std::string_view FiledRecord::id() const { return id_of(path); }

const doc::Document& FiledRecord::doc() const {
  static const doc::Document none;
  return doc_ ? *doc_ : none;
}

void FiledRecord::set_doc(doc::Document d) { doc_ = std::make_shared<doc::Document>(std::move(d)); }

doc::Document& FiledRecord::edit_doc() {
  if (!doc_) {
    doc::Document none;
    none.path = path;
    set_doc(std::move(none));
  } else if (doc_.use_count() > 1) {
    set_doc(*doc_);  // shared with a copy of the record: made its own
  }
  return *doc_;
}

void list_filed(const Reader& reader, const std::string& folder, const std::string& kind_dir,
                std::size_t place, std::vector<FiledFile>& out, Findings& findings) {
  const std::string dir = store::join(folder, kind_dir);
  for (const auto& e : reader.caching() ? reader.disk().list_stamped(dir) : reader.disk().list(dir)) {
    const std::string path = store::join(dir, e.name);
    if (e.name.find(store::kTempMarker) != std::string::npos) {
      findings.warning({path, 0, 0}, "store-leftover-temp", tr("leftover temporary file from an interrupted write"),
                       tr("nothing refers to it: `firegrid recover` removes it"));
      continue;
    }
    if (e.name[0] == '.') continue;
    const std::string suffix = ".yaml";
    const bool yaml = !e.is_dir && e.name.size() > suffix.size() &&
                      e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) == 0;
    const std::string id = yaml ? e.name.substr(0, e.name.size() - suffix.size()) : e.name;
    if (!yaml || !store::is_valid_id(id)) {
      findings.warning({path, 0, 0}, "record-unknown-file",
                       msg("unexpected {} {} in the {} folder", e.is_dir ? "folder" : "file", e.name, kind_dir),
                       msg("the {} folder holds one <id>.yaml file per record", kind_dir));
      continue;
    }
    out.push_back({path, place, e.stamp});
  }
}

void read_filed(Reader& reader, FiledFiles& files, const char* type, Findings& findings,
                const std::function<void(const FiledFile&, FiledRecord&&, Read&&)>& take,
                const ReadOptions& options) {
  // The id check depends on the file alone: it runs with the parse, so the cache keeps it.
  ReadOptions with_id = options;
  with_id.check = [](const doc::Document& d, Findings& out) {
    if (const doc::Node* rid = d.root.find("id"); rid && rid->is_string() && rid->as_string() != id_of(d.path)) {
      const doc::Mark m = d.root.key_mark("id");
      out.error({d.path, m.line, m.column}, "record-id-file",
                msg("id {} does not match the file name {}", rid->as_string(), file_name_of(d.path)),
                tr("a record's id is its file name; restore one of them from git"));
    }
  };
  // A part at a time, each freed when it is read: neither the files nor what to read of
  // them stay whole in memory beside the records made from them.
  constexpr std::size_t kPart = 1u << 15;
  std::vector<Want> wants;
  while (!files.empty()) {
    const std::size_t n = std::min(kPart, files.size());
    wants.clear();
    for (std::size_t i = 0; i < n; ++i) wants.push_back({files[i].path, type, files[i].stamp ? &*files[i].stamp : nullptr});
    reader.read_all(
        wants,
        [&](std::size_t i, Read&& read) {
          findings.append(read.findings);
          if (read.missing || !read.parsed) return;
          FiledRecord r;
          r.loaded = read.clean;
          r.path = std::move(files[i].path);  // the reader is done with it (Want)
          if (read.document) {
            read.document->path = r.path;
            r.set_doc(std::move(*read.document));
          }
          take(files[i], std::move(r), std::move(read));
        },
        with_id);
    files.erase(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(n));
  }
}

std::vector<FiledRecord> load_filed(Reader& reader, const std::string& folder, const std::string& kind_dir,
                                    const char* type, Findings& findings) {
  std::vector<FiledFile> listed;
  list_filed(reader, folder, kind_dir, 0, listed, findings);
  FiledFiles files(std::make_move_iterator(listed.begin()), std::make_move_iterator(listed.end()));
  std::vector<FiledRecord> out;
  read_filed(reader, files, type, findings,
             [&](const FiledFile&, FiledRecord&& r, Read&&) { out.push_back(std::move(r)); });
  return out;
}

}  // namespace firegrid::record
