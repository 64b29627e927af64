#include "movement/models.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "movement/dates.h"
#include "movement/field_error.h"
#include "movement/vietnamese.h"
#include "store/sqlite/database.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using store::sqlite::Database;
using store::sqlite::Statement;

namespace {

constexpr std::string_view kColumns =
    "SELECT id, name, type, unit_code, status, points, teams, goals, decision_no, decision_date, "
    "decision_issuer, created_on, created_by FROM model ";

Model Read(const Statement& st) {
  Model m;
  m.id = st.Int(0);
  m.name = st.Text(1);
  m.type = st.Text(2);
  m.unit_code = st.Text(3);
  m.status = ParseModelStatus(st.Text(4)).value_or(ModelStatus::kProposed);
  m.points = static_cast<int>(st.Int(5));
  m.teams = static_cast<int>(st.Int(6));
  m.goals = st.Text(7);
  m.decision_no = st.Text(8);
  m.decision_date = st.Text(9);
  m.decision_issuer = st.Text(10);
  m.created_on = st.Text(11);
  m.created_by = st.Text(12);
  return m;
}

Status CheckCount(const char* field, int v) {
  if (v < 0 || v > 100000) return FieldFail(field, fmt::format("'{}' must be between 0 and 100000", field));
  return {};
}

Status AddHistory(Database& db, std::int64_t id, std::string_view from, std::string_view to,
                  const std::string& on_date, const std::string& reason, const std::string& decision,
                  const std::string& by, WallNs now) {
  auto st = db.Prepare(
      "INSERT INTO model_status (model_id, from_status, to_status, on_date, reason, decision_no, by_actor, at_ns) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!st) return Fail(std::move(st).error());
  return st->Bind(1, id).Bind(2, from).Bind(3, to).Bind(4, on_date).Bind(5, reason).Bind(6, decision).Bind(7, by)
      .Bind(8, now)
      .Run();
}

}  // namespace

namespace model_sql {

Result<std::optional<Model>> Get(Database& db, std::int64_t id) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<Model>();
  return std::optional<Model>(Read(*st));
}

Result<std::vector<Model>> All(Database& db) {
  auto st = db.Prepare(std::string(kColumns) + "ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  return ReadRows(*st, [](const Statement& s) { return Read(s); });
}

Result<std::optional<ModelStatus>> StatusOn(Database& db, std::int64_t id, const std::string& date) {
  auto st = db.Prepare(
      "SELECT to_status FROM model_status WHERE model_id = ?1 AND on_date <= ?2 ORDER BY on_date DESC, id DESC "
      "LIMIT 1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id).Bind(2, date);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<ModelStatus>();
  return ParseModelStatus(st->Text(0));
}

}  // namespace model_sql

Result<std::vector<ModelType>> Models::Types() const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("SELECT code, name, builtin FROM model_type");
  if (!st) return Fail(std::move(st).error());
  std::vector<ModelType> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back({st->Text(0), st->Text(1), st->Int(2) != 0});
  }
  std::stable_sort(out.begin(), out.end(), [](const ModelType& a, const ModelType& b) {
    return a.builtin != b.builtin ? a.builtin : ViLess(a.name, b.name);
  });
  return out;
}

Result<ModelType> Models::AddType(const std::string& code, const std::string& name) {
  const bool code_ok = !code.empty() && code.size() <= 32 && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!code_ok) return FieldFail("code", "'code' must be 1-32 of a-z, 0-9 and '_'");
  auto clean = CleanText("name", name, 200);
  if (!clean) return Fail(std::move(clean).error());
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("INSERT INTO model_type (code, name) VALUES (?1, ?2)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, code).Bind(2, *clean).Run(); !s) {
    if (s.error().message().find("UNIQUE") != std::string::npos || s.error().code() == ErrorCode::kAlreadyExists)
      return Fail(Error(ErrorCode::kAlreadyExists, fmt::format("model type '{}' exists", code)).WithField("code"));
    return Fail(std::move(s).error());
  }
  return ModelType{code, *clean, false};
}

