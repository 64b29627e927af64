# anninh_add_module(NAME SOURCES ... DEPS ...): one static library per domain, named
# anninh_<NAME>, with src/ as its include root so headers are included as "core/error.h".
function(anninh_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(anninh_${name} STATIC ${ARG_SOURCES})
  target_include_directories(anninh_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(anninh_${name} PUBLIC ${ARG_DEPS} PRIVATE anninh_warnings ${ARG_PRIVATE_DEPS})
endfunction()

# anninh_add_test(NAME SOURCES ... DEPS ... LABELS ... [TIMEOUT s] [FIXTURES name] [ONE_PROCESS] [PREFIX p]): one GoogleTest executable, each of
# its tests registered with CTest under the given labels (unit, integration, slow, ...).
# PREFIX is put before each test's CTest name, so `ctest -R <module>` finds a module's tests.
function(anninh_add_test name)
  cmake_parse_arguments(ARG "ONE_PROCESS" "TIMEOUT;FIXTURES;PREFIX" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT ANNINH_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main anninh_warnings)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  set(props LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
  if(ARG_FIXTURES)
    # Tests that use the test camera run one at a time (RESOURCE_LOCK): they measure
    # timings (stall detection, durations) that a loaded 2-core machine would blur.
    list(APPEND props FIXTURES_REQUIRED ${ARG_FIXTURES} RESOURCE_LOCK ${ARG_FIXTURES})
  endif()
  if(ARG_ONE_PROCESS)
    # One CTest entry for the whole executable: its cases share an expensive suite
    # fixture (e.g. a recording), which one process per case would repeat.
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ${props})
  else()
    gtest_discover_tests(${name} TEST_PREFIX "${ARG_PREFIX}" PROPERTIES ${props} DISCOVERY_TIMEOUT 30)
  endif()
endfunction()
include(GoogleTest)
