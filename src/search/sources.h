// How each kind of record becomes a search document: the one place that reads the source
// tables (news_article, unit_version, model, person). Their schema is in
// src/store/sqlite/migrations.h; a change there that renames a column fails search_test.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::search {

struct Document {
  std::string title;
  std::string body;
  std::string unit_code;
  bool is_public = false;
};

// The document for (kind, key), or nullopt when the record is gone or must not be indexed
// (a news article that is not published). The caller holds the connection's mutex.
Result<std::optional<Document>> ReadDocument(store::sqlite::Database& db, const std::string& kind,
                                             const std::string& key);
// Every (kind, key) the sources hold, for Rebuild().
Result<std::vector<std::pair<std::string, std::string>>> AllKeys(store::sqlite::Database& db);

}  // namespace anninh::search
