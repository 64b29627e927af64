#include "reports/xlsx_report.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "reports/report_table.h"
#include "reports/xlsx_styles.h"

namespace anninh::reports {

Status WriteXlsx(const ReportData& data, const std::filesystem::path& path) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) return Fail(ErrorCode::kInternal, fmt::format("cannot create '{}'", path.string()));
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Báo cáo");
  const XlsxStyles st = AddStyles(wb);
  lxw_format *font = st.font, *bold = st.bold, *head = st.head, *cell = st.cell, *total = st.total, *pct = st.pct;

  const std::vector<Column> columns = Columns(data);
  lxw_row_t r = 0;
  worksheet_write_string(ws, r++, 0, data.title.c_str(), bold);
  const std::string when =
      data.request.period.empty()
          ? fmt::format("Tính đến ngày {}; camera đo từ {} đến {}", data.request.as_of, data.request.from, data.request.to)
          : fmt::format("Kỳ {} ({} đến {}); đơn vị theo ngày {}", data.request.period, data.request.from,
                        data.request.to, data.request.as_of);
  worksheet_write_string(ws, r++, 0, when.c_str(), font);
  worksheet_write_string(ws, r++, 0, fmt::format("Lập ngày {}", data.generated_on).c_str(), font);
  ++r;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), columns[c].label.c_str(), head);
  }
  ++r;
  auto write_row = [&](const ReportRow& row, lxw_format* f) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      if (auto v = Number(columns[c], data, row)) {
        worksheet_write_number(ws, r, col, *v, columns[c].kind == Column::Kind::kPercent ? pct : f);
      } else {
        worksheet_write_string(ws, r, col, columns[c].text(data, row, columns[c].index).c_str(), f);
      }
    }
    ++r;
  };
  ReportRow labelled = data.total;
  labelled.unit.name = "Tổng: " + data.total.unit.name;
  write_row(labelled, total);
  for (const ReportRow& row : data.children) write_row(row, cell);
  worksheet_set_column(ws, 0, 0, 32, nullptr);
  worksheet_set_column(ws, 1, static_cast<lxw_col_t>(columns.size() - 1), 12, nullptr);
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    return Fail(ErrorCode::kInternal, fmt::format("cannot write '{}': {}", path.string(), lxw_strerror(e)));
  }
  return {};
}

}  // namespace anninh::reports
