#include "movement/unit_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "movement/dates.h"
#include "movement/units.h"
#include "movement/vietnamese.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using store::sqlite::Database;

namespace {

struct Row {
  int line = 0;
  std::string code, name, level, parent, effective;
  std::vector<std::string> predecessors;
};

// One CSV line (RFC 4180 quoting: "a, b" and "" for a quote inside quotes).
Result<std::vector<std::string>> SplitCsv(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return Fail(ErrorCode::kInvalidArgument, "a quote is not closed");
  return fields;
}

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Which levels may be a unit's parent.
bool ParentFits(std::string_view level, Level parent) {
  if (level == "district") return parent == Level::kProvince;
  if (level == "commune") return parent == Level::kProvince || parent == Level::kDistrict;
  if (level == "village") return parent == Level::kCommune;
  return false;
}

Result<std::vector<Row>> Parse(std::string_view csv, std::vector<std::string>& problems) {
  std::vector<Row> rows;
  int line_no = 0;
  bool header_seen = false;
  std::size_t pos = 0;
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // Excel writes a UTF-8 byte-order mark
  while (pos <= csv.size()) {
    const std::size_t nl = csv.find('\n', pos);
    const std::string_view raw = csv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? csv.size() + 1 : nl + 1;
    ++line_no;
    const std::string line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    auto nfc = Nfc(line);
    if (!nfc) {
      problems.push_back(fmt::format("line {}: {}", line_no, nfc.error().message()));
      continue;
    }
    auto fields = SplitCsv(*nfc);
    if (!fields) {
      problems.push_back(fmt::format("line {}: {}", line_no, fields.error().message()));
      continue;
    }
    for (std::string& f : *fields) f = Trim(f);
    if (!header_seen) {
      header_seen = true;
      const std::vector<std::string> want{"code", "name", "level", "parent", "effective"};
      if (fields->size() < 5 || !std::equal(want.begin(), want.end(), fields->begin()) ||
          (fields->size() == 6 && (*fields)[5] != "predecessors") || fields->size() > 6) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("line {}: the header must be code,name,level,parent,effective[,predecessors]",
                                line_no));
      }
      continue;
    }
    if (fields->size() < 5 || fields->size() > 6) {
      problems.push_back(fmt::format("line {}: {} fields; expected 5 or 6", line_no, fields->size()));
      continue;
    }
    Row r;
    r.line = line_no;
    r.code = (*fields)[0];
    r.name = (*fields)[1];
    r.level = (*fields)[2];
    r.parent = (*fields)[3];
    r.effective = (*fields)[4];
    if (fields->size() == 6) {
      std::string_view preds = (*fields)[5];
      while (!preds.empty()) {
        const auto semi = preds.find(';');
        std::string p = Trim(preds.substr(0, semi));
        if (!p.empty()) r.predecessors.push_back(std::move(p));
        preds = semi == std::string_view::npos ? std::string_view() : preds.substr(semi + 1);
      }
    }
    rows.push_back(std::move(r));
  }
  if (!header_seen) return Fail(ErrorCode::kInvalidArgument, "the file is empty (no header line)");
  return rows;
}

UnitChange NewChange(int line, std::string code, std::string action, std::string detail) {
  UnitChange c;
  c.line = line;
  c.code = std::move(code);
  c.action = std::move(action);
  c.detail = std::move(detail);
  return c;
}

