# The workbench's assets (src/serve/assets/*) compiled into verdict_serve as
# byte arrays: src/serve/workbench_assets.h's FindAsset() reads them. Any
# change to an asset re-runs CMake (CONFIGURE_DEPENDS), so the binary always
# serves the files in the repository.
file(GLOB VERDICT_WB_ASSETS CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/assets/*.html
     ${CMAKE_CURRENT_SOURCE_DIR}/assets/*.js
     ${CMAKE_CURRENT_SOURCE_DIR}/assets/*.css)
list(SORT VERDICT_WB_ASSETS)
set(VERDICT_WB_ARRAYS "")
set(VERDICT_WB_TABLE "")
set(VERDICT_WB_INDEX 0)
foreach(asset ${VERDICT_WB_ASSETS})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${asset})
  get_filename_component(asset_name ${asset} NAME)
  file(READ ${asset} asset_hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," asset_bytes "${asset_hex}")
  string(APPEND VERDICT_WB_ARRAYS
         "const char kAsset${VERDICT_WB_INDEX}[] = {${asset_bytes} 0};\n")
  string(APPEND VERDICT_WB_TABLE
         "    {\"${asset_name}\", {kAsset${VERDICT_WB_INDEX}, sizeof(kAsset${VERDICT_WB_INDEX}) - 1}},\n")
  math(EXPR VERDICT_WB_INDEX "${VERDICT_WB_INDEX} + 1")
endforeach()
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/workbench_assets_data.cc.in
  "// Generated from src/serve/assets by src/serve/workbench_assets.cmake.\n"
  "#include \"src/serve/workbench_assets.h\"\n"
  "namespace verdict::serve {\n"
  "namespace {\n"
  "${VERDICT_WB_ARRAYS}"
  "const Asset kAssets[] = {\n${VERDICT_WB_TABLE}};\n"
  "}  // namespace\n"
  "const Asset* FindAsset(std::string_view name) {\n"
  "  for (const Asset& a : kAssets) {\n"
  "    if (a.name == name) return &a;\n"
  "  }\n"
  "  return nullptr;\n"
  "}\n"
  "}  // namespace verdict::serve\n")
configure_file(${CMAKE_CURRENT_BINARY_DIR}/workbench_assets_data.cc.in
               ${CMAKE_CURRENT_BINARY_DIR}/workbench_assets_data.cc COPYONLY)
target_sources(verdict_serve PRIVATE
               ${CMAKE_CURRENT_BINARY_DIR}/workbench_assets_data.cc)
