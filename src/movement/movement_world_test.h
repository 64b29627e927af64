// For the movement's tests: a real SQLite database in a temporary folder, brought to the
// current schema, with a small unit tree that changes on 01/07/2025 the way Thái Bình's
// communes did (two communes of a district merged into one commune of Hưng Yên). The codes
// other than 33 and 12970 are made up.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "core/clock.h"
#include "movement/evaluations.h"
#include "movement/models.h"
#include "movement/open.h"
#include "movement/people.h"
#include "movement/unit_import.h"
#include "movement/units.h"
#include "support/temp_dir.h"

namespace anninh::movement {

// 2025-06-15 in Vietnam.
inline constexpr WallNs kJune2025 = 1'750'000'000'000'000'000;

inline const char kBefore2025[] =
    "code,name,level,parent,effective,predecessors\n"
    "34,Tỉnh Thái Bình,province,,2004-01-01\n"
    "33,Tỉnh Hưng Yên,province,,2004-01-01\n"
    "345,Huyện Tiền Hải,district,34,2004-01-01\n"
    "90001,Xã An Ninh,commune,345,2004-01-01\n"
    "90002,Xã Tây Ninh,commune,345,2004-01-01\n"
    "90001.01,Thôn Đông,village,90001,2004-01-01\n"
    "90001.02,Thôn Tây,village,90001,2004-01-01\n"
    "90002.01,Thôn Bắc,village,90002,2004-01-01\n";

inline const char kMerge2025[] =
    "code,name,level,parent,effective,predecessors\n"
    "33,Tỉnh Hưng Yên,province,,2025-07-01,34\n"
    "12970,Xã Tiền Hải,commune,33,2025-07-01,90001;90002;345\n";

struct MovementWorld {
  MovementWorld() {
    auto imported = ImportUnits(*db, kBefore2025, false);
    EXPECT_TRUE(imported) << imported.error().ToString();
  }
  void Merge() {
    auto merged = ImportUnits(*db, kMerge2025, false);
    ASSERT_TRUE(merged) << merged.error().ToString();
  }
  // A model made and taken to "active" (launched first), in `unit` on `created_on`.
  Model ActiveModel(const std::string& name, const std::string& unit, const std::string& created_on,
                    const std::string& type = "tu_quan") {
    Model m;
    m.name = name;
    m.type = type;
    m.unit_code = unit;
    m.points = 2;
    m.teams = 3;
    m.created_on = created_on;
    auto made = models.Create("test", m);
    EXPECT_TRUE(made) << made.error().ToString();
    TransitionRequest launch;
    launch.to = ModelStatus::kLaunched;
    launch.on_date = created_on;
    launch.decision_no = "12/QĐ-UBND";
    launch.decision_date = created_on;
    launch.decision_issuer = "UBND xã";
    EXPECT_TRUE(models.Transition("test", made->id, launch));
    TransitionRequest run;
    run.to = ModelStatus::kActive;
    run.on_date = created_on;
    auto active = models.Transition("test", made->id, run);
    EXPECT_TRUE(active) << active.error().ToString();
    return *active;
  }

  testing::TempDir dir;
  SimulatedClock clock{kJune2025};
  std::unique_ptr<store::sqlite::Database> db = OpenDatabase(dir.path() / "index.db").value();
  Units units{*db};
  People people{*db, clock};
  Models models{*db, clock};
  Evaluations evaluations{*db, clock};
};

}  // namespace anninh::movement
