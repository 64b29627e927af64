// Reading every row of a prepared statement into a vector, the loop every query here needs.
#pragma once

#include <type_traits>
#include <vector>

#include "core/error.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

template <typename F>
auto ReadRows(store::sqlite::Statement& st, F read)
    -> Result<std::vector<std::invoke_result_t<F, const store::sqlite::Statement&>>> {
  std::vector<std::invoke_result_t<F, const store::sqlite::Statement&>> out;
  while (true) {
    auto row = st.Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return out;
    out.push_back(read(st));
  }
}

}  // namespace anninh::movement
