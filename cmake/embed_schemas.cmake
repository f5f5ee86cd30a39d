# Writes a C++ source holding every schemas/*.yaml file as a string, so the program
# carries the schemas it validates with. Called by the build with OUT and SRC_DIR.
file(GLOB files RELATIVE ${SRC_DIR} ${SRC_DIR}/*.yaml)
list(SORT files)
set(body "// Generated from schemas/ by cmake/embed_schemas.cmake. Do not edit.\n")
string(APPEND body "#include <firegrid/schema/embedded.hpp>\n\nnamespace firegrid::schema {\n")
string(APPEND body "const std::vector<EmbeddedFile>& embedded_files() {\n  static const std::vector<EmbeddedFile> files = {\n")
foreach(f ${files})
  file(READ ${SRC_DIR}/${f} content)
  string(APPEND body "    {\"${f}\", R\"FIREGRID_SCHEMA(${content})FIREGRID_SCHEMA\"},\n")
endforeach()
string(APPEND body "  };\n  return files;\n}\n}  // namespace firegrid::schema\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
