# report.html, compare.html, capacity.html and the live page. Included by loadgen/CMakeLists.txt after
# loadgen_report is defined (in that directory, so the generated source's rule belongs to the target).
# The page pieces (this folder's *.cpp) join loadgen_report; the files the pages inline -- Chart.js from
# Debian's libjs-chart.js (installed by ci/setup.sh) and this folder's assets/ (style, page scripts) --
# become C++ string literals at build time (cmake/embed_text.cmake), so loadgen needs neither the package nor
# the files at run time.
set(RAGBENCH_CHART_JS /usr/share/javascript/chart.js/chart.min.js CACHE FILEPATH
    "Chart.js 3.x, minified (Debian package libjs-chart.js), inlined into the HTML reports")
if(NOT EXISTS ${RAGBENCH_CHART_JS})
  message(FATAL_ERROR "${RAGBENCH_CHART_JS} not found: install libjs-chart.js (bash ci/setup.sh)")
endif()

set(dir ${CMAKE_CURRENT_LIST_DIR})
set(assets chart_js=${RAGBENCH_CHART_JS})
foreach(name style.css charts.js report.js compare.js capacity.js live.js)
  string(REPLACE "." "_" symbol ${name})
  list(APPEND assets ${symbol}=${dir}/assets/${name})
endforeach()
set(asset_files)
foreach(pair IN LISTS assets)
  string(REGEX REPLACE "^[^=]*=" "" path "${pair}")
  list(APPEND asset_files ${path})
endforeach()

list(JOIN assets "|" assets_arg)  # one argument: a ';' list would be split on the way
set(generated ${CMAKE_CURRENT_BINARY_DIR}/html_assets.cpp)
add_custom_command(
  OUTPUT ${generated}
  COMMAND ${CMAKE_COMMAND} -DOUT=${generated} -DNAMESPACE=ragbench::loadgen::html_assets
          -DHEADER=loadgen/report/html/html_assets.hpp "-DASSETS=${assets_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
  DEPENDS ${asset_files} ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
  COMMENT "Embedding Chart.js and the HTML report assets"
  VERBATIM)
# The literals are longer than the 64 KiB that -Wpedantic expects a compiler to support (GCC and Clang take them).
set_source_files_properties(${generated} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)

file(GLOB html_sources CONFIGURE_DEPENDS ${dir}/*.cpp)
target_sources(loadgen_report PRIVATE ${html_sources} ${generated})
