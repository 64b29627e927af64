#include "reports/fodt_report.h"

#include <fmt/format.h>

#include <iterator>

#include "reports/report_table.h"

namespace anninh::reports {

namespace {

// The fixed part of the document: fonts, paragraph and table styles, the A4 page. The body
// is appended between kHead and kTail.
constexpr std::string_view kHead = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Times New Roman" svg:font-family="'Times New Roman'" style:font-family-generic="roman" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.1cm"/>
  <style:text-properties style:font-name="Times New Roman" fo:font-size="13pt" fo:language="vi" fo:country="VN"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
   fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/>
 </style:page-layout>
 <style:style style:name="C" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0cm"/></style:style>
 <style:style style:name="CB" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0cm"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="CB12" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0cm"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="CBU" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>
 <style:style style:name="CI" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.6cm" fo:margin-bottom="0cm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Subject" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="P" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="justify" fo:text-indent="1cm" fo:margin-top="0.15cm"/></style:style>
 <style:style style:name="H" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0.3cm" fo:text-indent="1cm"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="T" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0cm"/><style:text-properties fo:font-size="12pt"/></style:style>
 <style:style style:name="TB" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0cm"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="TR" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end" fo:margin-bottom="0cm"/><style:text-properties fo:font-size="12pt"/></style:style>
 <style:style style:name="RecvB" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0cm"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:font-style="italic"/></style:style>
 <style:style style:name="Recv" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0cm"/><style:text-properties fo:font-size="11pt"/></style:style>
 <style:style style:name="Head" style:family="table"><style:table-properties style:width="16.5cm" table:align="center"/></style:style>
 <style:style style:name="HeadL" style:family="table-column"><style:table-column-properties style:column-width="6.5cm"/></style:style>
 <style:style style:name="HeadR" style:family="table-column"><style:table-column-properties style:column-width="10cm"/></style:style>
 <style:style style:name="Grid" style:family="table"><style:table-properties style:width="16.5cm" table:align="center" fo:margin-top="0.2cm"/></style:style>
 <style:style style:name="GridName" style:family="table-column"><style:table-column-properties style:column-width="5.1cm"/></style:style>
 <style:style style:name="GridNum" style:family="table-column"><style:table-column-properties style:column-width="1.9cm"/></style:style>
 <style:style style:name="PairName" style:family="table-column"><style:table-column-properties style:column-width="12.5cm"/></style:style>
 <style:style style:name="PairNum" style:family="table-column"><style:table-column-properties style:column-width="4cm"/></style:style>
 <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.05cm"/></style:style>
 <style:style style:name="Bare" style:family="table-cell"><style:table-cell-properties fo:border="none" fo:padding="0cm"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
)xml";

constexpr std::string_view kTail = "</office:text></office:body></office:document>\n";

void Para(std::string& out, std::string_view style, std::string_view text) {
  fmt::format_to(std::back_inserter(out), "<text:p text:style-name=\"{}\">{}</text:p>\n", style, XmlEscape(text));
}

void Cell(std::string& out, std::string_view style, std::string_view text, std::string_view cell = "Cell") {
  fmt::format_to(std::back_inserter(out), "<table:table-cell table:style-name=\"{}\" office:value-type=\"string\">", cell);
  Para(out, style, text);
  out += "</table:table-cell>";
}

// The two-column header of Phụ lục I: body and number left, motto and date line right.
void Header(std::string& out, const ReportData& d) {
  out += "<table:table table:name=\"Header\" table:style-name=\"Head\">"
         "<table:table-column table:style-name=\"HeadL\"/><table:table-column table:style-name=\"HeadR\"/>"
         "<table:table-row><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  for (std::size_t i = 0; i < d.issuer.size(); ++i) {
    // The issuing body itself (the last line) is bold; the body above it is not.
    Para(out, i + 1 == d.issuer.size() ? "CB12" : "C", d.issuer[i]);
  }
  Para(out, "C", "Số: " + d.number);
  out += "</table:table-cell><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  Para(out, "CB12", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  Para(out, "CBU", "Độc lập - Tự do - Hạnh phúc");
  Para(out, "CI", DateLine(d.place, d.generated_on));
  out += "</table:table-cell></table:table-row></table:table>\n";
}

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

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string FodtDocument(const ReportData& d) {
  std::string out(kHead);
  Header(out, d);
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
  out += "<table:table table:name=\"Sign\" table:style-name=\"Head\">"
         "<table:table-column table:style-name=\"HeadL\"/><table:table-column table:style-name=\"HeadR\"/>"
         "<table:table-row><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  Para(out, "RecvB", "Nơi nhận:");
  Para(out, "Recv", "- Như trên;");
  Para(out, "Recv", "- Lưu: VT.");
  out += "</table:table-cell><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  Para(out, "CB", "TRƯỞNG BAN");
  out += "</table:table-cell></table:table-row></table:table>\n";
  out += kTail;
  return out;
}

}  // namespace anninh::reports
