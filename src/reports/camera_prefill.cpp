#include "reports/camera_prefill.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "reports/camera_uptime.h"
#include "reports/report_data.h"
#include "reports/report_request.h"
#include "store/audit_store.h"
#include "store/event_store.h"

namespace anninh::reports {

namespace {

// Events of one camera that began in [from, to), paging through the newest-first query.
Result<int> CountEvents(const store::EventStore& events, const std::string& camera, WallNs from, WallNs to) {
  store::EventQuery q;
  q.cameras = {camera};
  q.from = from;
  q.to = to;
  q.limit = 1000;
  int n = 0;
  for (;;) {
    auto page = events.Query(q);
    if (!page) return Fail(std::move(page).error());
    for (const store::EventRow& e : *page) n += e.start >= from && e.start < to;
    if (static_cast<int>(page->size()) < q.limit) return n;
    q.before = std::pair{page->back().start, page->back().id};
  }
}

// Exports of one camera started in [from, to) that named a case: the audit log keeps every
// export (the export jobs themselves are forgotten at a restart).
Result<int> CountCaseExports(const store::AuditStore& audit, const std::string& camera, WallNs from, WallNs to) {
  store::AuditQuery q;
  q.from = from;
  q.to = to;
  q.action = "export";
  q.camera_id = camera;
  q.limit = 1000;
  int n = 0;
  for (;;) {
    auto page = audit.Query(q);
    if (!page) return Fail(std::move(page).error());
    for (const store::AuditRow& row : *page) {
      if (row.action != "export") continue;  // the prefix also matches export.cancel, ...
      const auto detail = nlohmann::json::parse(row.detail, nullptr, false);
      if (detail.is_object() && detail.contains("case_ref") && detail["case_ref"].is_string() &&
          !detail["case_ref"].get<std::string>().empty()) {
        ++n;
      }
    }
    if (static_cast<int>(page->size()) < q.limit) return n;
    q.before_seq = page->back().seq;
  }
}

}  // namespace

Result<PrefillFigures> CameraPrefill(const store::RecordingIndex& index, const store::EventStore* events,
                                     const store::AuditStore& audit, std::vector<LinkedCamera> cameras, WallNs from,
                                     WallNs to) {
  PrefillFigures out;
  double sum = 0;
  for (LinkedCamera& c : cameras) {
    // Each camera over the days it was linked within the period.
    const WallNs begin = std::max(from, c.linked_from);
    const WallNs end = c.linked_to == 0 ? to : std::min(to, c.linked_to);
    CameraFigures f;
    if (end > begin) {
      auto measured = WorkingShares(index, {c.id}, begin, end);
      if (!measured) return Fail(std::move(measured).error());
      f.working_pct = measured->count(c.id) ? 100.0 * measured->at(c.id) : 0.0;
      if (events != nullptr) {
        auto n = CountEvents(*events, c.id, begin, end);
        if (!n) return Fail(std::move(n).error());
        f.events = *n;
      }
      auto n = CountCaseExports(audit, c.id, begin, end);
      if (!n) return Fail(std::move(n).error());
      f.case_exports = *n;
    }
    f.camera = std::move(c);
    sum += f.working_pct;
    out.working_cameras += f.working_pct >= kWorkingThreshold;
    out.offline_now += f.camera.offline_now;
    out.events += f.events;
    out.case_exports += f.case_exports;
    out.cameras.push_back(std::move(f));
  }
  if (!out.cameras.empty()) out.working_pct = sum / static_cast<double>(out.cameras.size());
  return out;
}

std::string EvidenceText(const PrefillFigures& f, const std::string& from_date, const std::string& to_date) {
  std::string text = fmt::format(
      "Số liệu hệ thống camera từ {} đến {}: {} camera, thời gian hoạt động (có ghi hình) bình quân {}% "
      "({} camera đạt từ {}% trở lên); {} camera đang mất tín hiệu; {} sự kiện được phát hiện; {} đoạn "
      "video được trích xuất phục vụ vụ việc.",
      Dmy(from_date), Dmy(to_date), f.cameras.size(), Percent(f.working_pct), f.working_cameras,
      static_cast<int>(kWorkingThreshold), f.offline_now, f.events, f.case_exports);
  for (const CameraFigures& c : f.cameras) {
    text += fmt::format(" {} ({}): {}%{}.", c.camera.name.empty() ? c.camera.id : c.camera.name, c.camera.id,
                        Percent(c.working_pct), c.camera.offline_now ? ", đang mất tín hiệu" : "");
  }
  return text;
}

}  // namespace anninh::reports
