#include "reports/report_table.h"

#include <map>

namespace anninh::reports {

namespace {

int Count(const std::map<std::string, int>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

Column Col(std::string label, decltype(Column::text) text, std::size_t index = 0,
           Column::Kind kind = Column::Kind::kCount) {
  Column c;
  c.label = std::move(label);
  c.text = text;
  c.index = index;
  c.kind = kind;
  return c;
}

}  // namespace

std::vector<Column> Columns(const ReportData& data) {
  std::vector<Column> out = {
      Col("Đơn vị", [](const ReportData&, const ReportRow& r, std::size_t) { return r.unit.name; }, 0,
          Column::Kind::kText),
      Col("Mô hình", [](const ReportData&, const ReportRow& r, std::size_t) { return std::to_string(r.totals.models); }),
      Col("Điểm", [](const ReportData&, const ReportRow& r, std::size_t) { return std::to_string(r.totals.points); }),
      Col("Tổ", [](const ReportData&, const ReportRow& r, std::size_t) { return std::to_string(r.totals.teams); }),
      Col("Thành viên",
          [](const ReportData&, const ReportRow& r, std::size_t) { return std::to_string(r.totals.members); }),
      Col("Camera",
          [](const ReportData&, const ReportRow& r, std::size_t) { return std::to_string(r.totals.cameras.size()); }),
      Col("Camera hoạt động (%)",
       [](const ReportData&, const ReportRow& r, std::size_t) {
         return r.cameras_working_pct ? Percent(*r.cameras_working_pct) : std::string("-");
       },
       0, Column::Kind::kPercent),
      // Tự hòa giải: cases closed in the report's days, and of those reconciled.
      Col("Vụ việc hòa giải",
          [](const ReportData&, const ReportRow& r, std::size_t) { return std::to_string(r.totals.mediation_handled); }),
      Col("Hòa giải thành",
          [](const ReportData&, const ReportRow& r, std::size_t) {
            return std::to_string(r.totals.mediation_reconciled);
          }),
  };
  for (std::size_t i = 0; i < data.types.size(); ++i) {
    out.push_back(Col("Loại: " + data.types[i].second,
                   [](const ReportData& d, const ReportRow& r, std::size_t k) {
                     return std::to_string(Count(r.totals.by_type, d.types[k].first));
                   },
                   i));
  }
  for (std::size_t i = 0; i < data.statuses.size(); ++i) {
    out.push_back(Col("Trạng thái: " + data.statuses[i].second,
                   [](const ReportData& d, const ReportRow& r, std::size_t k) {
                     return std::to_string(Count(r.totals.by_status, d.statuses[k].first));
                   },
                   i));
  }
  for (std::size_t i = 0; i < data.classes.size(); ++i) {
    out.push_back(Col("Xếp loại: " + data.classes[i].second,
                   [](const ReportData& d, const ReportRow& r, std::size_t k) {
                     return std::to_string(Count(r.totals.evaluations, d.classes[k].first));
                   },
                   i));
  }
  return out;
}

std::optional<double> Number(const Column& c, const ReportData& data, const ReportRow& row) {
  switch (c.kind) {
    case Column::Kind::kCount: return std::stod(c.text(data, row, c.index));
    case Column::Kind::kPercent: return row.cameras_working_pct;
    case Column::Kind::kText: break;
  }
  return std::nullopt;
}

}  // namespace anninh::reports
