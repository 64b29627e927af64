// The figures one report prints, gathered once so every format shows the same numbers: the
// unit's roll-up (movement::RollUp on the request's date) with, per row, how much of the
// period its camera models' cameras were recording (record::Uptime).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "movement/reports.h"
#include "reports/report_request.h"

namespace anninh::movement {
class Registry;
}
namespace anninh::store {
class RecordingIndex;
}

namespace anninh::reports {

struct ReportRow {
  movement::UnitVersion unit;
  movement::Totals totals;
  // The mean share of [from, to] (up to now) the row's cameras were recording, 0..100;
  // nullopt with no camera.
  std::optional<double> cameras_working_pct;
};

struct ReportData {
  ReportRequest request;  // completed: as_of, from and to filled in
  std::string generated_on;  // the document's date, "YYYY-MM-DD" in Vietnam
  std::vector<std::string> issuer;  // the issuing body's lines, top left
  std::string number;  // "    /BC-BCĐ"
  std::string place;   // "Hưng Yên"
  std::string title;   // the report's subject line
  ReportRow total;
  std::vector<ReportRow> children;  // in Vietnamese order
  // Column order and names: every model type in the catalogue, the statuses in lifecycle
  // order and the evaluation classes from best to worst, with Vietnamese labels.
  std::vector<std::pair<std::string, std::string>> types, statuses, classes;
};

// Called between steps with a percent (0..100); false cancels (kCancelled).
using Progress = std::function<bool(int)>;

// kNotFound when the unit did not exist on the report's date.
Result<ReportData> Gather(movement::Registry& registry, const store::RecordingIndex& index,
                          const ReportRequest& request, WallNs now, const Progress& progress);

// "82,5" — Vietnamese decimal comma, one decimal.
std::string Percent(double v);

// The place on a document's date line: the name of the province `unit` lay in on `date`,
// without its kind ("Tỉnh Hưng Yên" -> "Hưng Yên"); the unit's own when it is the top.
Result<std::string> PlaceOf(movement::Registry& registry, const std::string& unit, const std::string& date);
// The non-empty lines of a user's multi-line text (the issuing body's lines).
std::vector<std::string> Lines(const std::string& text);

}  // namespace anninh::reports
