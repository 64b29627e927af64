#include "movement/units.h"

#include <algorithm>
#include <mutex>

#include "movement/vietnamese.h"
#include "store/sqlite/database.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using store::sqlite::Database;
using store::sqlite::Statement;

std::string_view ToString(Level l) {
  switch (l) {
    case Level::kProvince: return "province";
    case Level::kDistrict: return "district";
    case Level::kCommune: return "commune";
    case Level::kVillage: break;
  }
  return "village";
}

std::optional<Level> ParseLevel(std::string_view text) {
  for (Level l : {Level::kProvince, Level::kDistrict, Level::kCommune, Level::kVillage}) {
    if (ToString(l) == text) return l;
  }
  return std::nullopt;
}

namespace {

constexpr std::string_view kColumns =
    "SELECT code, name, level, parent_code, valid_from, valid_to FROM unit_version ";
// A version valid on ?2: begun on or before it, not yet ended.
constexpr std::string_view kValidOn = "valid_from <= ?2 AND (valid_to = '' OR valid_to > ?2)";

UnitVersion Read(const Statement& st) {
  UnitVersion u;
  u.code = st.Text(0);
  u.name = st.Text(1);
  u.level = ParseLevel(st.Text(2)).value_or(Level::kVillage);
  u.parent_code = st.Text(3);
  u.valid_from = st.Text(4);
  u.valid_to = st.Text(5);
  return u;
}

Result<std::vector<UnitVersion>> ReadAll(Statement& st) { return ReadRows(st, Read); }

// A chain of successors is short (a unit is reorganised a few times a decade); the bound
// only guards against a cycle written into the table by hand.
constexpr int kMaxHops = 32;

}  // namespace

namespace unit_sql {

Result<std::optional<UnitVersion>> AsOf(Database& db, const std::string& code, const std::string& date) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE code = ?1 AND " + std::string(kValidOn));
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, code).Bind(2, date);
  auto rows = ReadAll(*st);
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<UnitVersion>();
  return std::optional<UnitVersion>(std::move(rows->front()));
}

Result<std::vector<UnitVersion>> History(Database& db, const std::string& code) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE code = ?1 ORDER BY valid_from");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, code);
  return ReadAll(*st);
}

Result<std::vector<std::string>> Resolve(Database& db, const std::string& code, const std::string& date) {
  std::vector<std::string> out;
  std::vector<std::pair<std::string, int>> todo{{code, 0}};
  auto next = db.Prepare("SELECT to_code FROM unit_link WHERE from_code = ?1 AND effective <= ?2");
  if (!next) return Fail(std::move(next).error());
  while (!todo.empty()) {
    auto [c, hops] = todo.back();
    todo.pop_back();
    auto v = AsOf(db, c, date);
    if (!v) return Fail(std::move(v).error());
    if (*v) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
      continue;
    }
    if (hops >= kMaxHops) continue;
    next->Reset().Bind(1, c).Bind(2, date);
    while (true) {
      auto row = next->Step();
      if (!row) return Fail(std::move(row).error());
      if (!*row) break;
      todo.push_back({next->Text(0), hops + 1});
    }
  }
  return out;
}

Result<std::vector<std::string>> Ancestors(Database& db, const std::string& code, const std::string& date) {
  std::vector<std::string> out;
  std::string at = code;
  for (int i = 0; i < kMaxHops; ++i) {
    auto v = AsOf(db, at, date);
    if (!v) return Fail(std::move(v).error());
    if (!*v || (*v)->parent_code.empty()) return out;
    auto parents = Resolve(db, (*v)->parent_code, date);
    if (!parents) return Fail(std::move(parents).error());
    if (parents->empty()) return out;
    at = parents->front();
    out.push_back(at);
  }
  return out;
}

Result<bool> Within(Database& db, const std::string& code, const std::string& ancestor, const std::string& date) {
  auto here = Resolve(db, code, date);
  if (!here) return Fail(std::move(here).error());
  for (const std::string& c : *here) {
    if (c == ancestor) return true;
    auto up = Ancestors(db, c, date);
    if (!up) return Fail(std::move(up).error());
    if (std::find(up->begin(), up->end(), ancestor) != up->end()) return true;
  }
  return false;
}

