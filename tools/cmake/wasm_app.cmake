# The Emscripten half of the superbuild: builds wasm/ with the Emscripten toolchain as an external
# project, subsets the fonts, and assembles dist/ (printing its sizes).
include(ExternalProject)

find_program(INBOX_EM_CONFIG em-config REQUIRED)
execute_process(COMMAND ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs ${INBOX_EM_CONFIG} EMSCRIPTEN_ROOT
  OUTPUT_VARIABLE INBOX_EMSCRIPTEN_ROOT OUTPUT_STRIP_TRAILING_WHITESPACE)
set(INBOX_EM_TOOLCHAIN "${INBOX_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
if(NOT EXISTS "${INBOX_EM_TOOLCHAIN}")
  message(FATAL_ERROR "Emscripten toolchain file not found under '${INBOX_EMSCRIPTEN_ROOT}' (run tools/setup)")
endif()

# emcc sees nlohmann/ only, copied out of the host include tree.
find_path(INBOX_NLOHMANN_PARENT nlohmann/json.hpp REQUIRED)
file(COPY "${INBOX_NLOHMANN_PARENT}/nlohmann" DESTINATION "${CMAKE_BINARY_DIR}/wasm-include")

# Debian's emscripten ships a prebuilt, frozen system-library cache: use it as it is.
set(INBOX_EM_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
set(INBOX_WASM_BUILD_TYPE "Release" CACHE STRING "Build type of the wasm app")

ExternalProject_Add(inbox_wasm
  SOURCE_DIR "${CMAKE_SOURCE_DIR}/wasm"
  BINARY_DIR "${CMAKE_BINARY_DIR}/wasm-app"
  CONFIGURE_COMMAND ${INBOX_EM_ENV} ${CMAKE_COMMAND} -G Ninja -S <SOURCE_DIR> -B <BINARY_DIR>
    -DCMAKE_TOOLCHAIN_FILE=${INBOX_EM_TOOLCHAIN}
    -DCMAKE_BUILD_TYPE=${INBOX_WASM_BUILD_TYPE}
    -DINBOX_IMGUI_DIR=${INBOX_IMGUI_DIR}
    -DINBOX_JSON_INCLUDE=${CMAKE_BINARY_DIR}/wasm-include
    -DINBOX_WERROR=${INBOX_WERROR}
  BUILD_COMMAND ${INBOX_EM_ENV} ${CMAKE_COMMAND} --build <BINARY_DIR>
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON            # ninja inside decides what changed
  USES_TERMINAL_BUILD ON)

find_program(INBOX_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)  # has Debian's fontTools
set(INBOX_FONTS_DIR "${CMAKE_BINARY_DIR}/fonts")
add_custom_command(OUTPUT "${INBOX_FONTS_DIR}/manifest.json"
  COMMAND ${INBOX_SYSTEM_PYTHON} "${CMAKE_SOURCE_DIR}/tools/build_fonts.py" "${CMAKE_SOURCE_DIR}/assets/fonts.txt" "${INBOX_FONTS_DIR}"
  DEPENDS "${CMAKE_SOURCE_DIR}/assets/fonts.txt" "${CMAKE_SOURCE_DIR}/tools/build_fonts.py"
    "${CMAKE_SOURCE_DIR}/wasm/ui/icons.h" "${CMAKE_SOURCE_DIR}/wasm/ui/text_emoji.h"
  COMMENT "Subsetting fonts")

add_custom_target(dist ALL
  COMMAND ${CMAKE_COMMAND} -E rm -rf "${INBOX_DIST_DIR}"
  COMMAND ${INBOX_SYSTEM_PYTHON} "${CMAKE_SOURCE_DIR}/tools/pack_dist.py" "${INBOX_DIST_DIR}"
    "${CMAKE_SOURCE_DIR}/shell" "${CMAKE_BINARY_DIR}/wasm-app" "${INBOX_FONTS_DIR}"
  DEPENDS inbox_wasm "${INBOX_FONTS_DIR}/manifest.json"
  USES_TERMINAL
  COMMENT "Assembling dist/")
