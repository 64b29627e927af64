// A report as a Flat ODT document (one XML file) in the form of Nghị định 30/2020/NĐ-CP,
// Phụ lục I: the issuing body top left with the number/symbol under it, the national motto
// top right with the place-date line, the title, the figures, "Nơi nhận" and the signer's
// block; A4, margins 20/20/30/15 mm, Times New Roman 13 pt. LibreOffice converts it to DOCX
// or PDF (office_convert.h). Every value is XML-escaped: unit and model names are the
// users' text.
#pragma once

#include <string>
#include <string_view>

#include "reports/fodt_parts.h"
#include "reports/report_data.h"

namespace anninh::reports {

std::string FodtDocument(const ReportData& data);

}  // namespace anninh::reports
