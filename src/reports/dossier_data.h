// What an award dossier's documents print (docs/design/0014, "The dossier documents"),
// gathered once so the proposal letter (tờ trình), the brief-records list (danh sách trích
// ngang) as XLSX and as DOCX/PDF show the same names and figures: the form, the proposing
// unit, the authority asked, the legal basis (Luật Thi đua, khen thưởng 2022 and, for the
// medal, the circular in force on the date), and one row per recipient, individuals and
// collectives apart.
#pragma once

#include <string>
#include <vector>

#include "awards/awards.h"
#include "core/error.h"
#include "reports/report_request.h"

namespace anninh::awards {
class Book;
}
namespace anninh::movement {
class Registry;
}

namespace anninh::reports {

// The list's columns, in order: STT, Họ và tên, Năm sinh, Giới tính, Chức vụ, đơn vị, Số năm
// công tác, Tóm tắt thành tích, Hình thức đề nghị.
const std::vector<std::string>& DossierColumns();

struct DossierRow {
  std::vector<std::string> cells;  // DossierColumns() order; "" where a collective has none
};

struct DossierData {
  ReportRequest request;    // completed: as_of is the document's date
  std::vector<std::string> issuer;  // the proposing body's lines, top left
  std::string number;       // "    /TTr-BCĐ"
  std::string place;        // "Hưng Yên"
  awards::AwardForm form;
  std::string unit_name;    // the proposing unit on the date
  std::string addressee;    // the authority that grants the form
  std::string circular;     // the medal rule in force on the date; "" for other forms
  std::string subject;      // "V/v đề nghị tặng …"
  std::string signer_title, signer;
  std::vector<DossierRow> individuals, collectives;  // numbered from 1 in each section
};

// The awards of `request.dossier` read again (they may have changed since the job was
// queued): kInvalidArgument when they are no longer one form of one unit
// (awards::CheckDossierSet), kNotFound for one that is gone.
Result<DossierData> GatherDossier(awards::Book& book, movement::Registry& registry, const ReportRequest& request);

// Weighted days as years with one decimal, the Vietnamese way: 5479 -> "15,0".
std::string Years(long long days);

}  // namespace anninh::reports
