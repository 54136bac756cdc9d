# MiragePackage.cmake: the package convention in one place.
#
# A package's CMakeLists.txt reads its version from package.json, calls project(), then
#   find_package(mirage-cmake 1.0 REQUIRED)
#   mirage_library(SOURCES ...)           # NAME::NAME; dependencies come from package.json
#   mirage_test(NAME SOURCES ... [LABELS unit|interop|slow ...])
#   mirage_fuzz(NAME SOURCES ... CORPUS dir)
#   mirage_bench(NAME SOURCES ...)
#   mirage_install()
# The same file works inside the monorepo (siblings answer find_package through
# CMAKE_FIND_PACKAGE_REDIRECTS_DIR) and alone against an install prefix.
# A package built alone is the top-level project: it gets CTest (and BUILD_TESTING).
if(PROJECT_IS_TOP_LEVEL)
  include(CTest)
endif()
# Functions are global once defined, variables are not: this one is set on every include.
set(MIRAGE_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})
include_guard(GLOBAL)
if(NOT CMAKE_SCRIPT_MODE_FILE)  # the tests read manifests in script mode, with no project
  include(GNUInstallDirs)
  include(CMakePackageConfigHelpers)
endif()

option(MIRAGE_PORTABLE_CHECK "Build portable packages with -fno-exceptions -fno-rtti" OFF)
option(MIRAGE_FUZZ "Build fuzz targets with libFuzzer (needs clang)" OFF)
option(MIRAGE_BENCH "Build benchmarks" ON)
option(MIRAGE_BUILD_TESTS "Build tests of packages that are not the top-level project" OFF)
# Test programs are half of every build and run in seconds; compiled without optimisation
# they build in half the time. The libraries they test keep the build type's flags.
set(MIRAGE_TEST_CXX_FLAGS "-O0" CACHE STRING "Extra compile options for test programs")

# Reads PROJECT_SOURCE_DIR/package.json into variables in the caller's scope:
#   MIRAGE_DEPENDS  - list of dependency names
#   MIRAGE_DEP_<dep>_MIN - the lowest version the constraint admits (for find_package)
#   MIRAGE_PORTABLE - TRUE when the package supports a bare-metal target
macro(_mirage_read_manifest)
  file(READ ${PROJECT_SOURCE_DIR}/package.json _mirage_manifest)
  string(JSON _mirage_name GET "${_mirage_manifest}" name)
  if(NOT _mirage_name STREQUAL PROJECT_NAME)
    message(FATAL_ERROR "${PROJECT_SOURCE_DIR}/package.json: name is '${_mirage_name}' but project() says '${PROJECT_NAME}'")
  endif()
  set(MIRAGE_DEPENDS "")
  string(JSON _mirage_ndeps ERROR_VARIABLE _mirage_err LENGTH "${_mirage_manifest}" depends)
  if(_mirage_err)
    set(_mirage_ndeps 0)
  endif()
  if(_mirage_ndeps GREATER 0)
    math(EXPR _mirage_last "${_mirage_ndeps} - 1")
    foreach(_i RANGE ${_mirage_last})
      string(JSON _dep MEMBER "${_mirage_manifest}" depends ${_i})
      string(JSON _constraint GET "${_mirage_manifest}" depends ${_dep})
      # The lowest bound of the constraint: the first version after >=, =, ^ or ~.
      if(NOT _constraint MATCHES "(>=|\\^|~|=)[ ]*([0-9]+(\\.[0-9]+)*)")
        message(FATAL_ERROR "${PROJECT_SOURCE_DIR}/package.json: dependency '${_dep}' has constraint '${_constraint}' with no lower bound (>=, =, ^ or ~)")
      endif()
      list(APPEND MIRAGE_DEPENDS ${_dep})
      set(MIRAGE_DEP_${_dep}_MIN ${CMAKE_MATCH_2})
    endforeach()
  endif()
  set(MIRAGE_PORTABLE FALSE)
  string(JSON _mirage_targets ERROR_VARIABLE _mirage_err GET "${_mirage_manifest}" targets)
  if(NOT _mirage_err AND _mirage_targets MATCHES "\"virtio\"")
    set(MIRAGE_PORTABLE TRUE)
  endif()
endmacro()

