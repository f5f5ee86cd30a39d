#include <firegrid/schema/catalog.hpp>

#include <firegrid/core/clock.hpp>
#include <firegrid/core/error.hpp>
#include <firegrid/doc/json.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/schema/embedded.hpp>
#include <firegrid/schema/modeline.hpp>
#include <firegrid/schema/quick.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/text/utf8.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <set>

namespace firegrid::schema {

namespace {

constexpr const char* kSuffix = ".schema.yaml";

// valijson resolves only references inside one document here: rewrite
// "other.schema.yaml#/definitions/x" to "#/definitions/x" and merge the definitions of
// every referenced file into the schema's own.
void localise_refs(nlohmann::json& j, std::set<std::string>& files) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "$ref" && it->is_string()) {
        const std::string ref = *it;
        const auto hash = ref.find('#');
        if (hash != std::string::npos && hash > 0) {
          files.insert(ref.substr(0, hash));
          *it = ref.substr(hash);
        }
      } else {
        localise_refs(*it, files);
      }
    }
  } else if (j.is_array()) {
    for (auto& item : j) localise_refs(item, files);
  }
}

std::string kind_words(doc::Kind k) {
  switch (k) {
  case doc::Kind::null: return tr("nothing (null)");
  case doc::Kind::boolean: return tr("true/false");
  case doc::Kind::integer: return tr("a whole number");
  case doc::Kind::real: return tr("a number");
  case doc::Kind::string: return tr("text");
  case doc::Kind::sequence: return tr("a list");
  case doc::Kind::mapping: return tr("a mapping");
  }
  return "?";
}

std::string type_words(const std::string& t) {
  if (t == "string") return tr("text");
  if (t == "integer") return tr("a whole number");
  if (t == "number") return tr("a number");
  if (t == "boolean") return tr("true or false");
  if (t == "array") return tr("a list");
  if (t == "object") return tr("a mapping");
  if (t == "null") return "null";
  return t;
}

// Levenshtein distance, for "did you mean".
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t prev = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

// The source text of the scalar at `m`, for hints ("write it in quotes: '0012'").
std::string raw_scalar(const std::string& text, doc::Mark m) {
  const std::string_view line = text::line_text(text, m.line);
  std::size_t byte = 0;
  for (int col = 1; col < m.column && byte < line.size(); ++col) {
    ++byte;
    while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) ++byte;
  }
  std::string_view rest = line.substr(byte);
  if (const auto hash = rest.find(" #"); hash != std::string_view::npos) rest = rest.substr(0, hash);
  // Inside a flow collection ({a: 1, b: 2}) a plain value ends at , } or ].
  if (line.substr(0, byte).find_first_of("{[") != std::string_view::npos)
    if (const auto end = rest.find_first_of(",}]"); end != std::string_view::npos) rest = rest.substr(0, end);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  return std::string(rest);
}

}  // namespace

struct File {
  std::string name;
  std::string text;
  doc::Node root;
};

struct Compiled {
  valijson::Schema schema;
  std::unique_ptr<Quick> quick;  // the common case, a record that meets the schema
};

struct Catalog::Impl {
  std::map<std::string, File> files;  // by file name
  std::map<std::string, std::unique_ptr<Compiled>> compiled;  // by record type

  const doc::Node* definition(const std::string& file, const std::string& name) const {
    const auto it = files.find(file);
    if (it == files.end()) return nullptr;
    const doc::Node* defs = it->second.root.find("definitions");
    return defs ? defs->find(name) : nullptr;
  }
};

// A place in a schema, following $ref within and across the schema files.
class Cursor : public doc::KeyOrder {
public:
  Cursor(const Catalog::Impl& impl, std::string file, const doc::Node* node)
    : impl_(impl), file_(std::move(file)), node_(node) {
    resolve();
  }

  const doc::Node* node() const { return node_; }

  std::vector<std::string> keys() const override {
    std::vector<std::string> out;
    if (const doc::Node* props = node_ ? node_->find("properties") : nullptr)
      for (const auto& e : props->entries()) out.push_back(e.key);
    return out;
  }

  std::unique_ptr<doc::KeyOrder> property(const std::string& key) const override {
    return property_cursor(key);
  }
  std::unique_ptr<doc::KeyOrder> items() const override { return items_cursor(); }

