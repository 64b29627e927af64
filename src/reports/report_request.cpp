#include "reports/report_request.h"

#include <fmt/format.h>

#include <algorithm>

#include "movement/dates.h"

namespace anninh::reports {

namespace {

Status FieldFail(const char* field, std::string message) {
  return Fail(Error(ErrorCode::kInvalidArgument, std::move(message)).WithField(field));
}

// Free text printed on the document: one to `max` bytes of UTF-8 without control
// characters other than the line breaks the issuer's lines are split on.
Status CheckText(const char* field, const std::string& v, std::size_t max) {
  if (v.size() > max) return FieldFail(field, fmt::format("'{}' is longer than {} bytes", field, max));
  const bool clean = std::none_of(v.begin(), v.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\n';
  });
  if (!clean) return FieldFail(field, fmt::format("'{}' holds control characters", field));
  return {};
}

}  // namespace

std::string_view ToString(Format f) {
  switch (f) {
    case Format::kXlsx: return "xlsx";
    case Format::kDocx: return "docx";
    case Format::kPdf: return "pdf";
  }
  return "?";
}

Result<Format> ParseFormat(std::string_view text) {
  if (text == "xlsx") return Format::kXlsx;
  if (text == "docx") return Format::kDocx;
  if (text == "pdf") return Format::kPdf;
  return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("'format' must be xlsx, docx or pdf, not '{}'", text))
                  .WithField("format"));
}

std::string_view ToString(DocumentKind k) {
  switch (k) {
    case DocumentKind::kReport: return "report";
    case DocumentKind::kToTrinh: return "to-trinh";
    case DocumentKind::kTrichNgang: return "trich-ngang";
  }
  return "?";
}

Result<DocumentKind> ParseDocumentKind(std::string_view text) {
  if (text == "to-trinh") return DocumentKind::kToTrinh;
  if (text == "trich-ngang") return DocumentKind::kTrichNgang;
  return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("'kind' must be to-trinh or trich-ngang, not '{}'", text))
                  .WithField("kind"));
}

std::string_view ContentType(Format f) {
  switch (f) {
    case Format::kXlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case Format::kDocx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case Format::kPdf: return "application/pdf";
  }
  return "application/octet-stream";
}

Status Complete(ReportRequest& r, WallNs now) {
  if (r.unit.empty()) return FieldFail("unit", "'unit' is required");
  // Already completed (the API completes a request to check its scope on the report's date,
  // then submits it): `from` is never the caller's.
  if (!r.from.empty()) return {};
  if (auto s = CheckText("unit", r.unit, 32); !s) return s;
  const std::string today = movement::VietnamDay(now);
  if (!r.period.empty() && !r.as_of.empty()) return FieldFail("as_of", "give 'period' or 'as_of', not both");
  if (!r.period.empty()) {
    auto p = movement::ParsePeriod(r.period);
    if (!p) return Fail(std::move(p).error());
    if (p->FirstDay() > today) return FieldFail("period", fmt::format("period {} has not begun", r.period));
    r.from = p->FirstDay();
    r.to = std::min(p->LastDay(), today);
    r.as_of = r.to;
  } else {
    if (r.as_of.empty()) r.as_of = today;
    if (auto s = movement::CheckDate("as_of", r.as_of); !s) return s;
    r.to = r.as_of;
    r.from = movement::AddDays(r.as_of, -29);
  }
  if (r.kind != DocumentKind::kReport) {
    if (!r.period.empty()) return FieldFail("period", "a dossier has a date ('as_of'), not a period");
    if (r.dossier.award_ids.empty() || r.dossier.award_ids.size() > 500) {
      return FieldFail("ids", "'ids' must list 1 to 500 award ids");
    }
    // The proposal letter is prose: a spreadsheet of it says nothing the list does not.
    if (r.kind == DocumentKind::kToTrinh && r.format == Format::kXlsx) {
      return FieldFail("format", "a tờ trình is made as docx or pdf");
    }
    if (auto s = CheckText("addressee", r.dossier.addressee, 200); !s) return s;
    if (auto s = CheckText("signer_title", r.dossier.signer_title, 100); !s) return s;
    if (auto s = CheckText("signer", r.dossier.signer, 100); !s) return s;
  }
  if (auto s = CheckText("issuer", r.issuer, 200); !s) return s;
  if (auto s = CheckText("number", r.number, 60); !s) return s;
  if (auto s = CheckText("place", r.place, 60); !s) return s;
  if (r.number.find('\n') != std::string::npos || r.place.find('\n') != std::string::npos) {
    return FieldFail(r.number.find('\n') != std::string::npos ? "number" : "place", "one line only");
  }
  return {};
}

std::string DateLine(const std::string& place, const std::string& date) {
  const int day = std::stoi(date.substr(8, 2));
  const int month = std::stoi(date.substr(5, 2));
  const std::string d = day < 10 ? fmt::format("0{}", day) : std::to_string(day);
  const std::string m = month <= 2 ? fmt::format("0{}", month) : std::to_string(month);
  return fmt::format("{}, ngày {} tháng {} năm {}", place, d, m, date.substr(0, 4));
}

std::string Dmy(const std::string& iso) {
  return iso.size() == 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) : iso;
}

}  // namespace anninh::reports