# Compile options every target of a package gets (warnings; the portable subset).
function(_mirage_target_options target)
  get_target_property(_type ${target} TYPE)
  if(_type STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  target_compile_features(${target} PUBLIC cxx_std_23)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  _mirage_read_manifest()
  if(MIRAGE_PORTABLE_CHECK AND MIRAGE_PORTABLE)
    target_compile_options(${target} PRIVATE -fno-exceptions -fno-rtti)
  endif()
endfunction()

# mirage_library([SOURCES src...] [LINK items...] [EXTERNAL Pkg...])
# Creates PROJECT_NAME and its alias PROJECT_NAME::PROJECT_NAME (an INTERFACE library
# when there are no sources), finds every dependency named in package.json with
# find_package(dep MIN REQUIRED) and links it publicly. EXTERNAL names packages outside
# the index (ZLIB, GMP...) that the exported config must find again.
function(mirage_library)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK;EXTERNAL" ${ARGN})
  _mirage_read_manifest()
  set(name ${PROJECT_NAME})
  if(ARG_SOURCES)
    add_library(${name} STATIC ${ARG_SOURCES})
    set(_scope PUBLIC)
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    _mirage_target_options(${name})
  else()
    add_library(${name} INTERFACE)
    set(_scope INTERFACE)
  endif()
  add_library(${name}::${name} ALIAS ${name})
  target_include_directories(${name} ${_scope}
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${name} ${_scope} cxx_std_23)
  set(_finds "")
  foreach(dep IN LISTS MIRAGE_DEPENDS)
    find_package(${dep} ${MIRAGE_DEP_${dep}_MIN} REQUIRED)
    target_link_libraries(${name} ${_scope} ${dep}::${dep})
    string(APPEND _finds "find_dependency(${dep} ${MIRAGE_DEP_${dep}_MIN})\n")
  endforeach()
  foreach(ext IN LISTS ARG_EXTERNAL)
    find_package(${ext} REQUIRED)
    string(APPEND _finds "find_dependency(${ext})\n")
  endforeach()
  if(ARG_LINK)
    target_link_libraries(${name} ${_scope} ${ARG_LINK})
  endif()
  set_property(GLOBAL PROPERTY MIRAGE_${name}_FINDS "${_finds}")
endfunction()

function(_mirage_tests_enabled out)
  if(BUILD_TESTING AND (PROJECT_IS_TOP_LEVEL OR MIRAGE_BUILD_TESTS))
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# mirage_test(NAME SOURCES src... [LABELS l...] [LINK items...] [ARGS a...]
#             [ENVIRONMENT k=v...] [TIMEOUT s] [NO_GTEST])
# A test executable linked with the package (and GoogleTest unless NO_GTEST), registered
# with ctest under the labels given (default: unit) plus the package's name.
function(mirage_test test)
  cmake_parse_arguments(ARG "NO_GTEST" "TIMEOUT" "SOURCES;LABELS;LINK;ARGS;ENVIRONMENT" ${ARGN})
  _mirage_tests_enabled(_on)
  if(NOT _on)
    return()
  endif()
  add_executable(${test} ${ARG_SOURCES})
  _mirage_target_options(${test})
  target_compile_options(${test} PRIVATE ${MIRAGE_TEST_CXX_FLAGS})
  target_link_libraries(${test} PRIVATE ${PROJECT_NAME}::${PROJECT_NAME} ${ARG_LINK})
  if(NOT ARG_NO_GTEST)
    find_package(GTest REQUIRED)
    target_link_libraries(${test} PRIVATE GTest::gtest GTest::gtest_main)
  endif()
  add_test(NAME ${test} COMMAND ${test} ${ARG_ARGS})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${test} PROPERTIES LABELS "${ARG_LABELS};${PROJECT_NAME}"
    TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "${ARG_ENVIRONMENT}")
endfunction()

