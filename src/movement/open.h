// The movement's connection to the one SQLite database (the same file as the recording
// index and the access tables), brought up to the current schema.
#pragma once

#include <filesystem>
#include <memory>

#include "core/error.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

Result<std::unique_ptr<store::sqlite::Database>> OpenDatabase(const std::filesystem::path& path);

}  // namespace anninh::movement
