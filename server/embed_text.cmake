# cmake -DIN=file -DOUT=file.cpp -DNAME=function -P embed_text.cmake
# Writes a C++ source defining `std::string_view ragbench::server::NAME()` that returns IN's text,
# so a data file (docs/openapi.json) is compiled into ragserver and cannot drift from the docs.
file(READ "${IN}" content)
string(FIND "${content}" ")embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )embedded\"")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by server/embed_text.cmake; do not edit.\n#include <string_view>\nnamespace ragbench::server {\nstd::string_view ${NAME}() {\n  static constexpr std::string_view text = R\"embedded(${content})embedded\";\n  return text;\n}\n}  // namespace ragbench::server\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
