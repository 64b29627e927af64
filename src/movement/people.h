// The register of people and their posts: the least personal data the work needs (name,
// birth year, gender, unit, an optional phone). There is no religion field, on purpose: Law
// 91/2025/QH15 makes faith sensitive personal data, and even the religion-based model
// ("Tôn giáo đoàn kết") needs no one's (people_test checks the schema has none).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "movement/units.h"

namespace anninh::movement {

struct Person {
  std::int64_t id = 0;
  std::string name;      // NFC
  int birth_year = 0;    // 0: not given
  std::string gender;    // "nam", "nu", "khac" or ""
  std::string unit_code;
  std::string phone;     // digits, optionally a leading '+'; "" when not given
};

// Steering committee (Trưởng ban, Phó ban, member), model leader and member, member of the
// grassroots security team (tổ bảo vệ an ninh, trật tự ở cơ sở).
inline constexpr std::string_view kPositionKinds[] = {"committee_head", "committee_deputy", "committee_member",
                                                      "model_leader",   "model_member",     "security_team_member"};

struct Position {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string kind;
  std::string unit_code;
  std::int64_t model_id = 0;  // model_leader and model_member only
  std::string start_date;
  std::string end_date;  // exclusive; "" while serving
};

struct PersonQuery {
  std::string unit_code;  // "": every unit in scope
  std::string search;     // matched on SearchKey, diacritics-insensitive
};

class People {
 public:
  People(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Validates and stores; kInvalidArgument naming the field at fault.
  Result<Person> Create(Person p);
  Result<std::optional<Person>> Get(std::int64_t id) const;
  // In Vietnamese name order, within `scope` (on today's unit tree).
  Result<std::vector<Person>> List(const PersonQuery& q, const UnitScope& scope) const;

  // Replaces the record of person `p.id` (same checks as Create); kNotFound when none.
  Result<Person> Update(Person p);

  Result<Position> AddPosition(Position p);
  // Ends a post (exclusive end date, after its start); kNotFound unless it is the person's.
  Result<Position> EndPosition(std::int64_t person_id, std::int64_t position_id, const std::string& end_date);
  Result<std::vector<Position>> Positions(std::int64_t person_id) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

}  // namespace anninh::movement