  std::unique_ptr<Cursor> property_cursor(const std::string& key) const {
    const doc::Node* props = node_ ? node_->find("properties") : nullptr;
    const doc::Node* p = props ? props->find(key) : nullptr;
    if (!p) return nullptr;
    return std::make_unique<Cursor>(impl_, file_, p);
  }

  std::unique_ptr<Cursor> items_cursor() const {
    const doc::Node* i = node_ ? node_->find("items") : nullptr;
    if (!i || !i->is_mapping()) return nullptr;
    return std::make_unique<Cursor>(impl_, file_, i);
  }

  bool closed() const {
    const doc::Node* ap = node_ ? node_->find("additionalProperties") : nullptr;
    return ap && ap->kind() == doc::Kind::boolean && !ap->as_bool();
  }

  std::string hint() const {
    if (!node_) return {};
    // In Chinese, the schema's Chinese hint (x-hint-zh); an English-only description is
    // not shown inside a Chinese finding.
    if (language() == Language::zh) return node_->get_string("x-hint-zh");
    std::string h = node_->get_string("x-hint");
    return h.empty() ? node_->get_string("description") : h;
  }

  std::string expected_type() const {
    const doc::Node* t = node_ ? node_->find("type") : nullptr;
    if (!t) return {};
    if (t->is_string()) return type_words(t->as_string());
    std::vector<std::string> words;
    for (const auto& i : t->items()) words.push_back(type_words(i.as_string()));
    return fmt::format("{}", fmt::join(words, tr(" or ")));
  }

  std::vector<std::string> enum_values() const {
    std::vector<std::string> out;
    if (const doc::Node* e = node_ ? node_->find("enum") : nullptr)
      for (const auto& i : e->items()) out.push_back(i.as_string());
    return out;
  }

private:
  void resolve() {
    for (int guard = 0; node_ && guard < 16; ++guard) {
      const doc::Node* ref = node_->find("$ref");
      if (!ref || !ref->is_string()) return;
      const std::string& r = ref->as_string();
      const auto hash = r.find('#');
      if (hash == std::string::npos) {
        node_ = nullptr;
        return;
      }
      if (hash > 0) file_ = r.substr(0, hash);
      const std::string prefix = "#/definitions/";
      const std::string frag = r.substr(hash);
      node_ = frag.compare(0, prefix.size(), prefix) == 0
                ? impl_.definition(file_, frag.substr(prefix.size()))
                : nullptr;
    }
  }

  const Catalog::Impl& impl_;
  std::string file_;
  const doc::Node* node_;
};

Catalog::Catalog() : impl_(std::make_unique<Impl>()) {
  for (const auto& f : embedded_files()) {
    auto loaded = doc::load(std::string("schemas/") + f.name, f.text);
    if (!loaded.clean())
      throw Error(msg("built-in schema {} does not load: {}", f.name,
                              loaded.findings.items().front().message));
    impl_->files[f.name] = File{f.name, f.text, std::move(loaded.document->root)};
  }
  for (const auto& [name, file] : impl_->files) {
    const std::string suffix = kSuffix;
    if (name == "common" + suffix || name.size() <= suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;  // shared definitions, or data such as the checklist catalogue
    const std::string type = name.substr(0, name.size() - std::string(kSuffix).size());
    nlohmann::json j = doc::to_json(file.root);
    std::set<std::string> referenced;
    localise_refs(j, referenced);
    for (const auto& other : referenced) {
      const auto it = impl_->files.find(other);
      if (it == impl_->files.end())
        throw Error(msg("schema {} refers to missing {}", name, other));
      nlohmann::json o = doc::to_json(it->second.root);
      std::set<std::string> ignored;
      localise_refs(o, ignored);
      // One name, one definition: merged, a second would silently replace the first for
      // valijson (and the compiled schema, which follows each file's own, would differ).
      for (auto& [k, v] : o["definitions"].items()) {
        if (j["definitions"].contains(k) && j["definitions"][k] != v)
          throw Error(msg("schema {} and {} both define '{}'", name, other, k));
        j["definitions"][k] = v;
      }
    }
    auto compiled = std::make_unique<Compiled>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(j);
    try {
      parser.populateSchema(adapter, compiled->schema);
    } catch (const std::exception& e) {
      throw Error(msg("built-in schema {} is invalid: {}", name, e.what()));
    }
    const Impl& impl = *impl_;
    compiled->quick = std::make_unique<Quick>(name, file.root, [&impl](const std::string& f, const std::string& d) {
      return impl.definition(f, d);
    });
    impl_->compiled[type] = std::move(compiled);
  }
}

Catalog::~Catalog() = default;

std::vector<std::string> Catalog::types() const {
  std::vector<std::string> out;
  for (const auto& [type, _] : impl_->compiled) out.push_back(type);
  return out;
}

std::vector<std::pair<std::string, std::string>> Catalog::files() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, f] : impl_->files) out.emplace_back(name, f.text);
  return out;
}