Result<Model> Models::Create(const std::string& actor, Model m) {
  auto name = CleanText("name", m.name, 200);
  if (!name) return Fail(std::move(name).error());
  m.name = std::move(*name);
  auto goals = CleanText("goals", m.goals, 4000, false);
  if (!goals) return Fail(std::move(goals).error());
  m.goals = std::move(*goals);
  if (auto s = CheckCount("points", m.points); !s) return Fail(std::move(s).error());
  if (auto s = CheckCount("teams", m.teams); !s) return Fail(std::move(s).error());
  const std::string today = VietnamDay(clock_.Now());
  if (m.created_on.empty()) m.created_on = today;
  if (auto s = CheckDate("created_on", m.created_on); !s) return Fail(std::move(s).error());
  m.status = ModelStatus::kProposed;
  m.created_by = actor;
  m.decision_no.clear();
  m.decision_date.clear();
  m.decision_issuer.clear();

  std::lock_guard lock(db_.mutex());
  auto unit = unit_sql::AsOf(db_, m.unit_code, m.created_on);
  if (!unit) return Fail(std::move(unit).error());
  if (!*unit) return FieldFail("unit_code", fmt::format("no unit '{}' on {}", m.unit_code, m.created_on));
  auto type = db_.Prepare("SELECT 1 FROM model_type WHERE code = ?1");
  if (!type) return Fail(std::move(type).error());
  type->Bind(1, m.type);
  auto known = type->Step();
  if (!known) return Fail(std::move(known).error());
  if (!*known) return FieldFail("type", fmt::format("no model type '{}'", m.type));
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<Model> {
    auto st = db_.Prepare(
        "INSERT INTO model (name, type, unit_code, status, points, teams, goals, created_on, created_by, "
        "created_at_ns) VALUES (?1, ?2, ?3, 'proposed', ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, m.name).Bind(2, m.type).Bind(3, m.unit_code).Bind(4, m.points).Bind(5, m.teams)
                     .Bind(6, m.goals).Bind(7, m.created_on).Bind(8, actor).Bind(9, clock_.Now())
                     .Run();
        !s)
      return Fail(std::move(s).error());
    m.id = db_.LastInsertId();
    if (auto s = AddHistory(db_, m.id, "", "proposed", m.created_on, "", "", actor, clock_.Now()); !s)
      return Fail(std::move(s).error());
    return m;
  });
}

Result<std::optional<Model>> Models::Get(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  return model_sql::Get(db_, id);
}

Result<std::vector<Model>> Models::List(const ModelQuery& q, const UnitScope& scope) const {
  std::lock_guard lock(db_.mutex());
  const std::string today = VietnamDay(clock_.Now());
  auto all = model_sql::All(db_);
  if (!all) return all;
  const std::string needle = SearchKey(q.search);
  std::vector<Model> out;
  for (Model& m : *all) {
    if (!q.status.empty() && ToString(m.status) != q.status) continue;
    if (!q.type.empty() && m.type != q.type) continue;
    if (!needle.empty() && SearchKey(m.name).find(needle) == std::string::npos) continue;
    if (!q.unit_code.empty() && m.unit_code != q.unit_code) {
      auto in = unit_sql::Within(db_, m.unit_code, q.unit_code, today);
      if (!in) return Fail(std::move(in).error());
      if (!*in) continue;
    }
    auto visible = unit_sql::InScope(db_, scope, m.unit_code, today);
    if (!visible) return Fail(std::move(visible).error());
    if (*visible) out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const Model& a, const Model& b) { return ViLess(a.name, b.name); });
  return out;
}

