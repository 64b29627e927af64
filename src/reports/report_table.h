// The report's table as plain text cells, shared by the XLSX and the document writers so
// both print the same columns in the same order.
#pragma once

#include <string>
#include <vector>

#include "reports/report_data.h"

namespace anninh::reports {

struct Column {
  std::string label;
  // The cell for a row: a count, or a percent already written the Vietnamese way.
  std::string (*text)(const ReportData&, const ReportRow&, std::size_t index);
  std::size_t index = 0;  // which type/status/class, for the columns that need one
  enum class Kind { kCount, kText, kPercent } kind = Kind::kCount;
};

// Đơn vị, Mô hình, Điểm, Tổ, Thành viên, Camera, Camera hoạt động (%), Vụ việc hòa giải, Hòa
// giải thành (the kUnitColumns a per-unit table shows), then one column per model type, per
// status and per evaluation class.
std::vector<Column> Columns(const ReportData& data);
inline constexpr std::size_t kUnitColumns = 9;
// A row's figure for a count or percent column, for the XLSX (which stores numbers, so they
// sum and chart); nullopt for a text cell and for a percent with no camera.
std::optional<double> Number(const Column& c, const ReportData& data, const ReportRow& row);

}  // namespace anninh::reports
