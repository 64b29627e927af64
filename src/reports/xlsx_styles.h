// The cell formats every workbook of the module uses (Times New Roman 13 pt, as the
// documents), so the report and the dossier's list look alike. Private to src/reports: it
// names libxlsxwriter's types.
#pragma once

#include <xlsxwriter.h>

namespace anninh::reports {

struct XlsxStyles {
  lxw_format* font;   // plain text
  lxw_format* bold;   // titles
  lxw_format* head;   // column headings: bold, bordered, wrapped, centred
  lxw_format* cell;   // a bordered cell
  lxw_format* total;  // a bordered bold cell
  lxw_format* pct;    // a bordered number with one decimal
  lxw_format* wrap;   // a bordered cell of long text (12 pt, wrapped, top-aligned)
};

// The formats, added to `wb` (which owns them).
XlsxStyles AddStyles(lxw_workbook* wb);

}  // namespace anninh::reports