Result<Model> Models::Update(std::int64_t id, std::optional<int> points, std::optional<int> teams,
                             std::optional<std::string> goals) {
  if (points) {
    if (auto s = CheckCount("points", *points); !s) return Fail(std::move(s).error());
  }
  if (teams) {
    if (auto s = CheckCount("teams", *teams); !s) return Fail(std::move(s).error());
  }
  if (goals) {
    auto clean = CleanText("goals", *goals, 4000, false);
    if (!clean) return Fail(std::move(clean).error());
    goals = std::move(*clean);
  }
  std::lock_guard lock(db_.mutex());
  auto m = model_sql::Get(db_, id);
  if (!m) return Fail(std::move(m).error());
  if (!*m) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", id));
  Model out = **m;
  if (points) out.points = *points;
  if (teams) out.teams = *teams;
  if (goals) out.goals = *goals;
  auto st = db_.Prepare("UPDATE model SET points = ?2, teams = ?3, goals = ?4 WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, id).Bind(2, out.points).Bind(3, out.teams).Bind(4, out.goals).Run(); !s)
    return Fail(std::move(s).error());
  return out;
}

Result<Model> Models::Transition(const std::string& actor, std::int64_t id, TransitionRequest t) {
  auto reason = CleanText("reason", t.reason, 2000, false);
  if (!reason) return Fail(std::move(reason).error());
  t.reason = std::move(*reason);
  for (auto* field : {&t.decision_no, &t.decision_issuer}) {
    auto clean = CleanText(field == &t.decision_no ? "decision_no" : "decision_issuer", *field, 200, false);
    if (!clean) return Fail(std::move(clean).error());
    *field = std::move(*clean);
  }
  std::lock_guard lock(db_.mutex());
  auto found = model_sql::Get(db_, id);
  if (!found) return Fail(std::move(found).error());
  if (!*found) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", id));
  Model m = **found;
  if (auto s = CheckTransition(m.status, t); !s) return Fail(std::move(s).error());
  if (t.on_date.empty()) t.on_date = VietnamDay(clock_.Now());
  auto history = db_.Prepare("SELECT MAX(on_date) FROM model_status WHERE model_id = ?1");
  if (!history) return Fail(std::move(history).error());
  history->Bind(1, id);
  if (auto row = history->Step(); !row) return Fail(std::move(row).error());
  if (const std::string last = history->Text(0); t.on_date < last) {
    return FieldFail("on_date", fmt::format("'on_date' {} is before the last status change ({})", t.on_date, last));
  }
  for (std::int64_t spawned : t.spawned) {
    auto other = model_sql::Get(db_, spawned);
    if (!other) return Fail(std::move(other).error());
    if (!*other || spawned == id) {
      return FieldFail("spawned", fmt::format("'spawned' names model {}, which is not another model", spawned));
    }
  }
  const ModelStatus from = m.status;
  m.status = t.to;
  if (t.to == ModelStatus::kLaunched) {
    m.decision_no = t.decision_no;
    m.decision_date = t.decision_date;
    m.decision_issuer = t.decision_issuer;
  }
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<Model> {
    auto st = db_.Prepare(
        "UPDATE model SET status = ?2, decision_no = ?3, decision_date = ?4, decision_issuer = ?5 WHERE id = ?1");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, id).Bind(2, ToString(m.status)).Bind(3, m.decision_no).Bind(4, m.decision_date)
                     .Bind(5, m.decision_issuer)
                     .Run();
        !s)
      return Fail(std::move(s).error());
    if (auto s = AddHistory(db_, id, ToString(from), ToString(t.to), t.on_date, t.reason, t.decision_no, actor,
                            clock_.Now());
        !s)
      return Fail(std::move(s).error());
    auto link = db_.Prepare("INSERT OR IGNORE INTO model_spawn (model_id, spawned_id) VALUES (?1, ?2)");
    if (!link) return Fail(std::move(link).error());
    for (std::int64_t spawned : t.spawned) {
      if (auto s = link->Reset().Bind(1, id).Bind(2, spawned).Run(); !s) return Fail(std::move(s).error());
    }
    return m;
  });
}

