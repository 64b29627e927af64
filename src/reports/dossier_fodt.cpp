#include "reports/dossier_fodt.h"

#include <fmt/format.h>

#include <iterator>

#include "reports/fodt_parts.h"

namespace anninh::reports {

namespace {

// The list's table across a landscape page's 25.2 cm of text: STT, name, year, gender, post
// and unit, years, achievement, form.
constexpr std::string_view kListStyles = R"xml(
 <style:style style:name="List" style:family="table"><style:table-properties style:width="25.2cm" table:align="center" fo:margin-top="0.2cm"/></style:style>
 <style:style style:name="L0" style:family="table-column"><style:table-column-properties style:column-width="1.2cm"/></style:style>
 <style:style style:name="L1" style:family="table-column"><style:table-column-properties style:column-width="4.5cm"/></style:style>
 <style:style style:name="L2" style:family="table-column"><style:table-column-properties style:column-width="1.8cm"/></style:style>
 <style:style style:name="L3" style:family="table-column"><style:table-column-properties style:column-width="1.7cm"/></style:style>
 <style:style style:name="L4" style:family="table-column"><style:table-column-properties style:column-width="5cm"/></style:style>
 <style:style style:name="L5" style:family="table-column"><style:table-column-properties style:column-width="2.8cm"/></style:style>
 <style:style style:name="L6" style:family="table-column"><style:table-column-properties style:column-width="5.5cm"/></style:style>
 <style:style style:name="L7" style:family="table-column"><style:table-column-properties style:column-width="2.7cm"/></style:style>
)xml";

std::string Counted(const DossierData& d) {
  const std::size_t n = d.individuals.size(), m = d.collectives.size();
  if (n && m) return fmt::format("{} cá nhân và {} tập thể", n, m);
  return n ? fmt::format("{} cá nhân", n) : fmt::format("{} tập thể", m);
}

void ListTable(std::string& out, const std::string& name, const std::vector<DossierRow>& rows) {
  const std::vector<std::string>& cols = DossierColumns();
  fmt::format_to(std::back_inserter(out), "<table:table table:name=\"{}\" table:style-name=\"List\">", name);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    fmt::format_to(std::back_inserter(out), "<table:table-column table:style-name=\"L{}\"/>", i);
  }
  out += "<table:table-header-rows><table:table-row>";
  for (const std::string& c : cols) Cell(out, "TB", c);
  out += "</table:table-row></table:table-header-rows>\n";
  for (const DossierRow& r : rows) {
    out += "<table:table-row>";
    for (std::size_t i = 0; i < r.cells.size(); ++i) Cell(out, i == 0 || i == 2 ? "TB" : "T", r.cells[i]);
    out += "</table:table-row>\n";
  }
  out += "</table:table>\n";
}

}  // namespace

std::string ToTrinhDocument(const DossierData& d) {
  std::string out = FodtHead(Page::kPortrait);
  NationalHeader(out, d.issuer, d.number, DateLine(d.place, d.request.as_of));
  Para(out, "Title", "TỜ TRÌNH");
  Para(out, "Subject", d.subject);
  Para(out, "C", "Kính gửi: " + d.addressee);
  Para(out, "P", "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;");
  if (!d.circular.empty()) {
    Para(out, "P", fmt::format("Căn cứ Thông tư số {} của Bộ trưởng Bộ Công an quy định về xét tặng Kỷ niệm chương "
                               "\"Bảo vệ an ninh Tổ quốc\";",
                               d.circular));
  }
  Para(out, "P", fmt::format("Xét thành tích trong phong trào toàn dân bảo vệ an ninh Tổ quốc, {} kính đề nghị {} xét, "
                             "tặng {} cho {} (có danh sách trích ngang kèm theo), cụ thể:",
                             d.unit_name, d.addressee, d.form.name, Counted(d)));
  int section = 0;
  if (!d.individuals.empty()) {
    Para(out, "H", fmt::format("{}. Cá nhân: {}", ++section, d.individuals.size()));
    for (const DossierRow& r : d.individuals) {
      // Name, year of birth, post and unit: enough to tell two people of one name apart.
      std::string line = fmt::format("{}. {}", r.cells[0], r.cells[1]);
      if (!r.cells[2].empty()) line += ", sinh năm " + r.cells[2];
      if (!r.cells[4].empty()) line += "; " + r.cells[4];
      Para(out, "P", line + ";");
    }
  }
  if (!d.collectives.empty()) {
    Para(out, "H", fmt::format("{}. Tập thể: {}", ++section, d.collectives.size()));
    for (const DossierRow& r : d.collectives) Para(out, "P", fmt::format("{}. {};", r.cells[0], r.cells[1]));
  }
  Para(out, "P", fmt::format("{} kính trình {} xem xét, quyết định./.", d.unit_name, d.addressee));
  SignBlock(out, {"- Như trên;", "- Lưu: VT, hồ sơ TĐKT."}, d.signer_title, d.signer);
  out += FodtTail();
  return out;
}

std::string TrichNgangDocument(const DossierData& d) {
  std::string out = FodtHead(Page::kLandscape, kListStyles);
  NationalHeader(out, d.issuer, d.number, DateLine(d.place, d.request.as_of));
  Para(out, "Title", "DANH SÁCH TRÍCH NGANG");
  Para(out, "Subject", "Đề nghị tặng " + d.form.name);
  Para(out, "CI", fmt::format("(Kèm theo Tờ trình số {} ngày {} của {})", d.number, Dmy(d.request.as_of), d.unit_name));
  if (!d.individuals.empty()) {
    Para(out, "H", "I. CÁ NHÂN");
    ListTable(out, "CaNhan", d.individuals);
  }
  if (!d.collectives.empty()) {
    Para(out, "H", d.individuals.empty() ? "I. TẬP THỂ" : "II. TẬP THỂ");
    ListTable(out, "TapThe", d.collectives);
  }
  SignBlock(out, {}, d.signer_title, d.signer);
  out += FodtTail();
  return out;
}

}  // namespace anninh::reports