// Applies one row inside the open transaction; appends what it did, or a problem.
Status ApplyRow(Database& db, const Row& r, const std::map<std::string, int>& predecessor_uses,
                std::vector<UnitChange>& changes) {
  auto fail = [&](std::string what) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("line {}: {}: {}", r.line, r.code, what));
  };
  if (auto s = CheckUnitCode(r.code, r.level); !s) return fail(s.error().message());
  if (r.name.empty()) return fail("the name is empty");
  if (r.name.size() > 200) return fail("the name is longer than 200 bytes");
  if (auto s = CheckDate("effective", r.effective); !s) return fail(s.error().message());
  const std::optional<Level> level = ParseLevel(r.level);
  if (r.level == "province") {
    if (!r.parent.empty()) return fail("a province has no parent");
  } else {
    auto parent = unit_sql::AsOf(db, r.parent, r.effective);
    if (!parent) return Fail(std::move(parent).error());
    if (!*parent) return fail(fmt::format("parent '{}' does not exist on {}", r.parent, r.effective));
    if (!ParentFits(r.level, (*parent)->level)) {
      return fail(fmt::format("a {} cannot be under a {} ('{}')", r.level, ToString((*parent)->level), r.parent));
    }
  }

  auto history = unit_sql::History(db, r.code);
  if (!history) return Fail(std::move(history).error());
  const bool existed = !history->empty();
  if (!existed) {
    auto st = db.Prepare(
        "INSERT INTO unit_version (code, name, level, parent_code, valid_from) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, r.code).Bind(2, r.name).Bind(3, r.level).Bind(4, r.parent).Bind(5, r.effective).Run();
        !s)
      return s;
    UnitChange& c = changes.emplace_back(
        NewChange(r.line, r.code, "create", fmt::format("{} ({}) from {}", r.name, r.level, r.effective)));
    c.name = r.name;
    c.level = r.level;
    c.parent = r.parent;
    c.effective = r.effective;
  } else {
    const UnitVersion& last = history->back();
    if (!last.valid_to.empty()) {
      return fail(fmt::format("this code ended on {}; codes are never reused (QĐ 19/2025/QĐ-TTg)", last.valid_to));
    }
    if (level && *level != last.level) {
      return fail(fmt::format("a code keeps its level: it is a {}, not a {}", ToString(last.level), r.level));
    }
    std::string what;
    UnitChange change = NewChange(r.line, r.code, "", "");
    if (last.name != r.name) {
      what += fmt::format("name '{}' -> '{}'", last.name, r.name);
      change.name = r.name;
      change.old_name = last.name;
    }
    if (last.parent_code != r.parent) {
      what += fmt::format("{}parent {} -> {}", what.empty() ? "" : "; ", last.parent_code, r.parent);
      change.parent = r.parent;
      change.old_parent = last.parent_code;
    }
    if (what.empty()) {
      if (r.predecessors.empty()) changes.push_back(NewChange(r.line, r.code, "unchanged", ""));
    } else if (r.effective < last.valid_from) {
      return fail(fmt::format("effective {} is before the current version's start {}", r.effective, last.valid_from));
    } else if (r.effective == last.valid_from) {
      // The same start date: a correction of the current version, not a new one.
      auto st = db.Prepare("UPDATE unit_version SET name = ?3, parent_code = ?4 WHERE code = ?1 AND valid_from = ?2");
      if (!st) return Fail(std::move(st).error());
      if (auto s = st->Bind(1, r.code).Bind(2, last.valid_from).Bind(3, r.name).Bind(4, r.parent).Run(); !s) return s;
      change.action = "correct";
      change.detail = std::move(what);
      changes.push_back(std::move(change));
    } else {
      auto end = db.Prepare("UPDATE unit_version SET valid_to = ?3 WHERE code = ?1 AND valid_from = ?2");
      auto add = db.Prepare(
          "INSERT INTO unit_version (code, name, level, parent_code, valid_from) VALUES (?1, ?2, ?3, ?4, ?5)");
      if (!end) return Fail(std::move(end).error());
      if (!add) return Fail(std::move(add).error());
      if (auto s = end->Bind(1, r.code).Bind(2, last.valid_from).Bind(3, r.effective).Run(); !s) return s;
      if (auto s = add->Bind(1, r.code).Bind(2, r.name).Bind(3, r.level).Bind(4, r.parent).Bind(5, r.effective).Run();
          !s)
        return s;
      change.action = last.name != r.name ? "rename" : "move";
      change.detail = what + " from " + r.effective;
      change.effective = r.effective;
      changes.push_back(std::move(change));
    }
  }

  std::size_t others = 0;
  for (const std::string& p : r.predecessors) others += p != r.code ? 1 : 0;
  for (const std::string& p : r.predecessors) {
    if (p == r.code) continue;
    auto ph = unit_sql::History(db, p);
    if (!ph) return Fail(std::move(ph).error());
    if (ph->empty()) return fail(fmt::format("predecessor '{}' does not exist", p));
    const UnitVersion& pl = ph->back();
    if (pl.valid_from >= r.effective) {
      return fail(fmt::format("predecessor '{}' begins on {}, not before {}", p, pl.valid_from, r.effective));
    }
    if (pl.valid_to.empty()) {
      auto end = db.Prepare("UPDATE unit_version SET valid_to = ?3 WHERE code = ?1 AND valid_from = ?2");
      if (!end) return Fail(std::move(end).error());
      if (auto s = end->Bind(1, p).Bind(2, pl.valid_from).Bind(3, r.effective).Run(); !s) return s;
      UnitChange& c = changes.emplace_back(
          NewChange(r.line, p, "retire", fmt::format("ends on {}, continued by {}", r.effective, r.code)));
      c.effective = r.effective;
      c.other = r.code;
    } else if (pl.valid_to != r.effective) {
      return fail(fmt::format("predecessor '{}' already ended on {}, not on {}", p, pl.valid_to, r.effective));
    }
    const auto uses = predecessor_uses.find(p);
    const char* kind = (others >= 2 || existed) ? "merge"
                       : (uses != predecessor_uses.end() && uses->second >= 2) ? "split"
                                                                                : "succession";
    auto link = db.Prepare(
        "INSERT INTO unit_link (from_code, to_code, kind, effective) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (from_code, to_code) DO NOTHING");
    if (!link) return Fail(std::move(link).error());
    if (auto s = link->Bind(1, p).Bind(2, r.code).Bind(3, kind).Bind(4, r.effective).Run(); !s) return s;
    UnitChange& c = changes.emplace_back(
        NewChange(r.line, r.code, "link", fmt::format("{} {} -> {} on {}", kind, p, r.code, r.effective)));
    c.effective = r.effective;
    c.other = p;
    c.link_kind = kind;
  }
  return {};
}

}  // namespace

