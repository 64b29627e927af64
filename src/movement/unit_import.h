// Importing the official unit list (or an update to it) from CSV:
//
//   code,name,level,parent,effective[,predecessors]
//   12970,Xã Tiền Hải,commune,33,2025-07-01,90001;90002
//
// A new code is created; a known code with another name, level or parent gets a new version
// from `effective`; each predecessor (other than the code itself) ends on `effective` and is
// linked to the code (merge, split or succession). A code that has ended is never taken
// again. Lines starting with '#' are comments. The whole file applies or nothing does: any
// bad line refuses the import with every problem listed by line. A dry run does the same
// work inside a transaction it rolls back, so it reports exactly what applying would do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::movement {

struct UnitChange {
  int line = 0;
  std::string code;
  // "create", "rename", "move", "correct", "retire", "link", "unchanged"
  std::string action;
  std::string detail;  // in English, for the command line and logs
  // The facts `detail` is made of, for a console to put into its own words and date
  // format; empty where they do not apply.
  std::string name, old_name;      // create: the name; rename, correct: new and old
  std::string level;               // create
  std::string parent, old_parent;  // create: the parent; move, correct: new and old
  std::string effective;           // YYYY-MM-DD: create, rename, move, retire, link
  std::string other;               // retire: the successor; link: the predecessor
  std::string link_kind;           // link: "merge", "split" or "succession"
};

struct UnitImportReport {
  bool applied = false;  // false for a dry run
  int rows = 0;
  std::vector<UnitChange> changes;  // "unchanged" rows included, so every line is accounted for
};

// Thread-safe (takes the connection's mutex for the whole import).
Result<UnitImportReport> ImportUnits(store::sqlite::Database& db, std::string_view csv, bool dry_run);

// The code's shape for its level: province 2 digits, district 3 (historical), commune 5
// (QĐ 19/2025), village 1-32 of letters, digits, '.', '-', '_' (no official code; sites pick
// them, usually the commune's code and a number, "12970.01").
Status CheckUnitCode(std::string_view code, std::string_view level);

}  // namespace anninh::movement
