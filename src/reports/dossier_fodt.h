// An award dossier's documents as Flat ODT (fodt_parts.h), for LibreOffice to convert to
// DOCX or PDF: the proposal letter (tờ trình) on an A4 portrait page, and the brief-records
// list (danh sách trích ngang) as a table on A4 landscape, both in the form of Nghị định
// 30/2020/NĐ-CP, Phụ lục I.
#pragma once

#include <string>

#include "reports/dossier_data.h"

namespace anninh::reports {

std::string ToTrinhDocument(const DossierData& data);
std::string TrichNgangDocument(const DossierData& data);

}  // namespace anninh::reports
