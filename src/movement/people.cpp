#include "movement/people.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "movement/dates.h"
#include "movement/field_error.h"
#include "movement/vietnamese.h"
#include "store/sqlite/database.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using store::sqlite::Statement;

Result<std::string> CleanText(std::string_view field, std::string_view text, std::size_t max_bytes, bool required) {
  auto nfc = Nfc(text);
  if (!nfc) return FieldFail(field, fmt::format("'{}' is not valid UTF-8", field));
  std::string& s = *nfc;
  const auto b = s.find_first_not_of(" \t\r\n");
  s = b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  if (required && s.empty()) return FieldFail(field, fmt::format("'{}' must not be empty", field));
  if (s.size() > max_bytes) return FieldFail(field, fmt::format("'{}' must be at most {} bytes", field, max_bytes));
  return std::move(s);
}

namespace {

constexpr std::string_view kPersonColumns =
    "SELECT id, name, birth_year, gender, unit_code, phone FROM person ";

Person ReadPerson(const Statement& st) {
  return {st.Int(0), st.Text(1), static_cast<int>(st.Int(2)), st.Text(3), st.Text(4), st.Text(5)};
}

constexpr std::string_view kPositionColumns =
    "SELECT id, person_id, kind, unit_code, IFNULL(model_id, 0), start_date, end_date FROM position ";

Position ReadPosition(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4), st.Text(5), st.Text(6)};
}

// A code that has existed at some time (records keep the unit they were made under).
Result<bool> UnitKnown(store::sqlite::Database& db, const std::string& code) {
  auto h = unit_sql::History(db, code);
  if (!h) return Fail(std::move(h).error());
  return !h->empty();
}

// A person's unit: kInvalidArgument naming unit_code for a code that never existed.
Status CheckPersonUnit(store::sqlite::Database& db, const std::string& code) {
  auto known = UnitKnown(db, code);
  if (!known) return Fail(std::move(known).error());
  if (!*known) return FieldFail("unit_code", fmt::format("no unit '{}'", code));
  return {};
}

}  // namespace

namespace {

// What a person's record must hold, on create and on edit: cleans the name.
Status CheckPerson(Person& p, int this_year) {
  auto name = CleanText("name", p.name, 200);
  if (!name) return Fail(std::move(name).error());
  p.name = std::move(*name);
  if (p.birth_year != 0 && (p.birth_year < 1900 || p.birth_year > this_year)) {
    return FieldFail("birth_year", fmt::format("'birth_year' must be between 1900 and {}", this_year));
  }
  if (p.gender != "" && p.gender != "nam" && p.gender != "nu" && p.gender != "khac") {
    return FieldFail("gender", "'gender' must be nam, nu, khac or empty");
  }
  bool phone_ok = p.phone.size() <= 15;
  for (std::size_t i = 0; i < p.phone.size(); ++i) {
    const char c = p.phone[i];
    phone_ok = phone_ok && ((c >= '0' && c <= '9') || (c == '+' && i == 0));
  }
  if (!phone_ok) return FieldFail("phone", "'phone' must be up to 15 digits, optionally starting with +");
  return {};
}

}  // namespace

