# Writes a C++ source that holds text files as string literals, one function per file, so a program
# carries them without reading them at run time (the HTML reports inline Chart.js and their scripts).
# Usage: cmake -DOUT=file.cpp -DASSETS="name1=path1|name2=path2" -P embed_assets.cmake
# Each name becomes `std::string_view html_assets::name()` (declared in html_assets.hpp).
set(delimiter "ragbench_asset")
set(text "// Generated at build time by loadgen/report/html/embed_assets.cmake; do not edit.\n")
string(APPEND text "#include \"loadgen/report/html/html_assets.hpp\"\n\nnamespace ragbench::loadgen::html_assets {\n")
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
string(APPEND text "\n}  // namespace ragbench::loadgen::html_assets\n")
file(WRITE "${OUT}" "${text}")
