// A report as an XLSX workbook (libxlsxwriter): one sheet of indicators per unit, the unit's
// total first and then each unit under it, with the same figures as the DOCX/PDF.
#pragma once

#include <filesystem>

#include "core/error.h"
#include "reports/report_data.h"

namespace anninh::reports {

Status WriteXlsx(const ReportData& data, const std::filesystem::path& path);

}  // namespace anninh::reports