Result<std::vector<StatusChange>> Models::History(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT from_status, to_status, on_date, reason, decision_no, by_actor FROM model_status WHERE model_id = ?1 "
      "ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return ReadRows(*st, [](const Statement& s) {
    return StatusChange{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)};
  });
}

Result<std::vector<std::int64_t>> Models::Spawned(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("SELECT spawned_id FROM model_spawn WHERE model_id = ?1 ORDER BY spawned_id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return ReadRows(*st, [](const Statement& s) { return s.Int(0); });
}

Result<Activity> Models::AddActivity(const std::string& actor, std::int64_t id, std::string on_date,
                                     std::string text) {
  auto clean = CleanText("text", text, 4000);
  if (!clean) return Fail(std::move(clean).error());
  if (on_date.empty()) on_date = VietnamDay(clock_.Now());
  if (auto s = CheckDate("on_date", on_date); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  auto m = model_sql::Get(db_, id);
  if (!m) return Fail(std::move(m).error());
  if (!*m) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", id));
  auto st = db_.Prepare(
      "INSERT INTO model_activity (model_id, on_date, text, by_actor, at_ns) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, id).Bind(2, on_date).Bind(3, *clean).Bind(4, actor).Bind(5, clock_.Now()).Run(); !s)
    return Fail(std::move(s).error());
  return Activity{db_.LastInsertId(), on_date, *clean, actor};
}

Result<std::vector<Activity>> Models::Activities(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT id, on_date, text, by_actor FROM model_activity WHERE model_id = ?1 ORDER BY on_date, id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return ReadRows(*st, [](const Statement& s) { return Activity{s.Int(0), s.Text(1), s.Text(2), s.Text(3)}; });
}

Result<std::vector<std::string>> model_sql::Cameras(Database& db, std::int64_t id, const std::string& date) {
  auto st = date.empty()
                ? db.Prepare("SELECT camera_id FROM model_camera_link WHERE model_id = ?1 AND linked_to = '' "
                             "ORDER BY camera_id")
                : db.Prepare("SELECT DISTINCT camera_id FROM model_camera_link WHERE model_id = ?1 AND "
                             "linked_from <= ?2 AND (linked_to = '' OR linked_to > ?2) ORDER BY camera_id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  if (!date.empty()) st->Bind(2, date);
  return ReadRows(*st, [](const Statement& s) { return s.Text(0); });
}

Result<std::vector<CameraLink>> model_sql::CameraLinksDuring(Database& db, std::int64_t id, const std::string& from,
                                                             const std::string& to) {
  auto st = db.Prepare(
      "SELECT camera_id, linked_from, linked_to FROM model_camera_link WHERE model_id = ?1 AND linked_from <= ?3 "
      "AND (linked_to = '' OR linked_to > ?2) ORDER BY camera_id, linked_from");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id).Bind(2, from).Bind(3, to);
  return ReadRows(*st, [](const Statement& s) { return CameraLink{s.Text(0), s.Text(1), s.Text(2)}; });
}

Result<std::vector<std::string>> Models::Cameras(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  return model_sql::Cameras(db_, id);
}

Result<std::vector<CameraLink>> Models::CameraHistory(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT camera_id, linked_from, linked_to FROM model_camera_link WHERE model_id = ?1 "
      "ORDER BY linked_from, camera_id, id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return ReadRows(*st, [](const Statement& s) { return CameraLink{s.Text(0), s.Text(1), s.Text(2)}; });
}

Result<std::vector<CameraLink>> Models::CameraLinksDuring(std::int64_t id, const std::string& from,
                                                         const std::string& to) const {
  std::lock_guard lock(db_.mutex());
  return model_sql::CameraLinksDuring(db_, id, from, to);
}

Result<std::vector<std::string>> Models::SetCameras(std::int64_t id, std::vector<std::string> camera_ids,
                                                    std::string on_date) {
  // The config's camera ids: 1-64 of letters, digits, '.', '_', '-' (app/config.cpp).
  for (const std::string& c : camera_ids) {
    const bool ok = !c.empty() && c.size() <= 64 && std::all_of(c.begin(), c.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
    });
    if (!ok) return FieldFail("camera_ids", fmt::format("'{}' is not a camera id", c));
  }
  std::sort(camera_ids.begin(), camera_ids.end());
  camera_ids.erase(std::unique(camera_ids.begin(), camera_ids.end()), camera_ids.end());
  const std::string today = VietnamDay(clock_.Now());
  if (on_date.empty()) on_date = today;
  if (auto s = CheckDate("on_date", on_date); !s) return Fail(std::move(s).error());
  if (on_date > today) return FieldFail("on_date", fmt::format("'on_date' {} is in the future", on_date));
  std::lock_guard lock(db_.mutex());
  auto m = model_sql::Get(db_, id);
  if (!m) return Fail(std::move(m).error());
  if (!*m) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", id));
  if ((*m)->type != "camera") {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("chỉ mô hình camera giám sát ANTT mới gắn với camera / only a camera model "
                            "(type 'camera') has cameras; model {} is '{}'",
                            id, (*m)->type));
  }
  if (on_date < (*m)->created_on) {
    return FieldFail("on_date", fmt::format("'on_date' {} is before the model was created ({})", on_date,
                                            (*m)->created_on));
  }
  auto last = db_.Prepare("SELECT MAX(MAX(linked_from), MAX(linked_to)) FROM model_camera_link WHERE model_id = ?1");
  if (!last) return Fail(std::move(last).error());
  last->Bind(1, id);
  if (auto row = last->Step(); !row) return Fail(std::move(row).error());
  if (const std::string latest = last->Text(0); on_date < latest) {
    return FieldFail("on_date",
                     fmt::format("'on_date' {} is before the model's last camera change ({})", on_date, latest));
  }
  auto open = model_sql::Cameras(db_, id);
  if (!open) return Fail(std::move(open).error());
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<std::vector<std::string>> {
    // A link that ends on the day it began never held a whole day: it is dropped, not kept.
    auto drop = db_.Prepare(
        "DELETE FROM model_camera_link WHERE model_id = ?1 AND camera_id = ?2 AND linked_to = '' AND linked_from = ?3");
    auto end = db_.Prepare(
        "UPDATE model_camera_link SET linked_to = ?3 WHERE model_id = ?1 AND camera_id = ?2 AND linked_to = ''");
    // Relinked on the day it was unlinked: the old link simply goes on.
    auto resume = db_.Prepare(
        "UPDATE model_camera_link SET linked_to = '' WHERE model_id = ?1 AND camera_id = ?2 AND linked_to = ?3");
    auto start = db_.Prepare("INSERT INTO model_camera_link (model_id, camera_id, linked_from) VALUES (?1, ?2, ?3)");
    for (auto* st : {&drop, &end, &resume, &start}) {
      if (!*st) return Fail(std::move(*st).error());
    }
    for (const std::string& c : *open) {
      if (std::binary_search(camera_ids.begin(), camera_ids.end(), c)) continue;
      if (auto s = drop->Reset().Bind(1, id).Bind(2, c).Bind(3, on_date).Run(); !s) return Fail(std::move(s).error());
      if (auto s = end->Reset().Bind(1, id).Bind(2, c).Bind(3, on_date).Run(); !s) return Fail(std::move(s).error());
    }
    for (const std::string& c : camera_ids) {
      if (std::binary_search(open->begin(), open->end(), c)) continue;
      if (auto s = resume->Reset().Bind(1, id).Bind(2, c).Bind(3, on_date).Run(); !s)
        return Fail(std::move(s).error());
      if (db_.Changes() > 0) continue;
      if (auto s = start->Reset().Bind(1, id).Bind(2, c).Bind(3, on_date).Run(); !s)
        return Fail(std::move(s).error());
    }
    return camera_ids;
  });
}

}  // namespace anninh::movement
