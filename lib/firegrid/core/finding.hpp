// Findings: what is wrong with the data. Every command that reads records collects
// all of them and keeps going; the program prints them compiler style.
#pragma once

#include <firegrid/core/i18n.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace firegrid {

// A place in a file: 1-based line and column (columns count characters, not bytes).
// line 0 means "the whole file".
struct Location {
  std::string path;  // relative to the repo root, '/' separated
  int line = 0;
  int column = 0;
};

enum class Severity { error, warning };

struct Finding {
  Severity severity = Severity::error;
  Location where;
  std::string code;     // stable identifier of the kind of finding, e.g. "yaml-duplicate-key"
  std::string message;  // one line, lower case, no final period
  std::string hint;     // what to do about it; may be empty
};

// An ordered collection of findings with counts.
class Findings {
public:
  void add(Finding f) { items_.push_back(std::move(f)); }
  void error(Location where, std::string code, std::string message, std::string hint = {});
  void warning(Location where, std::string code, std::string message, std::string hint = {});
  void append(const Findings& other);

  const std::vector<Finding>& items() const { return items_; }
  std::size_t errors() const;
  std::size_t warnings() const;
  bool empty() const { return items_.empty(); }

  // Orders findings by path, line, column, then code, so output is stable.
  void sort();

  // Drops the findings `gone` says yes to (those of records a past day did not have yet).
  template <class Pred>
  void drop_if(Pred gone) {
    items_.erase(std::remove_if(items_.begin(), items_.end(), gone), items_.end());
  }

private:
  std::vector<Finding> items_;
};

const char* to_string(Severity s);

}  // namespace firegrid
