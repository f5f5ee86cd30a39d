#include <firegrid/core/finding.hpp>

#include <algorithm>
#include <tuple>

namespace firegrid {

void Findings::error(Location where, std::string code, std::string message, std::string hint) {
  items_.push_back({Severity::error, std::move(where), std::move(code), std::move(message),
                    std::move(hint)});
}

void Findings::warning(Location where, std::string code, std::string message, std::string hint) {
  items_.push_back({Severity::warning, std::move(where), std::move(code), std::move(message),
                    std::move(hint)});
}

void Findings::append(const Findings& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::size_t Findings::errors() const {
  return static_cast<std::size_t>(std::count_if(
    items_.begin(), items_.end(), [](const Finding& f) { return f.severity == Severity::error; }));
}

std::size_t Findings::warnings() const { return items_.size() - errors(); }

void Findings::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.where.path, a.where.line, a.where.column, a.code) <
           std::tie(b.where.path, b.where.line, b.where.column, b.code);
  });
}

const char* to_string(Severity s) { return s == Severity::error ? "error" : "warning"; }

}  // namespace firegrid
