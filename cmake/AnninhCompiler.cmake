# Warnings, sanitizers and ccache for every anninh target.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # Paths relative to the source tree and no working directory in the hash, so two
  # checkouts (git worktrees) share cache entries; precompiled headers need the sloppiness.
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env
      CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${CCACHE_PROGRAM})
endif()

add_library(anninh_warnings INTERFACE)
target_compile_options(anninh_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(ANNINH_WERROR)
  target_compile_options(anninh_warnings INTERFACE -Werror)
endif()

set(ANNINH_SANITIZE "" CACHE STRING "Sanitizers: empty, 'address,undefined' or 'thread'")
if(ANNINH_SANITIZE)
  add_compile_options(-fsanitize=${ANNINH_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${ANNINH_SANITIZE})
endif()
