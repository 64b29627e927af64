// What the dossier documents need (the proposal letter, tờ trình, and the brief-records list,
// danh sách trích ngang, of TT 20/2025/TT-BCA): one line per award with the recipient's
// brief record and the service that qualifies them. The documents themselves (DOCX, PDF,
// XLSX) are the reports module's; this is the data it reads (GET /api/v1/awards/dossier).
//
// Thread-safe (takes the connection's mutex).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "awards/awards.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::awards {

struct DossierPost {
  std::string what;  // register post kind or service track
  std::string detail;
  std::string start_date;
  std::string end_date;
  bool hardship = false;
};

struct DossierLine {
  Award award;
  std::string form_name;
  // Individuals: the person's brief record. Collectives: only `award.recipient`.
  std::string name;
  int birth_year = 0;
  std::string gender;
  std::string unit_code;
  std::string unit_name;
  std::vector<DossierPost> posts;
};

// kNotFound naming the first unknown id. Locks the connection's mutex.
Result<std::vector<DossierLine>> DossierLines(store::sqlite::Database& db, const std::vector<std::int64_t>& ids);

// One dossier is one award form proposed by one unit (a tờ trình asks one authority for one
// form); its awards are still open proposals or decided ones, never rejected or revoked.
struct DossierSet {
  std::string form_code;
  std::string proposing_unit;
};
// kInvalidArgument (field "ids") naming what does not fit: no line, two forms, two units,
// an award rejected or revoked, the same award twice.
Result<DossierSet> CheckDossierSet(const std::vector<DossierLine>& lines);

}  // namespace anninh::awards
