#include "reports/dossier_xlsx.h"

#include <fmt/format.h>

#include "reports/xlsx_styles.h"

namespace anninh::reports {

Status WriteDossierXlsx(const DossierData& d, const std::filesystem::path& path) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) return Fail(ErrorCode::kInternal, fmt::format("cannot create '{}'", path.string()));
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Trích ngang");
  const XlsxStyles st = AddStyles(wb);
  const std::vector<std::string>& cols = DossierColumns();

  lxw_row_t r = 0;
  worksheet_write_string(ws, r++, 0, "DANH SÁCH TRÍCH NGANG", st.bold);
  worksheet_write_string(ws, r++, 0, ("Đề nghị tặng " + d.form.name).c_str(), st.bold);
  worksheet_write_string(ws, r++, 0,
                         fmt::format("Kèm theo Tờ trình số {} ngày {} của {}", d.number, Dmy(d.request.as_of), d.unit_name)
                             .c_str(),
                         st.font);
  auto section = [&](const char* title, const std::vector<DossierRow>& rows) {
    ++r;
    worksheet_write_string(ws, r++, 0, title, st.bold);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), cols[c].c_str(), st.head);
    }
    ++r;
    for (const DossierRow& row : rows) {
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        // STT and the year of birth are numbers, so a clerk's sums and sorts work.
        if ((c == 0 || c == 2) && !row.cells[c].empty()) {
          worksheet_write_number(ws, r, col, std::stod(row.cells[c]), st.cell);
        } else {
          worksheet_write_string(ws, r, col, row.cells[c].c_str(), st.wrap);
        }
      }
      ++r;
    }
  };
  if (!d.individuals.empty()) section("I. CÁ NHÂN", d.individuals);
  if (!d.collectives.empty()) section(d.individuals.empty() ? "I. TẬP THỂ" : "II. TẬP THỂ", d.collectives);
  const double widths[] = {6, 28, 10, 10, 36, 18, 50, 28};
  for (std::size_t c = 0; c < cols.size(); ++c) {
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
  }
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    return Fail(ErrorCode::kInternal, fmt::format("cannot write '{}': {}", path.string(), lxw_strerror(e)));
  }
  return {};
}

}  // namespace anninh::reports
