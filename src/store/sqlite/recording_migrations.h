// Versioned schema for the recording index. Append new migrations; never edit one that
// has shipped. docs/ref/schema.md describes the tables.
#pragma once

#include <vector>

#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

inline const std::vector<Migration>& RecordingMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE segment (
  id              INTEGER PRIMARY KEY,
  camera_id       TEXT    NOT NULL,
  stream          TEXT    NOT NULL,
  path            TEXT    NOT NULL UNIQUE,  -- relative to the recordings root
  start_ns        INTEGER NOT NULL,
  end_ns          INTEGER NOT NULL CHECK (end_ns >= start_ns),
  frames          INTEGER NOT NULL,
  bytes           INTEGER NOT NULL,
  sha256          TEXT    NOT NULL,
  codec           TEXT    NOT NULL,
  discontinuities INTEGER NOT NULL DEFAULT 0,
  recovered       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX segment_by_time ON segment (camera_id, stream, start_ns);

CREATE TABLE gap (
  id        INTEGER PRIMARY KEY,
  camera_id TEXT    NOT NULL,
  stream    TEXT    NOT NULL,
  start_ns  INTEGER NOT NULL,
  end_ns    INTEGER NOT NULL CHECK (end_ns >= start_ns),
  reason    TEXT    NOT NULL
);
CREATE INDEX gap_by_time ON gap (camera_id, stream, start_ns);
)sql"},
      // v2 (issue 3): retention and evidence holds. `deleting` marks a row whose file
      // retention is removing (the ordered delete: mark, unlink, fsync dir, delete row), so
      // start-up can finish a deletion a crash interrupted. `retention_class` lets "event"
      // footage be kept longer than continuous footage once events exist.
      {2, R"sql(
ALTER TABLE segment ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE segment ADD COLUMN retention_class TEXT NOT NULL DEFAULT 'continuous';
-- Retention walks each camera's segments oldest first, across its streams.
CREATE INDEX segment_by_camera_start ON segment (camera_id, start_ns);
-- Few rows are ever marked; start-up and each retention round look for them.
CREATE INDEX segment_deleting ON segment (id) WHERE deleting = 1;

CREATE TABLE hold (
  id            INTEGER PRIMARY KEY,
  camera_id     TEXT    NOT NULL,
  start_ns      INTEGER NOT NULL,
  end_ns        INTEGER NOT NULL CHECK (end_ns > start_ns),
  reason        TEXT    NOT NULL,
  created_by    TEXT    NOT NULL,
  created_at_ns INTEGER NOT NULL
);
CREATE INDEX hold_by_camera ON hold (camera_id, start_ns);
)sql"},
  };
  return kMigrations;
}

}  // namespace anninh::store::sqlite
