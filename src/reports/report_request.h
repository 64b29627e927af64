// What one report is about: the unit, the days it covers and the file to make.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::reports {

enum class Format { kXlsx, kDocx, kPdf };
std::string_view ToString(Format f);
Result<Format> ParseFormat(std::string_view text);  // kInvalidArgument naming "format"
std::string_view ContentType(Format f);

// What a job makes: the movement's report (unit figures), or one of the documents of an
// award dossier (docs/design/0014): the proposal letter (tờ trình, DOCX/PDF) or the
// brief-records list (danh sách trích ngang, XLSX/DOCX/PDF).
enum class DocumentKind { kReport, kToTrinh, kTrichNgang };
std::string_view ToString(DocumentKind k);
Result<DocumentKind> ParseDocumentKind(std::string_view text);  // kInvalidArgument naming "kind"

// A dossier's own fields: the awards (one form, one proposing unit: awards::CheckDossierSet)
// and the letter's addressee and signer. The issuing body, number and place are the
// request's, as for a report.
struct DossierRequest {
  std::vector<std::int64_t> award_ids;
  std::string addressee;     // "Kính gửi: …"; "": the authority that grants the form
  std::string signer_title;  // "CHỦ TỊCH"; "": "TRƯỞNG BAN"
  std::string signer;        // the signer's name, printed under the title
};

struct ReportRequest {
  DocumentKind kind = DocumentKind::kReport;
  DossierRequest dossier;  // kind kToTrinh or kTrichNgang
  std::string unit;    // a unit code (a dossier: its proposing unit)
  Format format = Format::kXlsx;
  std::string period;  // "2025-H1"; "" when drawn as of a date
  std::string as_of;   // the structure's date (and, with a period, the evaluations' cut-off)
  std::string from;    // the first day the cameras are measured over
  std::string to;      // the last day, inclusive
  std::string requested_by;
  // The document's header (Nghị định 30/2020, Phụ lục I): the issuing body's lines, the
  // number/symbol and the place on the date line. Empty: defaults from the unit.
  std::string issuer;
  std::string number;
  std::string place;
};

// Fills as_of/from/to (a dossier: as_of is its date, today unless given) from `period` or `as_of` (neither: as of today) and checks every
// field: kInvalidArgument naming it. With a period, as_of is its last day, or today while
// it runs; with as_of alone the cameras are measured over the 30 days before it. A request
// already completed (from set) is left as it is.
Status Complete(ReportRequest& r, WallNs now);

// "Hưng Yên, ngày 05 tháng 8 năm 2025" (Nghị định 30/2020, Phụ lục I: days below 10 and
// months 1 and 2 are written with a leading zero).
std::string DateLine(const std::string& place, const std::string& date);
// "2025-06-30" -> "30/06/2025", as dates are written in the body of a document.
std::string Dmy(const std::string& iso);

}  // namespace anninh::reports
