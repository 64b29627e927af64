// For the reports' tests: the movement's records (the 01/07/2025 merge world of
// movement_world_test.h) opened through a Registry, as the server opens them, and the real
// recording index, event log and audit log on the same SQLite file.
#pragma once

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <memory>

#include "access/audit_log.h"
#include "core/clock.h"
#include "movement/dates.h"
#include "movement/movement_world_test.h"
#include "movement/registry.h"
#include "store/sqlite/sqlite_audit_store.h"
#include "store/sqlite/sqlite_event_store.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/temp_dir.h"

namespace anninh::reports {

// 2025-10-15 10:00 in Vietnam: the third quarter of 2025 has ended.
inline const WallNs kOctober2025 = movement::VietnamMidnight("2025-10-15") + 10 * 3600 * kNsPerSecond;
inline constexpr WallNs kDay = 86400 * kNsPerSecond;

struct ReportsWorld {
  explicit ReportsWorld(WallNs start = kOctober2025) : clock(start) {
    EXPECT_TRUE(registry->ImportUnits(movement::kBefore2025, false));
    EXPECT_TRUE(registry->ImportUnits(movement::kMerge2025, false));
  }

  movement::Model ActiveModel(const std::string& name, const std::string& unit, const std::string& created_on,
                              const std::string& type) {
    movement::Model m;
    m.name = name;
    m.type = type;
    m.unit_code = unit;
    m.points = 2;
    m.teams = 3;
    m.created_on = created_on;
    auto made = registry->models().Create("test", m);
    EXPECT_TRUE(made) << made.error().ToString();
    for (auto to : {movement::ModelStatus::kLaunched, movement::ModelStatus::kActive}) {
      movement::TransitionRequest t;
      t.to = to;
      t.on_date = created_on;
      t.decision_no = "12/QĐ-UBND";
      t.decision_date = created_on;
      t.decision_issuer = "UBND xã";
      auto moved = registry->models().Transition("test", made->id, t);
      EXPECT_TRUE(moved) << moved.error().ToString();
    }
    return *registry->models().Get(made->id).value();
  }

  // Indexes one recorded segment of the camera covering [start, end).
  void Recorded(const std::string& camera, const std::string& stream, WallNs start, WallNs end) {
    std::vector<store::SegmentRow> rows(1);
    rows[0].camera_id = camera;
    rows[0].stream = stream;
    rows[0].path = fmt::format("{}/{}/{}.mp4", camera, stream, start);
    rows[0].start = start;
    rows[0].end = end;
    rows[0].frames = 1;
    rows[0].bytes = 1;
    rows[0].codec = "h264";
    ASSERT_TRUE(index->Commit(rows, {}));
  }

  testing::TempDir dir;
  SimulatedClock clock;
  std::unique_ptr<movement::Registry> registry =
      movement::Registry::Open(dir.path() / "index.db", dir.path() / "attachments", clock).value();
  std::unique_ptr<store::sqlite::SqliteRecordingIndex> index =
      store::sqlite::SqliteRecordingIndex::Open(dir.path() / "index.db").value();
  std::unique_ptr<store::sqlite::SqliteEventStore> events =
      store::sqlite::SqliteEventStore::Open(dir.path() / "index.db").value();
  std::unique_ptr<store::sqlite::SqliteAuditStore> audit_store =
      store::sqlite::SqliteAuditStore::Open(dir.path() / "index.db").value();
  std::unique_ptr<access::AuditLog> audit =
      access::AuditLog::Open(*audit_store, dir.path() / "audit.head", clock).value();
};

}  // namespace anninh::reports