Result<bool> InScope(Database& db, const UnitScope& scope, const std::string& code, const std::string& date) {
  if (scope.all) return true;
  // The record's own code first: a village head of a village that has since been renamed
  // still reaches the records made under the old code.
  if (scope.units.count(code) != 0) return true;
  auto here = Resolve(db, code, date);
  if (!here) return Fail(std::move(here).error());
  for (const std::string& c : *here) {
    if (scope.units.count(c) != 0) return true;
    auto up = Ancestors(db, c, date);
    if (!up) return Fail(std::move(up).error());
    for (const std::string& a : *up) {
      if (scope.units.count(a) != 0) return true;
    }
  }
  return false;
}

Result<std::vector<UnitVersion>> ChildrenOn(store::sqlite::Database& db, const std::string& code,
                                            const std::string& date) {
  auto children = db.Prepare(
      "SELECT code, parent_code FROM unit_version WHERE valid_from <= ?2 AND (valid_to = '' OR valid_to > ?2) "
      "AND (parent_code = ?1 OR parent_code IN (SELECT code FROM unit_version WHERE valid_to != '' "
      "AND valid_to <= ?2))");
  if (!children) return Fail(std::move(children).error());
  children->Bind(1, code).Bind(2, date);
  std::vector<UnitVersion> out;
  while (true) {
    auto row = children->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    const std::string child = children->Text(0);
    if (children->Text(1) != code) {
      auto up = Ancestors(db, child, date);
      if (!up) return Fail(std::move(up).error());
      if (up->empty() || up->front() != code) continue;
    }
    auto v = AsOf(db, child, date);
    if (!v) return Fail(std::move(v).error());
    if (*v) out.push_back(std::move(**v));
  }
  return out;
}

}  // namespace unit_sql

Result<std::optional<UnitVersion>> Units::AsOf(const std::string& code, const std::string& date) const {
  std::lock_guard lock(db_.mutex());
  return unit_sql::AsOf(db_, code, date);
}

Result<std::vector<UnitVersion>> Units::Children(const std::string& parent, const std::string& date) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kColumns) + "WHERE parent_code = ?1 AND " + std::string(kValidOn) +
                        (parent.empty() ? " AND level = 'province'" : ""));
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, parent).Bind(2, date);
  auto rows = ReadAll(*st);
  if (!rows) return rows;
  std::stable_sort(rows->begin(), rows->end(),
                   [](const UnitVersion& a, const UnitVersion& b) { return ViLess(a.name, b.name); });
  return rows;
}

Result<std::vector<UnitVersion>> Units::History(const std::string& code) const {
  std::lock_guard lock(db_.mutex());
  return unit_sql::History(db_, code);
}

Result<std::vector<UnitLink>> Units::Links(const std::string& code) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT from_code, to_code, kind, effective FROM unit_link WHERE from_code = ?1 OR to_code = ?1 "
      "ORDER BY effective, from_code, to_code");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, code);
  return ReadRows(*st, [](const Statement& s) { return UnitLink{s.Text(0), s.Text(1), s.Text(2), s.Text(3)}; });
}

Result<std::vector<std::string>> Units::Resolve(const std::string& code, const std::string& date) const {
  std::lock_guard lock(db_.mutex());
  return unit_sql::Resolve(db_, code, date);
}

Result<std::vector<std::string>> Units::Ancestors(const std::string& code, const std::string& date) const {
  std::lock_guard lock(db_.mutex());
  return unit_sql::Ancestors(db_, code, date);
}

Result<bool> Units::Within(const std::string& code, const std::string& ancestor, const std::string& date) const {
  std::lock_guard lock(db_.mutex());
  return unit_sql::Within(db_, code, ancestor, date);
}

Result<bool> Units::InScope(const UnitScope& scope, const std::string& code, const std::string& date) const {
  std::lock_guard lock(db_.mutex());
  return unit_sql::InScope(db_, scope, code, date);
}

}  // namespace anninh::movement
