// The award forms' and the medal rules' reads, for callers inside the module that already
// hold the connection's mutex (awards.cpp checks a proposal's form and picks its rule).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "awards/awards.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::awards::catalogue_sql {

Result<std::optional<AwardForm>> Form(store::sqlite::Database& db, const std::string& code);
// Oldest first.
Result<std::vector<MedalRule>> Rules(store::sqlite::Database& db);

}  // namespace anninh::awards::catalogue_sql
