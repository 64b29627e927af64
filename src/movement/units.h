// Administrative units, versioned. A code names one unit for ever (QĐ 19/2025/QĐ-TTg never
// reuses codes); what changes over time is a version: name, level, parent, valid from / to.
// Merges, splits and successions are links from the old codes to the new. Every record keeps
// the code it was made under; "where is that today" and "what did the tree look like on
// 15/06/2025" are answered here.
//
// Thread-safe: every call takes the connection's mutex.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::movement {

enum class Level { kProvince, kDistrict, kCommune, kVillage };
std::string_view ToString(Level l);
std::optional<Level> ParseLevel(std::string_view text);

struct UnitVersion {
  std::string code;
  std::string name;
  Level level = Level::kCommune;
  std::string parent_code;  // "" for a province
  std::string valid_from;   // "YYYY-MM-DD"
  std::string valid_to;     // exclusive; "" while current
};

struct UnitLink {
  std::string from_code;  // predecessor
  std::string to_code;    // successor
  std::string kind;       // "merge", "split", "succession"
  std::string effective;
};

// Which units a caller may reach: all of them, or the subtrees under these codes (a
// province's staff, a commune's police, a village's head). Built by serve from a Principal.
struct UnitScope {
  bool all = false;
  std::set<std::string, std::less<>> units;
};

class Units {
 public:
  explicit Units(store::sqlite::Database& db) : db_(db) {}

  // The version valid on `date`; nullopt when the code did not exist then.
  Result<std::optional<UnitVersion>> AsOf(const std::string& code, const std::string& date) const;
  // Units valid on `date` whose parent is `parent` (the provinces when `parent` is empty),
  // in Vietnamese order.
  Result<std::vector<UnitVersion>> Children(const std::string& parent, const std::string& date) const;
  // Every version of a code, oldest first; empty when unknown.
  Result<std::vector<UnitVersion>> History(const std::string& code) const;
  // Links from and to a code.
  Result<std::vector<UnitLink>> Links(const std::string& code) const;
  // Where `code` is on `date`: itself if valid then, else the units it became (following
  // successor links forward), valid on `date`. Empty when the code had not begun yet.
  Result<std::vector<std::string>> Resolve(const std::string& code, const std::string& date) const;
  // Ancestors of a unit valid on `date`, nearest first (the province last).
  Result<std::vector<std::string>> Ancestors(const std::string& code, const std::string& date) const;
  // True when `code` (resolved to `date`) is `ancestor` or lies under it on `date`.
  Result<bool> Within(const std::string& code, const std::string& ancestor, const std::string& date) const;
  // True when `scope` reaches `code` on `date`.
  Result<bool> InScope(const UnitScope& scope, const std::string& code, const std::string& date) const;

 private:
  store::sqlite::Database& db_;
};

// The same queries for callers that already hold the connection's mutex.
namespace unit_sql {
Result<std::optional<UnitVersion>> AsOf(store::sqlite::Database& db, const std::string& code,
                                        const std::string& date);
Result<std::vector<UnitVersion>> History(store::sqlite::Database& db, const std::string& code);
Result<std::vector<std::string>> Resolve(store::sqlite::Database& db, const std::string& code,
                                         const std::string& date);
// Ancestors of a unit valid on `date`, nearest first; a parent that had ended by then is
// replaced by what it became (a village of a merged commune rolls up to the new commune).
Result<std::vector<std::string>> Ancestors(store::sqlite::Database& db, const std::string& code,
                                           const std::string& date);
Result<bool> Within(store::sqlite::Database& db, const std::string& code, const std::string& ancestor,
                    const std::string& date);
// The children of `code` on `date` for roll-ups: units whose parent is `code`, and units whose
// recorded parent had ended by then and resolves to it (the villages of a commune merged
// into it). In no particular order.
Result<std::vector<UnitVersion>> ChildrenOn(store::sqlite::Database& db, const std::string& code,
                                            const std::string& date);
Result<bool> InScope(store::sqlite::Database& db, const UnitScope& scope, const std::string& code,
                     const std::string& date);
}  // namespace unit_sql

}  // namespace anninh::movement
