// The parts every document of Nghị định 30/2020/NĐ-CP, Phụ lục I shares, as Flat ODT: the
// page and its styles (A4, margins 20/20/30/15 mm, Times New Roman 13 pt), the two-column
// header (issuing body and number left, national motto and place-date line right), and the
// "Nơi nhận" and signer block. The movement's report (fodt_report.h) and the award dossier
// (dossier_fodt.h) are written with them, so both look alike and change together. Every
// value is XML-escaped: names and header lines are users' text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anninh::reports {

// Text as XML character data or attribute value: & < > " ' escaped; control characters
// XML 1.0 cannot carry become spaces.
std::string XmlEscape(std::string_view text);

enum class Page { kPortrait, kLandscape };

// The document up to the body's first element. `extra_styles`: automatic styles of the
// document's own (style:style elements), added to the shared ones: C, CB, CB12, CBU, CI,
// Title, Subject, P, H, T, TB, TR, RecvB, Recv (paragraphs); Head, Grid (tables); HeadL,
// HeadR, GridName, GridNum, PairName, PairNum (columns); Cell, Bare (cells).
std::string FodtHead(Page page, std::string_view extra_styles = {});
std::string_view FodtTail();

void Para(std::string& out, std::string_view style, std::string_view text);
void Cell(std::string& out, std::string_view style, std::string_view text, std::string_view cell = "Cell");

// Phụ lục I's header: `issuer` lines (the last, the body itself, in bold), "Số: number", the
// motto and the italic place-date line.
void NationalHeader(std::string& out, const std::vector<std::string>& issuer, std::string_view number,
                    std::string_view date_line);
// "Nơi nhận:" with its lines on the left (none: the left is empty), the signer's title (and name, when given) right.
void SignBlock(std::string& out, const std::vector<std::string>& recipients, std::string_view title,
               std::string_view signer);

}  // namespace anninh::reports
