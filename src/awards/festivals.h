// The annual festival (Ngày hội toàn dân bảo vệ an ninh Tổ quốc, 19/8; QĐ 521/2005/QĐ-TTg):
// one per unit and year, with the points where it was held, its programme, participants
// and guests, the models launched at it, the awards handed over (award.festival_id), gifts
// and their value, photos (festival_photos.h); its report; and the compliance view, which
// units under a province or commune held this year's festival and which did not.
//
// Thread-safe: every public call takes the connection's mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "awards/awards.h"
#include "core/clock.h"
#include "core/error.h"
#include "movement/units.h"

namespace anninh::awards {

struct FestivalPoint {
  std::string kind;  // "commune", "village", "agency", "school"
  std::string name;
};

struct Gift {
  std::string recipient;
  std::string description;
  std::int64_t value_vnd = 0;
};

struct Festival {
  std::int64_t id = 0;
  std::string unit_code;
  int year = 0;
  std::string held_on;  // "YYYY-MM-DD", in `year`
  std::string programme;
  int participants = 0;
  std::string guests;
  std::vector<FestivalPoint> points;
  std::vector<Gift> gifts;
  std::vector<std::int64_t> models;  // launched at it
  std::string by;
};

// Figures of one festival or many, summed.
struct FestivalFigures {
  int festivals = 0;
  int points = 0;
  std::map<std::string, int> points_by_kind;
  int participants = 0;
  int models_launched = 0;
  int awards_handed_over = 0;  // counting only (revoked ones drop out)
  std::map<std::string, int> awards_by_form;
  int gifts = 0;
  std::int64_t gifts_value_vnd = 0;
  int photos = 0;
};

struct FestivalReport {
  Festival festival;
  std::string unit_name;
  FestivalFigures figures;
  std::vector<Award> awards;                              // handed over at it, revoked included
  std::vector<std::pair<std::int64_t, std::string>> models;  // id, name
};

struct ComplianceLine {
  movement::UnitVersion unit;
  bool held = false;
  std::vector<std::int64_t> festivals;  // held in the unit or under it
  FestivalFigures figures;
};

struct Compliance {
  int year = 0;
  std::string as_of;
  movement::UnitVersion unit;
  bool held = false;        // by the unit itself
  FestivalFigures figures;  // everything under it
  int children_held = 0;
  std::vector<ComplianceLine> children;  // in Vietnamese order
};

class Festivals {
 public:
  Festivals(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // kInvalidArgument naming the field at fault; kAlreadyExists when the unit has that year's.
  Result<Festival> Create(const std::string& actor, Festival f);
  // Replaces everything but the unit and year.
  Result<Festival> Update(std::int64_t id, Festival f);
  Result<std::optional<Festival>> Get(std::int64_t id) const;
  // Within `scope` (on today's tree); `unit_code` "" for all, `year` 0 for every year.
  Result<std::vector<Festival>> List(const std::string& unit_code, int year, const movement::UnitScope& scope) const;
  Result<FestivalReport> Report(std::int64_t id) const;
  // kNotFound when `code` was not a unit on `as_of`. A child "held" the festival when a
  // festival of `year` was recorded for it or for a unit under it (records keep the unit
  // they were made under and are placed on the tree as it stood on `as_of`).
  Result<Compliance> ComplianceOf(const std::string& code, int year, const std::string& as_of) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

}  // namespace anninh::awards
