#include "reports/xlsx_styles.h"

namespace anninh::reports {

XlsxStyles AddStyles(lxw_workbook* wb) {
  XlsxStyles s;
  s.font = workbook_add_format(wb);
  format_set_font_name(s.font, "Times New Roman");
  format_set_font_size(s.font, 13);
  s.bold = workbook_add_format(wb);
  format_set_font_name(s.bold, "Times New Roman");
  format_set_font_size(s.bold, 13);
  format_set_bold(s.bold);
  s.head = workbook_add_format(wb);
  format_set_font_name(s.head, "Times New Roman");
  format_set_font_size(s.head, 13);
  format_set_bold(s.head);
  format_set_text_wrap(s.head);
  format_set_border(s.head, LXW_BORDER_THIN);
  format_set_align(s.head, LXW_ALIGN_CENTER);
  s.cell = workbook_add_format(wb);
  format_set_font_name(s.cell, "Times New Roman");
  format_set_font_size(s.cell, 13);
  format_set_border(s.cell, LXW_BORDER_THIN);
  s.total = workbook_add_format(wb);
  format_set_font_name(s.total, "Times New Roman");
  format_set_font_size(s.total, 13);
  format_set_border(s.total, LXW_BORDER_THIN);
  format_set_bold(s.total);

  s.pct = workbook_add_format(wb);
  format_set_font_name(s.pct, "Times New Roman");
  format_set_font_size(s.pct, 13);
  format_set_border(s.pct, LXW_BORDER_THIN);
  format_set_num_format(s.pct, "0.0");
  s.wrap = workbook_add_format(wb);
  format_set_font_name(s.wrap, "Times New Roman");
  format_set_font_size(s.wrap, 12);
  format_set_border(s.wrap, LXW_BORDER_THIN);
  format_set_text_wrap(s.wrap);
  format_set_align(s.wrap, LXW_ALIGN_VERTICAL_TOP);
  return s;
}

}  // namespace anninh::reports
