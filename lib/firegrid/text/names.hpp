// What a name may hold, and when two names are one. A name is shown on terminals, in
// tables and in spreadsheets: a control character (ESC starts a terminal escape, a line
// break splits a row) or a bidi override (U+202E shows "exe.txt" as "txt.exe") in it
// deceives the reader, and an invisible zero-width character makes a second unit that
// looks like the first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace firegrid::text {

// A character a name must not hold, and where: `column` is 1-based, in code points.
struct ForbiddenCharacter {
  char32_t code_point = 0;
  std::size_t column = 1;
};

// The first C0 control (U+0000-001F, tab and line breaks included), DEL (U+007F), C1
// control (U+0080-009F), bidi embedding or override (U+202A-202E) or bidi isolate
// (U+2066-2069) in `utf8`, or nullopt when there is none. Invalid UTF-8 is not looked
// at (the loader refuses it). Never throws.
std::optional<ForbiddenCharacter> find_forbidden_in_name(std::string_view utf8);

// "U+001B (ESC)", "U+202E (RIGHT-TO-LEFT OVERRIDE)": a code point for a message.
std::string describe_code_point(char32_t code_point);

// Free text (an address, a note) as a terminal may show it: every character a name may
// not hold (find_forbidden_in_name) except tab and line breaks is written as an escape
// that shows what it is, "\x1B" (ESC), "\x7F", "\u0085" or "\u202E", so an ESC
// in a record never starts a terminal sequence and an override never reverses the text
// after it. Tab, LF and CR are left to the caller (a table makes them spaces). A
// backslash is left as it is. Invalid UTF-8 is returned as it is, but for its C0 and DEL
// bytes. Never throws.
std::string terminal_safe(std::string_view utf8);

// The form in which two names are compared: zero-width characters (U+200B-200D, U+2060,
// U+FEFF) removed, then NFKC (full-width letters and digits become ASCII, compatibility
// ideographs their unified form). Two names with the same key are the same name to a
// reader. Invalid UTF-8 is returned as it is. Never throws.
std::string name_key(std::string_view utf8);

// A value where a number, date, time, phone, licence or grid path is expected, as a
// Chinese input method may have typed it: zero-width characters removed and NFKC, so
// full-width digits, letters and punctuation become ASCII (`２０２６－１２－０１` is
// 2026-12-01, `１３８００１３８０００` a phone number, U+3000 a space), trimmed. Names and free
// text are kept as typed. Never throws.
std::string as_typed(std::string_view utf8);

}  // namespace firegrid::text