Status CheckUnitCode(std::string_view code, std::string_view level) {
  const bool ok = level == "province"   ? code.size() == 2 && AllDigits(code)
                  : level == "district" ? code.size() == 3 && AllDigits(code)
                  : level == "commune"  ? code.size() == 5 && AllDigits(code)
                  : level == "village"
                      ? !code.empty() && code.size() <= 32 && !(AllDigits(code) && code.size() <= 5) &&
                            std::all_of(code.begin(), code.end(),
                                        [](char c) {
                                          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                                 (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_';
                                        })
                      : false;
  if (ok) return {};
  if (!ParseLevel(level)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("level '{}' must be province, district, commune or village", level));
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a {} code (province: 2 digits, district: 3, commune: 5; village: "
                          "letters, digits, '.', '-', '_', not only digits)",
                          code, level));
}

Result<UnitImportReport> ImportUnits(Database& db, std::string_view csv, bool dry_run) {
  std::vector<std::string> problems;
  auto rows = Parse(csv, problems);
  if (!rows) return Fail(std::move(rows).error());
  std::map<std::string, int> predecessor_uses;
  for (const Row& r : *rows) {
    for (const std::string& p : r.predecessors) {
      if (p != r.code) ++predecessor_uses[p];
    }
  }

  std::lock_guard lock(db.mutex());
  if (auto s = db.Exec("BEGIN IMMEDIATE"); !s) return Fail(std::move(s).error());
  UnitImportReport report;
  report.rows = static_cast<int>(rows->size());
  for (const Row& r : *rows) {
    if (auto s = ApplyRow(db, r, predecessor_uses, report.changes); !s) {
      if (s.error().code() != ErrorCode::kInvalidArgument) {
        (void)db.Exec("ROLLBACK");
        return Fail(std::move(s).error());
      }
      problems.push_back(s.error().message());
    }
  }
  if (!problems.empty()) {
    (void)db.Exec("ROLLBACK");
    std::string message = fmt::format("the unit list was not imported ({} problem{}):", problems.size(),
                                      problems.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < problems.size() && i < 50; ++i) message += "\n" + problems[i];
    if (problems.size() > 50) message += fmt::format("\n... and {} more", problems.size() - 50);
    return Fail(ErrorCode::kInvalidArgument, message);
  }
  if (dry_run) {
    if (auto s = db.Exec("ROLLBACK"); !s) return Fail(std::move(s).error());
    return report;
  }
  if (auto s = db.Exec("COMMIT"); !s) {
    (void)db.Exec("ROLLBACK");
    return Fail(std::move(s).error());
  }
  report.applied = true;
  return report;
}

}  // namespace anninh::movement
