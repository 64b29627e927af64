// One search over the site's records (docs/design/0015-news-and-search.md): published news,
// administrative units, models and people, in SQLite FTS5 over folded text. The folded form
// is made here (ICU, core/vietnamese.h), so FTS5 only splits words; a query's terms match
// word prefixes ("tien ha" finds "Tiền Hải"), ranked by bm25 with a title match weighing
// ten times a body match.
//
// The index follows its sources by itself: triggers on the source tables queue each
// changed row in search_dirty, and Refresh() (run before every search) re-reads and
// re-indexes the queued rows in one transaction, so a search never misses a write that
// committed before it, whichever process made it. Rebuild() re-indexes everything.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::search {

// Which records a search may return. Anonymous callers get `public_only`: published news,
// units and launched models. Scoping people and models by unit is the caller's (serve's)
// job, from the returned unit codes.
struct Query {
  std::string text;
  bool public_only = true;
  std::vector<std::string> kinds;  // empty: every kind
  int limit = 50;
};

struct Hit {
  std::string kind;  // news, unit, model, person
  std::string key;   // the record's id or code
  std::string title;  // original text
  std::string body;
  std::string unit_code;
  bool is_public = false;
  double rank = 0;  // bm25: smaller is better
};

class Index {
 public:
  static Result<std::unique_ptr<Index>> Open(const std::filesystem::path& db_path);
  // Over a connection the caller owns (tests); it must outlive the Index.
  explicit Index(store::sqlite::Database& db);
  ~Index();

  // Re-indexes what changed since the last call; returns how many records it touched.
  Result<int> Refresh();
  // Re-indexes every record from the sources.
  Result<int> Rebuild();
  // Refreshes, then searches; an empty query (no terms) returns nothing.
  Result<std::vector<Hit>> Search(const Query& q);

 private:
  Index(std::unique_ptr<store::sqlite::Database> owned);
  std::unique_ptr<store::sqlite::Database> owned_;
  store::sqlite::Database& db_;
};

}  // namespace anninh::search
