# Writes a C++ source holding messages/zh-CN.yaml and messages/en.yaml as strings, so the
# program carries its message catalogues (docs/i18n.md). Called by the build with OUT and SRC_DIR.
file(READ ${SRC_DIR}/zh-CN.yaml zh)
file(READ ${SRC_DIR}/en.yaml en)
set(body "// Generated from messages/ by cmake/embed_messages.cmake. Do not edit.\n")
string(APPEND body "#include <firegrid/core/i18n.hpp>\n\nnamespace firegrid::i18n {\n")
string(APPEND body "std::string_view embedded_catalogue(Language lang) {\n")
string(APPEND body "  static const char zh[] = R\"FGMSG(${zh})FGMSG\";\n")
string(APPEND body "  static const char en[] = R\"FGMSG(${en})FGMSG\";\n")
string(APPEND body "  return lang == Language::zh ? std::string_view(zh, sizeof zh - 1) : std::string_view(en, sizeof en - 1);\n}\n")
string(APPEND body "}  // namespace firegrid::i18n\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
