// Self-governing models (mô hình tự quản, tự phòng, tự bảo vệ, tự hòa giải, camera giám sát
// ANTT, ...): the record, its status with full history (lifecycle.h), the models a
// replicated one spawned, and its activity log. The owning unit is the one it was made
// under and is never rewritten: reports resolve it through the unit history.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "movement/lifecycle.h"
#include "movement/units.h"

namespace anninh::movement {

struct ModelType {
  std::string code;  // "tu_quan", "camera", ...
  std::string name;  // "Tự quản"
  bool builtin = false;
};

struct Model {
  std::int64_t id = 0;
  std::string name;
  std::string type;
  std::string unit_code;
  ModelStatus status = ModelStatus::kProposed;
  int points = 0;  // "điểm": places where it runs
  int teams = 0;   // "tổ"
  std::string goals;
  std::string decision_no;  // the launch decision
  std::string decision_date;
  std::string decision_issuer;
  std::string created_on;  // "YYYY-MM-DD": when it counts from in reports
  std::string created_by;
};

struct StatusChange {
  std::string from;  // "" for the first entry
  std::string to;
  std::string on_date;
  std::string reason;
  std::string decision_no;
  std::string by;
};

struct Activity {
  std::int64_t id = 0;
  std::string on_date;
  std::string text;
  std::string by;
};

// A camera linked to a camera model over [linked_from, linked_to) ("" while linked).
struct CameraLink {
  std::string camera_id;
  std::string linked_from;
  std::string linked_to;
};

struct ModelQuery {
  std::string unit_code;  // "": all in scope; else this unit and everything under it (today)
  std::string status;
  std::string type;
  std::string search;  // diacritics-insensitive, on the name
};

class Models {
 public:
  Models(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<ModelType>> Types() const;
  // Admins extend the catalogue; codes are a-z, 0-9 and '_'.
  Result<ModelType> AddType(const std::string& code, const std::string& name);

  // A new model starts "proposed"; kInvalidArgument naming the field at fault.
  Result<Model> Create(const std::string& actor, Model m);
  Result<std::optional<Model>> Get(std::int64_t id) const;
  // In Vietnamese name order.
  Result<std::vector<Model>> List(const ModelQuery& q, const UnitScope& scope) const;
  // Edits points, teams and goals (the rest is fixed or moves only through Transition).
  Result<Model> Update(std::int64_t id, std::optional<int> points, std::optional<int> teams,
                       std::optional<std::string> goals);

  Result<Model> Transition(const std::string& actor, std::int64_t id, TransitionRequest t);
  Result<std::vector<StatusChange>> History(std::int64_t id) const;
  Result<std::vector<std::int64_t>> Spawned(std::int64_t id) const;

  Result<Activity> AddActivity(const std::string& actor, std::int64_t id, std::string on_date, std::string text);
  Result<std::vector<Activity>> Activities(std::int64_t id) const;

  // The cameras linked to a model of type "camera" now, sorted. SetCameras replaces them from
  // `on_date` ("" = today), keeping the history: a link that ends gets linked_to = on_date,
  // a new one starts then, so reports and pre-fills for a past period use the cameras linked
  // at the time. kNotFound for an unknown model, kFailedPrecondition for a model of another
  // type, kInvalidArgument (field camera_ids) for an id that is no camera id, (field on_date)
  // for a date in the future, before the model was created or before the model's last link
  // change (history reads in order). Whether each camera exists and is the caller's to name
  // is serve's check (the config is not here).
  Result<std::vector<std::string>> Cameras(std::int64_t id) const;
  Result<std::vector<std::string>> SetCameras(std::int64_t id, std::vector<std::string> camera_ids,
                                              std::string on_date = "");
  // Every link the model had, oldest first.
  Result<std::vector<CameraLink>> CameraHistory(std::int64_t id) const;
  // The links that held on some day of [from, to] (inclusive), by camera then date.
  Result<std::vector<CameraLink>> CameraLinksDuring(std::int64_t id, const std::string& from,
                                                    const std::string& to) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

namespace model_sql {
Result<std::optional<Model>> Get(store::sqlite::Database& db, std::int64_t id);
// Every model, by id.
Result<std::vector<Model>> All(store::sqlite::Database& db);
// The status as of a date (the newest change on or before it); nullopt before creation.
Result<std::optional<ModelStatus>> StatusOn(store::sqlite::Database& db, std::int64_t id, const std::string& date);
// The cameras linked to a model on `date` ("" = the open links, today's), sorted.
Result<std::vector<std::string>> Cameras(store::sqlite::Database& db, std::int64_t id, const std::string& date = "");
// The links that held on some day of [from, to] (inclusive dates), by camera then date.
Result<std::vector<CameraLink>> CameraLinksDuring(store::sqlite::Database& db, std::int64_t id,
                                                  const std::string& from, const std::string& to);
}  // namespace model_sql

}  // namespace anninh::movement
