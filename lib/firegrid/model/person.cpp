#include <firegrid/model/person.hpp>

#include <firegrid/doc/load.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace firegrid::model {

using doc::Node;

namespace {

std::string person_digits(const std::string& s) {
  std::string d;
  for (const char c : s)
    if (c >= '0' && c <= '9') d += c;
  return d;
}

// The person in a few words: 王强 北苏村村委会 组长 13800000000.
std::string person_words(const Node& p) {
  std::string s;
  for (const char* k : {"name", "organisation", "role", "phone"})
    if (!p.get_string(k).empty()) s += (s.empty() ? "" : " ") + p.get_string(k);
  return s;
}

// A record's key (grid:<path> or unit:<id>), kind and id from its path below the repo.
bool person_record_of(const std::string& path, std::string& kind, std::string& id) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return false;
  const std::string folder = path.substr(0, slash), name = path.substr(slash + 1);
  if (name == "grid.yaml" && (folder == "grid" || folder.rfind("grid/", 0) == 0)) {
    kind = "grid";
    id = folder == "grid" ? "" : folder.substr(5);
    return true;
  }
  if (name == "unit.yaml") {
    kind = "unit";
    id = folder.substr(folder.rfind('/') + 1);
    return true;
  }
  return false;
}

// The roles `query` has in one record's text: role -> the person's name and words.
using PersonRoles = std::map<std::string, std::pair<std::string, std::string>>;
PersonRoles person_roles_in(const std::string& kind, const std::string& text,
                                                   const std::string& query, std::string& name) {
  PersonRoles roles;
  const auto loaded = doc::load("record.yaml", text);
  if (!loaded.document || !loaded.document->root.is_mapping()) return roles;
  const Node& r = loaded.document->root;
  name = r.get_string("name");
  const auto one = [&](const Node* p, const char* role) {
    if (p && p->is_mapping() && person_is(*p, query)) roles.emplace(role, std::pair{p->get_string("name"), person_words(*p)});
  };
  const auto list = [&](const Node* l, const char* role) {
    if (l && l->is_sequence())
      for (const auto& p : l->items()) one(&p, role);
  };
  if (kind == "grid") {
    one(r.find("leader"), "leader");
    list(r.find("members"), "member");
    list(r.find("coordinators"), "coordinator");
    if (const Node* t = r.find("rescue_team")) one(t->find("leader"), "rescue-team");
    if (const Node* t = r.find("volunteer_brigade")) one(t->find("leader"), "volunteer-brigade");
  } else {
    one(r.find("responsible"), "responsible");
    one(r.find("manager"), "manager");
  }
  return roles;
}

}  // namespace

bool person_is(const Node& person, const std::string& query) {
  if (query.empty()) return false;
  if (person.get_string("name") == query) return true;
  const std::string digits = person_digits(query);
  return digits.size() >= 5 && digits.size() * 2 >= query.size() && person_digits(person.get_string("phone")) == digits;
}

const std::vector<std::string>& people_record_globs() {
  static const std::vector<std::string> globs = {"grid/grid.yaml", "grid/**/grid.yaml", "grid/**/units/*/unit.yaml"};
  return globs;
}

std::vector<PersonRole> person_roles(const std::vector<store::CommitFiles>& commits, const std::string& query) {
  std::vector<PersonRole> done;
  std::map<std::pair<std::string, std::string>, PersonRole> open;  // (kind:id, role) -> held since
  for (const auto& c : commits) {
    // A record's state after the commit: a move removes and adds the same unit, which keeps its roles.
    std::map<std::string, const store::ChangedFile*> after;
    std::map<std::string, std::pair<std::string, std::string>> kinds;  // key -> kind, id
    for (const auto& f : c.files) {
      std::string kind, id;
      if (!person_record_of(f.path, kind, id)) continue;
      const std::string key = kind + ":" + id;
      kinds[key] = {kind, id};
      if (!after.count(key) || after[key]->removed) after[key] = &f;
    }
    for (const auto& [key, file] : after) {
      std::string name;
      const auto roles = file->removed ? PersonRoles{} : person_roles_in(kinds[key].first, file->text, query, name);
      for (auto it = open.begin(); it != open.end();) {
        if (it->first.first != key || roles.count(it->first.second)) {
          ++it;
          continue;
        }
        it->second.to = c.date;
        it->second.to_commit = c.commit;
        done.push_back(std::move(it->second));
        it = open.erase(it);
      }
      for (const auto& [role, as] : roles) {
        auto& held = open[{key, role}];
        if (held.role.empty()) {
          held.role = role;
          held.kind = kinds[key].first;
          held.record = kinds[key].second;
          held.from = c.date;
          held.from_commit = c.commit;
        }
        held.person = as.first;
        held.as = as.second;
        held.record_name = name;
      }
    }
  }
  for (auto& [key, held] : open) done.push_back(std::move(held));
  std::stable_sort(done.begin(), done.end(), [](const PersonRole& a, const PersonRole& b) {
    if (a.from != b.from) return a.from < b.from;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.record < b.record;
  });
  return done;
}

}  // namespace firegrid::model
