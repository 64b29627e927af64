#include "reports/report_data.h"

#include <fmt/format.h>

#include "movement/dates.h"
#include "movement/registry.h"
#include "core/vietnamese.h"
#include "reports/camera_uptime.h"

namespace anninh::reports {

namespace {

// The province's name without its kind, for the date line: "Tỉnh Hưng Yên" -> "Hưng Yên".
std::string PlaceName(const std::string& name) {
  for (const char* prefix : {"Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu "}) {
    if (name.rfind(prefix, 0) == 0) return name.substr(std::string_view(prefix).size());
  }
  return name;
}

}  // namespace

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (!line.empty()) out.push_back(std::move(line));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return out;
}

Result<std::string> PlaceOf(movement::Registry& registry, const std::string& unit, const std::string& date) {
  auto chain = registry.units().Ancestors(unit, date);
  if (!chain) return Fail(std::move(chain).error());
  auto top = registry.units().AsOf(chain->empty() ? unit : chain->back(), date);
  if (!top) return Fail(std::move(top).error());
  return *top ? PlaceName((*top)->name) : std::string();
}

std::string Percent(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (auto dot = s.find('.'); dot != std::string::npos) s[dot] = ',';
  return s;
}

Result<ReportData> Gather(movement::Registry& registry, const store::RecordingIndex& index,
                          const ReportRequest& request, WallNs now, const Progress& progress) {
  const Error cancelled(ErrorCode::kFailedPrecondition, "the report was cancelled");
  ReportData d;
  d.request = request;
  d.generated_on = movement::VietnamDay(now);
  auto rollup = registry.RollUp(request.unit, request.as_of, request.period, request.from);
  if (!rollup) return Fail(std::move(rollup).error());
  if (!progress(30)) return Fail(cancelled);

  // Cameras are measured over the request's days, up to now: a period still running is
  // judged on the part of it that has passed.
  const WallNs from = movement::VietnamMidnight(request.from);
  const WallNs to = std::min(now, movement::VietnamMidnight(movement::AddDays(request.to, 1)));
  const std::vector<std::string> cameras(rollup->unit.totals.cameras.begin(), rollup->unit.totals.cameras.end());
  std::map<std::string, double> share;
  if (!cameras.empty() && to > from) {
    auto measured = WorkingShares(index, cameras, from, to);
    if (!measured) return Fail(std::move(measured).error());
    share = std::move(*measured);
  }
  if (!progress(60)) return Fail(cancelled);
  auto row = [&](const movement::UnitTotals& u) {
    ReportRow r{u.unit, u.totals, std::nullopt};
    if (!u.totals.cameras.empty()) {
      double sum = 0;
      for (const std::string& c : u.totals.cameras) sum += share.count(c) ? share.at(c) : 0.0;
      r.cameras_working_pct = 100.0 * sum / static_cast<double>(u.totals.cameras.size());
    }
    return r;
  };
  d.total = row(rollup->unit);
  for (const auto& c : rollup->children) d.children.push_back(row(c));

  // The header: the issuing body, the number and the place default from the unit.
  auto place = PlaceOf(registry, request.unit, request.as_of);
  if (!place) return Fail(std::move(place).error());
  d.issuer = request.issuer.empty()
                 ? std::vector<std::string>{"BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ", ViUpper(d.total.unit.name)}
                 : Lines(request.issuer);
  d.number = request.number.empty() ? "      /BC-BCĐ" : request.number;
  d.place = request.place.empty() ? *place : request.place;
  d.title = request.period.empty()
                ? fmt::format("Kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc, {} (tính đến ngày {})",
                              d.total.unit.name, Dmy(request.as_of))
                : fmt::format("Kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc, {}, kỳ {}", d.total.unit.name,
                              request.period);

  auto types = registry.models().Types();
  if (!types) return Fail(std::move(types).error());
  for (const auto& t : *types) d.types.emplace_back(t.code, t.name);
  d.statuses = {{"proposed", "Đề xuất"},       {"launched", "Ra mắt"},    {"active", "Đang hoạt động"},
                {"under_review", "Đang rà soát"}, {"replicated", "Nhân rộng"}, {"retired", "Thanh loại"}};
  d.classes = {{"tot", "Tốt"}, {"kha", "Khá"}, {"trung_binh", "Trung bình"}, {"yeu", "Yếu"}};
  if (!progress(70)) return Fail(cancelled);
  return d;
}

}  // namespace anninh::reports