const doc::Node* Catalog::data(const std::string& file) const {
  const auto it = impl_->files.find(file);
  return it == impl_->files.end() ? nullptr : &it->second.root;
}

std::unique_ptr<doc::KeyOrder> Catalog::key_order(const std::string& type) const {
  const std::string file = type + kSuffix;
  const auto it = impl_->files.find(file);
  if (it == impl_->files.end()) return nullptr;
  return std::make_unique<Cursor>(*impl_, file, &it->second.root);
}

std::string Catalog::file_text(const std::string& type, const std::string& path, const doc::Node& record) const {
  return modeline(path, type) + doc::emit(record, key_order(type).get());
}

namespace {

// Where a valijson context (["<root>", "[members]", "[0]", ...]) points in the tree and
// in the schema.
struct Target {
  const doc::Node* node = nullptr;
  doc::Mark key_mark;
  std::unique_ptr<Cursor> schema;
  std::string path;  // members[0].phone
};

Target locate(const doc::Node& root, std::unique_ptr<Cursor> schema,
              const std::vector<std::string>& context) {
  Target t;
  t.node = &root;
  t.schema = std::move(schema);
  for (const auto& part : context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') continue;
    const std::string key = part.substr(1, part.size() - 2);
    if (t.node && t.node->is_mapping()) {
      const doc::Node* next = nullptr;
      for (const auto& e : t.node->entries())
        if (e.key == key) {
          next = &e.value;
          t.key_mark = e.key_mark;
        }
      t.node = next;
      t.schema = t.schema ? t.schema->property_cursor(key) : nullptr;
      t.path += t.path.empty() ? key : "." + key;
    } else if (t.node && t.node->is_sequence()) {
      const std::size_t i = std::stoul(key);
      t.node = i < t.node->items().size() ? &t.node->items()[i] : nullptr;
      t.schema = t.schema ? t.schema->items_cursor() : nullptr;
      t.path += "[" + key + "]";
    }
  }
  return t;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string scalar_words(const doc::Node& n) {
  return n.is_string() ? fmt::format("'{}'", n.as_string()) : n.as_string();
}

// The checks valijson does not make, in one walk of the tree beside its schema: every key
// the schema does not know where the schema is closed, `x-format: date` values that
// are not real calendar dates (valijson's own `format: date` compiles a regex per value
// and accepts 2026-02-30), and `x-format: name` values that hold a control character or
// a bidi override.
void extra_checks(const doc::Document& d, const doc::Node& n, const Cursor* schema,
                  const std::string& path, Findings& out) {
  if (!schema || !schema->node()) return;
  if (n.is_string() && schema->node()->get_string("x-format") == "name") {
    if (const auto bad = text::find_forbidden_in_name(n.as_string()))
      out.error({d.path, n.mark().line, n.mark().column}, "name-control-character",
                msg("{}: {} at character {} is not allowed in a name", path,
                            text::describe_code_point(bad->code_point), bad->column),
                tr("a name cannot hold control characters (line breaks, tabs, ESC) or bidi "
                "overrides, which change how it shows: retype it"));
    return;
  }
  if (n.is_string() && schema->node()->get_string("x-format") == "date") {
    Date date;
    const std::string& s = n.as_string();
    if (s.size() == 10 && !parse_date(s, date))
      out.error({d.path, n.mark().line, n.mark().column}, "schema-date",
                msg("{}: '{}' is not a valid date", path, s),
                tr("write dates as YYYY-MM-DD, in quotes: '2026-03-15'"));
    return;
  }
  if (n.is_mapping()) {
    const auto known = schema->keys();
    for (const auto& e : n.entries()) {
      const auto child = schema->property_cursor(e.key);
      const std::string child_path = path.empty() ? e.key : path + "." + e.key;
      if (!child && schema->closed()) {
        std::string best;
        std::size_t best_d = 3;
        for (const auto& k : known) {
          const std::size_t dd = distance(e.key, k);
          if (dd < best_d) {
            best_d = dd;
            best = k;
          }
        }
        const std::string where = path.empty() ? "" : " in " + path;
        out.error({d.path, e.key_mark.line, e.key_mark.column}, "schema-unknown-key",
                  msg("unknown key '{}'{}", e.key, where),
                  best.empty() ? msg("the keys here are: {}", fmt::join(known, ", "))
                               : msg("did you mean '{}'?", best));
        continue;
      }
      extra_checks(d, e.value, child.get(), child_path, out);
    }
  } else if (n.is_sequence()) {
    const auto item = schema->items_cursor();
    for (std::size_t i = 0; i < n.items().size(); ++i)
      extra_checks(d, n.items()[i], item.get(), fmt::format("{}[{}]", path, i), out);
  }
}

}  // namespace

void Catalog::require_valid(const std::string& type, const std::string& path,
                            const doc::Node& record) const {
  const doc::Document d{path, "", record};
  Findings found = validate(d, type);
  if (found.errors() == 0) return;
  Findings located;
  for (Finding f : found.items()) {
    f.where = {path, 0, 0};  // the file is not written: no line to point at
    located.add(std::move(f));
  }
  throw InvalidRecord(msg("{} would not be valid", path), std::move(located));
}

bool Catalog::certainly_valid(const doc::Node& record, const std::string& type) const {
  const auto it = impl_->compiled.find(type);
  return it != impl_->compiled.end() && it->second->quick->clean(record);
}

Findings Catalog::validate(const doc::Document& d, const std::string& type) const {
  Findings out = certainly_valid(d.root, type) ? Findings() : validate_fully(d, type);
  check_modeline(d.path, d.text, type, out);  // a file's yaml-language-server line names its schema
  out.sort();
  return out;
}

Findings Catalog::validate_fully(const doc::Document& d, const std::string& type) const {
  Findings out;
  const auto it = impl_->compiled.find(type);
  if (it == impl_->compiled.end())
    throw Error(msg("no schema for record type '{}'", type));
  const std::string file = type + kSuffix;
  const auto root_cursor = [&] {
    return std::make_unique<Cursor>(*impl_, file, &impl_->files.at(file).root);
  };

  const nlohmann::json j = doc::to_json(d.root);
  valijson::adapters::NlohmannJsonAdapter adapter(j);
  valijson::ValidationResults results;
  // A validator caches the compiled regexes of `pattern`s (compiling them anew for every
  // record made an import of 20,000 rows take seconds): one for each thread's life, so
  // the loader validates on every core (record::Reader).
  thread_local valijson::Validator validator{valijson::Validator::kStrongTypes};
  validator.validate(it->second->schema, adapter, &results);

  valijson::ValidationResults::Error e;
  std::set<std::string> seen, typed;
  std::vector<valijson::ValidationResults::Error> errors;
  while (results.popError(e)) errors.push_back(e);
  std::stable_partition(errors.begin(), errors.end(), [](const auto& x) {
    return starts_with(x.description, "Value type not permitted");  // types first, see below
  });
  for (const auto& e : errors) {
    const std::string& desc = e.description;
    if (starts_with(desc, "Failed to validate against schema associated with") ||
        starts_with(desc, "Failed to validate item #") ||
        starts_with(desc, "Failed to validate against child schema") ||
        starts_with(desc, "Failed to validate against additional properties") ||
        starts_with(desc, "Object contains a property that could not be validated"))
      continue;  // wrappers of a more precise error, or reported by extra_checks
    Target t = locate(d.root, root_cursor(), e.context);
    const doc::Node* n = t.node ? t.node : &d.root;
    doc::Mark m = n->mark();
    const std::string subject = t.path.empty() ? tr("the record") : t.path;
    std::string code = "schema", message, hint = t.schema ? t.schema->hint() : "";

    if (starts_with(desc, "Missing required property '")) {
      const std::string key = desc.substr(27, desc.size() - 29);
      code = "schema-missing-key";
      message = t.path.empty() ? msg("missing required key '{}'", key)
                               : msg("{}: missing required key '{}'", t.path, key);
      const auto child = t.schema ? t.schema->property_cursor(key) : nullptr;
      hint = child ? child->hint() : "";
      if (hint.empty()) hint = msg("add `{}:` to {}", key, subject);
    } else if (starts_with(desc, "Value type not permitted")) {
      code = "schema-type";
      const std::string expected = t.schema ? t.schema->expected_type() : tr("another type");
      message = msg("{}: expected {}, found {}", subject, expected, kind_words(n->kind()));
      if (expected == tr("text") && !n->is_mapping() && !n->is_sequence() && !n->is_null())
        hint = msg("write it in quotes: '{}'", raw_scalar(d.text, m));
    } else if (starts_with(desc, "Failed to match against any enum values")) {
      code = "schema-enum";
      const auto values = t.schema ? t.schema->enum_values() : std::vector<std::string>{};
      message = msg("{}: {} is not one of the allowed values", subject, scalar_words(*n));
      hint = msg("use one of: {}", fmt::join(values, ", "));
    } else if (starts_with(desc, "Failed to match regex")) {
      code = "schema-pattern";
      message = msg("{}: {} is not in the expected form", subject, scalar_words(*n));
    } else if (starts_with(desc, "String should be a valid date")) {
      code = "schema-date";
      message = msg("{}: {} is not a valid date", subject, scalar_words(*n));
      hint = tr("write dates as YYYY-MM-DD, in quotes: '2026-03-15'");
    } else if (starts_with(desc, "String should be no fewer than")) {
      code = "schema-too-short";
      message = n->is_string() && n->as_string().empty()
                  ? msg("{}: must not be empty", subject)
                  : msg("{}: {} is too short", subject, scalar_words(*n));
    } else if (starts_with(desc, "String should be no more than")) {
      code = "schema-too-long";
      message = msg("{}: longer than {} characters", subject,
                            desc.substr(30, desc.find(" characters") - 30));
    } else if (starts_with(desc, "Expected number")) {
      code = "schema-range";
      std::vector<std::string> bounds;
      if (t.schema && t.schema->node()) {
        if (const doc::Node* lo = t.schema->node()->find("minimum")) bounds.push_back(msg("at least {}", lo->as_string()));
        if (const doc::Node* hi = t.schema->node()->find("maximum")) bounds.push_back(msg("at most {}", hi->as_string()));
      }
      message = msg("{}: {} is out of range", subject, n->as_string());
      if (!bounds.empty()) hint = msg("the value must be {}", fmt::join(bounds, tr(" and ")));
    } else if (starts_with(desc, "Failed to match expected value set by 'const'")) {
      code = "schema-const";
      const doc::Node* want = t.schema && t.schema->node() ? t.schema->node()->find("const") : nullptr;
      message = msg("{}: {} is not {}", subject, scalar_words(*n), want ? want->as_string() : tr("the allowed value"));
    } else if (desc.find("uniqueness") != std::string::npos) {
      code = "schema-duplicate-item";
      message = msg("{}: the same entry appears twice", subject);
    } else {
      std::string d2 = desc;
      if (!d2.empty()) d2[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(d2[0])));
      if (!d2.empty() && d2.back() == '.') d2.pop_back();
      message = msg("{}: {}", subject, d2);
    }
    // One problem, one finding: a wrong type also fails `const` and `enum` at the same place.
    const std::string place = fmt::format("{}:{}", m.line, m.column);
    if (code == "schema-type") typed.insert(place);
    if ((code == "schema-const" || code == "schema-enum") && typed.count(place)) continue;
    const std::string key = place + ":" + message;
    if (seen.insert(key).second) out.error({d.path, m.line, m.column}, code, message, hint);
  }
  const auto root = root_cursor();
  extra_checks(d, d.root, root.get(), "", out);
  out.sort();
  return out;
}

}  // namespace firegrid::schema