# mirage_fuzz(NAME SOURCES src... CORPUS dir [LINK items...])
# With MIRAGE_FUZZ (clang): a libFuzzer binary NAME. Otherwise: NAME linked with a
# driver that replays the corpus. Either way, when tests are on, the unit test
# NAME-corpus checks that no corpus input crashes.
function(mirage_fuzz fuzz)
  cmake_parse_arguments(ARG "" "CORPUS" "SOURCES;LINK" ${ARGN})
  if(MIRAGE_FUZZ)
    add_executable(${fuzz} ${ARG_SOURCES})
    _mirage_target_options(${fuzz})
    target_compile_options(${fuzz} PRIVATE -fsanitize=fuzzer)
    target_link_options(${fuzz} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${fuzz} PRIVATE ${PROJECT_NAME}::${PROJECT_NAME} ${ARG_LINK})
    set_property(GLOBAL APPEND PROPERTY MIRAGE_FUZZ_TARGETS "${fuzz}=${CMAKE_CURRENT_SOURCE_DIR}/${ARG_CORPUS}")
    _mirage_tests_enabled(_on)
    if(_on)  # -runs=0: run every corpus input once, then stop
      add_test(NAME ${fuzz}-corpus COMMAND ${fuzz} -runs=0 ${CMAKE_CURRENT_SOURCE_DIR}/${ARG_CORPUS})
      set_tests_properties(${fuzz}-corpus PROPERTIES LABELS "unit;fuzz;${PROJECT_NAME}" TIMEOUT 300)
    endif()
    return()
  endif()
  _mirage_tests_enabled(_on)
  if(NOT _on)
    return()
  endif()
  add_executable(${fuzz} ${ARG_SOURCES} ${MIRAGE_CMAKE_DIR}/fuzz_driver.cpp)
  _mirage_target_options(${fuzz})
  target_compile_options(${fuzz} PRIVATE ${MIRAGE_TEST_CXX_FLAGS})
  target_link_libraries(${fuzz} PRIVATE ${PROJECT_NAME}::${PROJECT_NAME} ${ARG_LINK})
  add_test(NAME ${fuzz}-corpus COMMAND ${fuzz} ${CMAKE_CURRENT_SOURCE_DIR}/${ARG_CORPUS})
  set_tests_properties(${fuzz}-corpus PROPERTIES LABELS "unit;fuzz;${PROJECT_NAME}" TIMEOUT 300)
endfunction()

# mirage_bench(NAME SOURCES src... [LINK items...] [NO_GBENCH])
# A benchmark program (Google Benchmark unless NO_GBENCH); never a test.
function(mirage_bench bench)
  cmake_parse_arguments(ARG "NO_GBENCH" "" "SOURCES;LINK" ${ARGN})
  if(NOT MIRAGE_BENCH OR MIRAGE_FUZZ)
    return()
  endif()
  if(NOT ARG_NO_GBENCH)
    find_package(benchmark QUIET)
    if(NOT benchmark_FOUND)
      message(STATUS "${PROJECT_NAME}: Google Benchmark not found, ${bench} not built")
      return()
    endif()
  endif()
  add_executable(${bench} ${ARG_SOURCES})
  _mirage_target_options(${bench})
  # <mirage_bench/compare.hpp>: ours against the peer, timed in the same run.
  target_include_directories(${bench} PRIVATE ${MIRAGE_CMAKE_DIR}/bench)
  target_link_libraries(${bench} PRIVATE ${PROJECT_NAME}::${PROJECT_NAME} ${ARG_LINK})
  if(NOT ARG_NO_GBENCH)
    target_link_libraries(${bench} PRIVATE benchmark::benchmark)
  endif()
  set_property(GLOBAL APPEND PROPERTY MIRAGE_BENCH_TARGETS ${bench})
endfunction()

# mirage_install([TARGETS extra...] [CMAKE_MODULES file...])
# Installs the headers, the library, an exported relocatable NAMEConfig.cmake that finds
# the package's dependencies again, and NAMEConfigVersion.cmake (SameMajorVersion).
# CMAKE_MODULES are installed beside the config, which includes them (CMake functions a
# package offers its users, such as crunch_add).
function(mirage_install)
  cmake_parse_arguments(ARG "" "" "TARGETS;CMAKE_MODULES" ${ARGN})
  set(name ${PROJECT_NAME})
  set(_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/${name})
  set(_mirage_extra_includes "")
  foreach(m IN LISTS ARG_CMAKE_MODULES)
    get_filename_component(_m ${m} NAME)
    string(APPEND _mirage_extra_includes "include(\"\${CMAKE_CURRENT_LIST_DIR}/${_m}\")\n")
    install(FILES ${m} DESTINATION ${_cmakedir})
  endforeach()
  install(TARGETS ${name} ${ARG_TARGETS} EXPORT ${name}-targets)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ TYPE INCLUDE)
  install(EXPORT ${name}-targets NAMESPACE ${name}:: DESTINATION ${_cmakedir})
  get_property(_mirage_find_dependencies GLOBAL PROPERTY MIRAGE_${name}_FINDS)
  configure_package_config_file(${MIRAGE_CMAKE_DIR}/PackageConfig.cmake.in
    ${PROJECT_BINARY_DIR}/${name}Config.cmake INSTALL_DESTINATION ${_cmakedir})
  get_target_property(_type ${name} TYPE)
  if(_type STREQUAL "INTERFACE_LIBRARY")
    set(_arch ARCH_INDEPENDENT)
  endif()
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/${name}ConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ${_arch})
  install(FILES ${PROJECT_BINARY_DIR}/${name}Config.cmake
    ${PROJECT_BINARY_DIR}/${name}ConfigVersion.cmake DESTINATION ${_cmakedir})
endfunction()
