# Writes a C++ source that holds text files as string literals, one function per file, so a program
# carries them without reading them at run time: ragserver's docs/openapi.json, the HTML reports'
# Chart.js and page scripts.
# Usage: cmake -DOUT=file.cpp -DNAMESPACE=ragbench::server -DASSETS="name1=path1|name2=path2"
#              [-DHEADER=path/of/declarations.hpp] -P cmake/embed_text.cmake
# Each name becomes `std::string_view NAMESPACE::name()` (declared in HEADER when given). OUT is replaced
# only when its text changed, so an unchanged file does not rebuild.
set(delimiter "ragbench_text")  # a raw string delimiter holds at most 16 characters
set(text "// Generated at build time by cmake/embed_text.cmake; do not edit.\n")
if(HEADER)
  string(APPEND text "#include \"${HEADER}\"\n")
endif()
string(APPEND text "#include <string_view>\n\nnamespace ${NAMESPACE} {\n")
string(REPLACE "|" ";" ASSETS "${ASSETS}")
foreach(pair IN LISTS ASSETS)
  string(FIND "${pair}" "=" eq)
  string(SUBSTRING "${pair}" 0 ${eq} name)
  math(EXPR from "${eq} + 1")
  string(SUBSTRING "${pair}" ${from} -1 path)
  file(READ "${path}" content)
  string(FIND "${content}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw-string delimiter )${delimiter}\"")
  endif()
  string(APPEND text "\n// ${path}\nstd::string_view ${name}() {\n"
         "  static constexpr char text[] = R\"${delimiter}(${content})${delimiter}\";\n"
         "  return {text, sizeof text - 1};\n}\n")
endforeach()
string(APPEND text "\n}  // namespace ${NAMESPACE}\n")
file(WRITE "${OUT}.tmp" "${text}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
