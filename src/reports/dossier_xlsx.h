// An award dossier's brief-records list (danh sách trích ngang) as an XLSX workbook
// (libxlsxwriter): the same rows and columns as its DOCX/PDF (dossier_data.h), individuals
// then collectives, under the form, the proposing unit and the date.
#pragma once

#include <filesystem>

#include "core/error.h"
#include "reports/dossier_data.h"

namespace anninh::reports {

Status WriteDossierXlsx(const DossierData& data, const std::filesystem::path& path);

}  // namespace anninh::reports
