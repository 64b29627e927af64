#include "reports/fodt_parts.h"

#include <fmt/format.h>

#include <iterator>

namespace anninh::reports {

namespace {

// The fixed part of every document: fonts, paragraph and table styles, the A4 page (its
// size and orientation at @PAGE@, a document's own styles at @EXTRA@). The body follows.
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
  <style:page-layout-properties @PAGE@
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
@EXTRA@</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
)xml";


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

std::string FodtHead(Page page, std::string_view extra_styles) {
  std::string out(kHead);
  const std::string_view size = page == Page::kPortrait
                                    ? R"(fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait")"
                                    : R"(fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape")";
  out.replace(out.find("@PAGE@"), 6, size);
  out.replace(out.find("@EXTRA@"), 7, extra_styles);
  return out;
}

std::string_view FodtTail() { return "</office:text></office:body></office:document>\n"; }

void Para(std::string& out, std::string_view style, std::string_view text) {
  fmt::format_to(std::back_inserter(out), "<text:p text:style-name=\"{}\">{}</text:p>\n", style, XmlEscape(text));
}

void Cell(std::string& out, std::string_view style, std::string_view text, std::string_view cell) {
  fmt::format_to(std::back_inserter(out), "<table:table-cell table:style-name=\"{}\" office:value-type=\"string\">", cell);
  Para(out, style, text);
  out += "</table:table-cell>";
}

void NationalHeader(std::string& out, const std::vector<std::string>& issuer, std::string_view number,
                    std::string_view date_line) {
  out += "<table:table table:name=\"Header\" table:style-name=\"Head\">"
         "<table:table-column table:style-name=\"HeadL\"/><table:table-column table:style-name=\"HeadR\"/>"
         "<table:table-row><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  for (std::size_t i = 0; i < issuer.size(); ++i) {
    // The issuing body itself (the last line) is bold; the body above it is not.
    Para(out, i + 1 == issuer.size() ? "CB12" : "C", issuer[i]);
  }
  Para(out, "C", fmt::format("Số: {}", number));
  out += "</table:table-cell><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  Para(out, "CB12", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  Para(out, "CBU", "Độc lập - Tự do - Hạnh phúc");
  Para(out, "CI", date_line);
  out += "</table:table-cell></table:table-row></table:table>\n";
}

void SignBlock(std::string& out, const std::vector<std::string>& recipients, std::string_view title,
               std::string_view signer) {
  out += "<table:table table:name=\"Sign\" table:style-name=\"Head\">"
         "<table:table-column table:style-name=\"HeadL\"/><table:table-column table:style-name=\"HeadR\"/>"
         "<table:table-row><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  if (!recipients.empty()) Para(out, "RecvB", "Nơi nhận:");
  for (const std::string& r : recipients) Para(out, "Recv", r);
  out += "</table:table-cell><table:table-cell table:style-name=\"Bare\" office:value-type=\"string\">";
  Para(out, "CB", title);
  if (!signer.empty()) {
    // Room for the signature and the seal between the title and the name.
    for (int i = 0; i < 4; ++i) Para(out, "C", "");
    Para(out, "CB", signer);
  }
  out += "</table:table-cell></table:table-row></table:table>\n";
}

}  // namespace anninh::reports
