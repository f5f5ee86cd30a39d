#include <firegrid/text/names.hpp>

#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace firegrid::text {

namespace {

bool forbidden_in_name(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

bool zero_width(char32_t c) { return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF; }

// Calls `visit(code_point, bytes)` for each code point of valid UTF-8; false (and stops)
// at the first invalid sequence.
template <typename Visit>
bool each_code_point(std::string_view s, Visit visit) {
  for (std::size_t i = 0; i < s.size();) {
    utf8proc_int32_t cp = 0;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i);
    const utf8proc_ssize_t n = utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0 || cp < 0) return false;
    if (!visit(static_cast<char32_t>(cp), s.substr(i, static_cast<std::size_t>(n)))) return true;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

const char* control_name(char32_t c) {
  static const char* const c0[] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                   "BS",  "TAB", "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                   "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                   "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
  if (c < 0x20) return c0[c];
  if (c == 0x7F) return "DEL";
  if (c >= 0x80 && c <= 0x9F) return "C1 control";
  switch (c) {
  case 0x202A: return "LEFT-TO-RIGHT EMBEDDING";
  case 0x202B: return "RIGHT-TO-LEFT EMBEDDING";
  case 0x202C: return "POP DIRECTIONAL FORMATTING";
  case 0x202D: return "LEFT-TO-RIGHT OVERRIDE";
  case 0x202E: return "RIGHT-TO-LEFT OVERRIDE";
  case 0x2066: return "LEFT-TO-RIGHT ISOLATE";
  case 0x2067: return "RIGHT-TO-LEFT ISOLATE";
  case 0x2068: return "FIRST STRONG ISOLATE";
  case 0x2069: return "POP DIRECTIONAL ISOLATE";
  default: return nullptr;
  }
}

}  // namespace

std::optional<ForbiddenCharacter> find_forbidden_in_name(std::string_view utf8) {
  std::optional<ForbiddenCharacter> found;
  std::size_t column = 1;
  each_code_point(utf8, [&](char32_t c, std::string_view) {
    if (forbidden_in_name(c)) {
      found = ForbiddenCharacter{c, column};
      return false;
    }
    ++column;
    return true;
  });
  return found;
}

std::string terminal_safe(std::string_view utf8) {
  const auto escaped = [](char32_t c) {
    return c != '\t' && c != '\n' && c != '\r' && forbidden_in_name(c);
  };
  bool any = false;
  const bool valid = each_code_point(utf8, [&](char32_t c, std::string_view) {
    any = any || escaped(c);
    return true;
  });
  if (valid && !any) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size() + 8);
  if (!valid) {  // bytes: only the ASCII controls can be told
    for (const char ch : utf8) {
      const auto b = static_cast<unsigned char>(ch);
      if (b < 0x80 && escaped(b)) out += fmt::format("\\x{:02X}", b);
      else out.push_back(ch);
    }
    return out;
  }
  each_code_point(utf8, [&](char32_t c, std::string_view bytes) {
    if (!escaped(c)) out.append(bytes);
    else if (c < 0x80) out += fmt::format("\\x{:02X}", static_cast<std::uint32_t>(c));
    else out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(c));
    return true;
  });
  return out;
}

std::string describe_code_point(char32_t code_point) {
  const char* name = control_name(code_point);
  const std::string number = fmt::format("U+{:04X}", static_cast<std::uint32_t>(code_point));
  return name ? fmt::format("{} ({})", number, name) : number;
}

std::string name_key(std::string_view utf8) {
  std::string visible;
  visible.reserve(utf8.size());
  const bool valid = each_code_point(utf8, [&](char32_t c, std::string_view bytes) {
    if (!zero_width(c)) visible.append(bytes);
    return true;
  });
  if (!valid) return std::string(utf8);
  utf8proc_uint8_t* nfkc = nullptr;
  const utf8proc_ssize_t n =
    utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(visible.data()),
                 static_cast<utf8proc_ssize_t>(visible.size()), &nfkc,
                 static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (n < 0) return visible;
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(nfkc, &std::free);
  return std::string(reinterpret_cast<const char*>(nfkc), static_cast<std::size_t>(n));
}

std::string as_typed(std::string_view utf8) {
  std::string s = name_key(utf8);
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return std::string();
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace firegrid::text