Result<Person> People::Create(Person p) {
  if (auto s = CheckPerson(p, std::stoi(VietnamDay(clock_.Now()).substr(0, 4))); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  if (auto s = CheckPersonUnit(db_, p.unit_code); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "INSERT INTO person (name, birth_year, gender, unit_code, phone, created_at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, p.name).Bind(2, p.birth_year).Bind(3, p.gender).Bind(4, p.unit_code).Bind(5, p.phone)
                   .Bind(6, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  p.id = db_.LastInsertId();
  return p;
}

Result<std::optional<Person>> People::Get(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kPersonColumns) + "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<Person>();
  return std::optional<Person>(ReadPerson(*st));
}

Result<std::vector<Person>> People::List(const PersonQuery& q, const UnitScope& scope) const {
  std::lock_guard lock(db_.mutex());
  const std::string today = VietnamDay(clock_.Now());
  auto st = db_.Prepare(std::string(kPersonColumns) + "ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  const std::string needle = SearchKey(q.search);
  std::vector<Person> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    Person p = ReadPerson(*st);
    if (!needle.empty() && SearchKey(p.name).find(needle) == std::string::npos) continue;
    if (!q.unit_code.empty()) {
      auto in = unit_sql::Within(db_, p.unit_code, q.unit_code, today);
      if (!in) return Fail(std::move(in).error());
      if (!*in && p.unit_code != q.unit_code) continue;
    }
    auto in_scope = unit_sql::InScope(db_, scope, p.unit_code, today);
    if (!in_scope) return Fail(std::move(in_scope).error());
    if (*in_scope) out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return ViLess(a.name, b.name); });
  return out;
}

Result<Position> People::AddPosition(Position p) {
  if (std::find(std::begin(kPositionKinds), std::end(kPositionKinds), p.kind) == std::end(kPositionKinds)) {
    return FieldFail("kind", "'kind' must be one of committee_head, committee_deputy, committee_member, "
                             "model_leader, model_member, security_team_member");
  }
  if (auto s = CheckDate("start_date", p.start_date); !s) return Fail(std::move(s).error());
  if (!p.end_date.empty()) {
    if (auto s = CheckDate("end_date", p.end_date); !s) return Fail(std::move(s).error());
    if (p.end_date <= p.start_date) return FieldFail("end_date", "'end_date' must be after 'start_date'");
  }
  const bool for_model = p.kind == "model_leader" || p.kind == "model_member";
  if (for_model != (p.model_id != 0)) {
    return FieldFail("model_id", for_model ? "a model post needs 'model_id'" : "only model posts take 'model_id'");
  }
  std::lock_guard lock(db_.mutex());
  auto person = db_.Prepare("SELECT unit_code FROM person WHERE id = ?1");
  if (!person) return Fail(std::move(person).error());
  person->Bind(1, p.person_id);
  auto found = person->Step();
  if (!found) return Fail(std::move(found).error());
  if (!*found) return Fail(ErrorCode::kNotFound, fmt::format("no person {}", p.person_id));
  if (p.unit_code.empty()) p.unit_code = person->Text(0);
  if (for_model) {
    auto model = db_.Prepare("SELECT unit_code FROM model WHERE id = ?1");
    if (!model) return Fail(std::move(model).error());
    model->Bind(1, p.model_id);
    auto m = model->Step();
    if (!m) return Fail(std::move(m).error());
    if (!*m) return FieldFail("model_id", fmt::format("no model {}", p.model_id));
    p.unit_code = model->Text(0);
  }
  if (auto s = CheckPersonUnit(db_, p.unit_code); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "INSERT INTO position (person_id, kind, unit_code, model_id, start_date, end_date) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, p.person_id).Bind(2, p.kind).Bind(3, p.unit_code).Bind(5, p.start_date).Bind(6, p.end_date);
  if (p.model_id != 0) {
    st->Bind(4, p.model_id);
  } else {
    st->BindNull(4);
  }
  if (auto s = st->Run(); !s) return Fail(std::move(s).error());
  p.id = db_.LastInsertId();
  return p;
}

Result<std::vector<Position>> People::Positions(std::int64_t person_id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kPositionColumns) + "WHERE person_id = ?1 ORDER BY start_date, id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, person_id);
  return ReadRows(*st, [](const Statement& s) { return ReadPosition(s); });
}

Result<Person> People::Update(Person p) {
  if (auto s = CheckPerson(p, std::stoi(VietnamDay(clock_.Now()).substr(0, 4))); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  if (auto s = CheckPersonUnit(db_, p.unit_code); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare("UPDATE person SET name = ?2, birth_year = ?3, gender = ?4, unit_code = ?5, phone = ?6 "
                        "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, p.id).Bind(2, p.name).Bind(3, p.birth_year).Bind(4, p.gender).Bind(5, p.unit_code)
                   .Bind(6, p.phone)
                   .Run();
      !s)
    return Fail(std::move(s).error());
  if (db_.Changes() == 0) return Fail(ErrorCode::kNotFound, fmt::format("no person {}", p.id));
  return p;
}

Result<Position> People::EndPosition(std::int64_t person_id, std::int64_t position_id, const std::string& end_date) {
  if (auto s = CheckDate("end_date", end_date); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kPositionColumns) + "WHERE id = ?1 AND person_id = ?2");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, position_id).Bind(2, person_id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no position {}", position_id));
  Position p = ReadPosition(*st);
  if (end_date <= p.start_date) return FieldFail("end_date", "'end_date' must be after 'start_date'");
  auto up = db_.Prepare("UPDATE position SET end_date = ?2 WHERE id = ?1");
  if (!up) return Fail(std::move(up).error());
  if (auto s = up->Bind(1, position_id).Bind(2, end_date).Run(); !s) return Fail(std::move(s).error());
  p.end_date = end_date;
  return p;
}

}  // namespace anninh::movement
