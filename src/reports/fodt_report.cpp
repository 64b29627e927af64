#include "reports/fodt_report.h"

#include <fmt/format.h>

#include <iterator>

#include "reports/fodt_parts.h"
#include "reports/report_table.h"

namespace anninh::reports {

namespace {

void Figures(std::string& out, const ReportData& d) {
  const std::vector<Column> all = Columns(d);
  const std::vector<Column> cols(all.begin(), all.begin() + kUnitColumns);  // unit, counts, cameras, mediation
  out += "<table:table table:name=\"Figures\" table:style-name=\"Grid\">"
         "<table:table-column table:style-name=\"GridName\"/>";
  fmt::format_to(std::back_inserter(out), "<table:table-column table:style-name=\"GridNum\" table:number-columns-repeated=\"{}\"/>",
                 cols.size() - 1);
  out += "<table:table-header-rows><table:table-row>";
  for (const Column& c : cols) Cell(out, "TB", c.label);
  out += "</table:table-row></table:table-header-rows>\n";
  auto row = [&](const ReportRow& r, bool total) {
    out += "<table:table-row>";
    for (std::size_t i = 0; i < cols.size(); ++i) {
      std::string text = cols[i].text(d, r, cols[i].index);
      if (i == 0 && total) text = "Tổng: " + text;
      Cell(out, i == 0 ? (total ? "TB" : "T") : "TR", text);
    }
    out += "</table:table-row>\n";
  };
  row(d.total, true);
  for (const ReportRow& r : d.children) row(r, false);
  out += "</table:table>\n";
}

// The whole unit's models by type and status and its evaluations by class, two columns.
void Breakdown(std::string& out, const ReportData& d) {
  const std::vector<Column> all = Columns(d);
  out += "<table:table table:name=\"Breakdown\" table:style-name=\"Grid\">"
         "<table:table-column table:style-name=\"PairName\"/><table:table-column table:style-name=\"PairNum\"/>";
  for (std::size_t i = kUnitColumns; i < all.size(); ++i) {
    out += "<table:table-row>";
    Cell(out, "T", all[i].label);
    Cell(out, "TR", all[i].text(d, d.total, all[i].index));
    out += "</table:table-row>\n";
  }
  out += "</table:table>\n";
}

}  // namespace

std::string FodtDocument(const ReportData& d) {
  std::string out = FodtHead(Page::kPortrait);
  NationalHeader(out, d.issuer, d.number, DateLine(d.place, d.generated_on));
  Para(out, "Title", "BÁO CÁO");
  Para(out, "Subject", d.title);
  const ReportRow& t = d.total;
  Para(out, "P",
       fmt::format("Tính đến ngày {}, {} có {} mô hình tự quản, tự phòng, tự bảo vệ, tự hòa giải đang duy trì, "
                   "với {} điểm, {} tổ và {} thành viên.",
                   Dmy(d.request.as_of), t.unit.name, t.totals.models, t.totals.points, t.totals.teams, t.totals.members));
  if (t.cameras_working_pct) {
    Para(out, "P", fmt::format("Mô hình camera giám sát an ninh, trật tự: {} camera; thời gian camera hoạt động (có ghi hình) "
                               "từ ngày {} đến ngày {} đạt bình quân {}%.",
                               t.totals.cameras.size(), Dmy(d.request.from), Dmy(d.request.to),
                               Percent(*t.cameras_working_pct)));
  }
  if (t.totals.by_type.count("tu_hoa_giai") || t.totals.mediation_handled > 0) {
    Para(out, "P", fmt::format("Các mô hình tự hòa giải từ ngày {} đến ngày {} đã giải quyết {} vụ việc, trong đó hòa "
                               "giải thành {} vụ việc.",
                               Dmy(d.request.from), Dmy(d.request.to), t.totals.mediation_handled,
                               t.totals.mediation_reconciled));
  }
  Para(out, "H", "I. Chỉ tiêu theo đơn vị");
  Figures(out, d);
  Para(out, "H", "II. Mô hình theo loại, trạng thái và kết quả đánh giá, xếp loại");
  Breakdown(out, d);
  // Nơi nhận left, the signer right (Phụ lục I, mục 8 and 9).
  SignBlock(out, {"- Như trên;", "- Lưu: VT."}, "TRƯỞNG BAN", "");
  out += FodtTail();
  return out;
}

}  // namespace anninh::reports
