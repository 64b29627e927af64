// The versioned schema of the one SQLite database (recordings, access, audit). Every
// SQLite store runs Migrate() with this list on open, so whichever opens first brings the
// file up to date. Append new migrations; never edit one that has shipped. docs/ref/schema.md describes the tables.
#pragma once

#include <vector>

#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

inline const std::vector<Migration>& Migrations() {
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
      // v3 (issue 5): people and rights. Secrets are never stored: sessions and API tokens
      // by their SHA-256, passwords as argon2id strings. Roles are rows so sites can adjust
      // them; the four defaults are seeded here. `scope` 'all' sees every camera, 'assigned'
      // only the cameras of the user's areas (villages / tổ dân phố).
      {3, R"sql(
CREATE TABLE role (
  name   TEXT PRIMARY KEY,
  rights TEXT NOT NULL,              -- space-separated right names (access/rights.h)
  scope  TEXT NOT NULL CHECK (scope IN ('all', 'assigned'))
);
INSERT INTO role (name, rights, scope) VALUES
  ('admin',   'camera.view live.view snapshot playback export hold.manage audit.read user.manage camera.manage system.read', 'all'),
  ('officer', 'camera.view live.view snapshot playback export hold.manage', 'all'),
  ('viewer',  'camera.view live.view snapshot', 'assigned'),
  ('auditor', 'audit.read', 'all');

CREATE TABLE account (
  id              INTEGER PRIMARY KEY,
  username        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  display_name    TEXT    NOT NULL DEFAULT '',
  password_hash   TEXT    NOT NULL,
  role            TEXT    NOT NULL REFERENCES role (name),
  areas           TEXT    NOT NULL DEFAULT '',  -- space-separated area ids (config [[cameras]] area)
  grants          TEXT    NOT NULL DEFAULT '',  -- rights added to the role's, e.g. 'playback'
  totp_secret     TEXT    NOT NULL DEFAULT '',  -- base32; empty = no second factor
  disabled        INTEGER NOT NULL DEFAULT 0,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until_ns INTEGER NOT NULL DEFAULT 0,
  created_at_ns   INTEGER NOT NULL
);

CREATE TABLE session (
  id            INTEGER PRIMARY KEY,
  token_sha256  TEXT    NOT NULL UNIQUE,
  user_id       INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  csrf          TEXT    NOT NULL,
  created_at_ns INTEGER NOT NULL,
  last_seen_ns  INTEGER NOT NULL,
  expires_at_ns INTEGER NOT NULL,
  remote        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE api_token (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  name          TEXT    NOT NULL,
  token_sha256  TEXT    NOT NULL UNIQUE,
  created_at_ns INTEGER NOT NULL,
  expires_at_ns INTEGER NOT NULL DEFAULT 0,  -- 0: never
  revoked_at_ns INTEGER NOT NULL DEFAULT 0,  -- 0: not revoked
  last_used_ns  INTEGER NOT NULL DEFAULT 0
);
)sql"},
      // v4 (issue 5): the audit log. Append-only by construction (no code updates or
      // deletes it) and by proof: each row carries the SHA-256 of the previous row's hash
      // and its own content, so `anninh audit verify` finds an edit or a removed row.
      {4, R"sql(
CREATE TABLE audit (
  seq         INTEGER PRIMARY KEY,   -- 1, 2, 3 ... without holes
  at_ns       INTEGER NOT NULL,
  actor       TEXT    NOT NULL,      -- username, 'token:<id>', or 'system'
  action      TEXT    NOT NULL,      -- 'login', 'login.failed', 'live.start', 'video', ...
  camera_id   TEXT    NOT NULL DEFAULT '',
  from_ns     INTEGER NOT NULL DEFAULT 0,
  to_ns       INTEGER NOT NULL DEFAULT 0,
  detail      TEXT    NOT NULL DEFAULT '',
  remote      TEXT    NOT NULL DEFAULT '',
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL
);
CREATE INDEX audit_by_time ON audit (at_ns);
)sql"},
      // v5 (issue 5): cases (vụ việc). A hold may belong to a case; a case is the set of
      // holds and exports that name it.
      {5, R"sql(
ALTER TABLE hold ADD COLUMN case_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX hold_by_case ON hold (case_ref) WHERE case_ref != '';
)sql"},
      // v6 (issue 5): spans, the timeline's rows. A span is a maximal run of one stream's
      // segments (not marked deleting) where each starts at most 2 s (store::kSpanTolerance)
      // after the furthest end before it. The index rebuilds the spans a change touches in
      // the same transaction, so they are always exact; this backfills them once. `brk` is 1
      // where a segment starts a new span; its running sum numbers the spans.
      {6, R"sql(
CREATE TABLE span (
  camera_id TEXT    NOT NULL,
  stream    TEXT    NOT NULL,
  start_ns  INTEGER NOT NULL,
  end_ns    INTEGER NOT NULL CHECK (end_ns >= start_ns)
);
CREATE INDEX span_by_time ON span (camera_id, stream, start_ns);

INSERT INTO span (camera_id, stream, start_ns, end_ns)
SELECT camera_id, stream, MIN(start_ns), MAX(end_ns)
FROM (
  SELECT camera_id, stream, start_ns, end_ns,
         SUM(brk) OVER (PARTITION BY camera_id, stream ORDER BY start_ns, id
                        ROWS UNBOUNDED PRECEDING) AS grp
  FROM (
    SELECT id, camera_id, stream, start_ns, end_ns,
           CASE WHEN start_ns > 2000000000 + MAX(end_ns) OVER (
                  PARTITION BY camera_id, stream ORDER BY start_ns, id
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                THEN 1 ELSE 0 END AS brk
    FROM segment WHERE deleting = 0
  )
)
GROUP BY camera_id, stream, grp;
)sql"},
      // v7 (issue 4): the event log (docs/design/0009-events.md). An event's clip range
      // (start - pre-roll .. end + post-roll) links it to the recordings; while it is open
      // clip_end_ns holds INT64_MAX, so "segments this event covers" is one range test
      // whether it is open or closed, and the index on (camera_id, clip_end_ns) finds the
      // few events a newly committed segment may overlap. Reviewing needs a new right.
      {7, R"sql(
CREATE TABLE event (
  id              INTEGER PRIMARY KEY,
  camera_id       TEXT    NOT NULL,
  rule            TEXT    NOT NULL,
  zone            TEXT    NOT NULL DEFAULT '',
  object_class    TEXT    NOT NULL DEFAULT '',
  direction       TEXT    NOT NULL DEFAULT '',
  track_id        INTEGER NOT NULL DEFAULT 0,
  start_ns        INTEGER NOT NULL,
  end_ns          INTEGER NOT NULL DEFAULT 0,  -- 0 while open
  last_ns         INTEGER NOT NULL,            -- newest observation
  peak_confidence REAL    NOT NULL DEFAULT 0,
  box_x           REAL    NOT NULL DEFAULT 0,
  box_y           REAL    NOT NULL DEFAULT 0,
  box_w           REAL    NOT NULL DEFAULT 0,
  box_h           REAL    NOT NULL DEFAULT 0,
  clip_start_ns   INTEGER NOT NULL,
  clip_end_ns     INTEGER NOT NULL,            -- INT64_MAX while open
  snapshot        TEXT    NOT NULL DEFAULT '', -- relative to <data>/events
  thumbnail       TEXT    NOT NULL DEFAULT '',
  closed_by       TEXT    NOT NULL DEFAULT '',
  reviewed        INTEGER NOT NULL DEFAULT 0,
  reviewed_by     TEXT    NOT NULL DEFAULT '',
  reviewed_at_ns  INTEGER NOT NULL DEFAULT 0,
  CHECK (end_ns = 0 OR end_ns >= start_ns)
);
-- Newest first, over every camera or one.
CREATE INDEX event_by_start ON event (start_ns, id);
CREATE INDEX event_by_camera_start ON event (camera_id, start_ns, id);
-- Which events a segment overlaps (segment commit), and pruning by age.
CREATE INDEX event_by_camera_clip ON event (camera_id, clip_end_ns);
CREATE INDEX event_by_camera_end ON event (camera_id, end_ns) WHERE end_ns != 0;
CREATE INDEX event_open ON event (id) WHERE end_ns = 0;

UPDATE role SET rights = rights || ' events.review' WHERE name IN ('admin', 'officer');
)sql"},
      // v8 (issue 7): movement records (docs/design/0011-movement-records.md). Units are
      // versioned: a code names one unit forever (QĐ 19/2025 never reuses codes); a rename or
      // a new parent is a new `unit_version` row, a merge or split ends the old codes and
      // links them to their successors. Dates are ISO 'YYYY-MM-DD' text so they compare as
      // text; `valid_to` is exclusive and '' while the version is current. People carry the
      // least data the work needs: no religion or other sensitive field (Law 91/2025).
      // Movement rights and three scoped roles are added to the role table.
      {8, R"sql(
CREATE TABLE unit_version (
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,                 -- NFC
  level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
  parent_code TEXT NOT NULL DEFAULT '',
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (code, valid_from)
);
CREATE INDEX unit_version_by_parent ON unit_version (parent_code);

CREATE TABLE unit_link (
  from_code TEXT NOT NULL,                   -- the predecessor
  to_code   TEXT NOT NULL,                   -- the successor
  kind      TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'succession')),
  effective TEXT NOT NULL,
  PRIMARY KEY (from_code, to_code)
);
CREATE INDEX unit_link_by_to ON unit_link (to_code);

CREATE TABLE person (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,            -- NFC
  birth_year    INTEGER NOT NULL DEFAULT 0,  -- 0: not given
  gender        TEXT    NOT NULL DEFAULT '' CHECK (gender IN ('', 'nam', 'nu', 'khac')),
  unit_code     TEXT    NOT NULL,
  phone         TEXT    NOT NULL DEFAULT '',
  created_at_ns INTEGER NOT NULL
);
CREATE INDEX person_by_unit ON person (unit_code);

CREATE TABLE model_type (
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  builtin INTEGER NOT NULL DEFAULT 0
);
INSERT INTO model_type (code, name, builtin) VALUES
  ('tu_quan', 'Tự quản', 1),
  ('tu_phong', 'Tự phòng', 1),
  ('tu_bao_ve', 'Tự bảo vệ', 1),
  ('tu_hoa_giai', 'Tự hòa giải', 1),
  ('camera', 'Camera giám sát an ninh, trật tự', 1),
  ('ton_giao', 'Tôn giáo đoàn kết bảo đảm an ninh, trật tự', 1),
  ('cau_lac_bo', 'Câu lạc bộ', 1),
  ('khac', 'Khác', 1);

CREATE TABLE model (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL,
  type            TEXT    NOT NULL REFERENCES model_type (code),
  unit_code       TEXT    NOT NULL,          -- the unit it was made under; never rewritten
  status          TEXT    NOT NULL DEFAULT 'proposed',
  points          INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),   -- "điểm"
  teams           INTEGER NOT NULL DEFAULT 0 CHECK (teams >= 0),    -- "tổ"
  goals           TEXT    NOT NULL DEFAULT '',
  decision_no     TEXT    NOT NULL DEFAULT '',  -- the launch decision
  decision_date   TEXT    NOT NULL DEFAULT '',
  decision_issuer TEXT    NOT NULL DEFAULT '',
  created_on      TEXT    NOT NULL,          -- the date it counts from in reports
  created_by      TEXT    NOT NULL,
  created_at_ns   INTEGER NOT NULL
);
CREATE INDEX model_by_unit ON model (unit_code);

-- Every status change, first one included ('' -> 'proposed'); the status as of a date is the
-- newest row on or before it.
CREATE TABLE model_status (
  id          INTEGER PRIMARY KEY,
  model_id    INTEGER NOT NULL REFERENCES model (id),
  from_status TEXT    NOT NULL,
  to_status   TEXT    NOT NULL,
  on_date     TEXT    NOT NULL,
  reason      TEXT    NOT NULL DEFAULT '',
  decision_no TEXT    NOT NULL DEFAULT '',
  by_actor    TEXT    NOT NULL,
  at_ns       INTEGER NOT NULL
);
CREATE INDEX model_status_by_model ON model_status (model_id, on_date);

-- replicated -> the models it spawned elsewhere.
CREATE TABLE model_spawn (
  model_id   INTEGER NOT NULL REFERENCES model (id),
  spawned_id INTEGER NOT NULL REFERENCES model (id),
  PRIMARY KEY (model_id, spawned_id)
);

CREATE TABLE model_activity (
  id       INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES model (id),
  on_date  TEXT    NOT NULL,
  text     TEXT    NOT NULL,
  by_actor TEXT    NOT NULL,
  at_ns    INTEGER NOT NULL
);
CREATE INDEX model_activity_by_model ON model_activity (model_id, on_date);

-- Steering committee, model and security-team posts, with the dates served.
CREATE TABLE position (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES person (id),
  kind       TEXT    NOT NULL CHECK (kind IN ('committee_head', 'committee_deputy', 'committee_member',
                                              'model_leader', 'model_member', 'security_team_member')),
  unit_code  TEXT    NOT NULL,
  model_id   INTEGER REFERENCES model (id),  -- set for model_leader and model_member
  start_date TEXT    NOT NULL,
  end_date   TEXT    NOT NULL DEFAULT ''     -- exclusive; '' while serving
);
CREATE INDEX position_by_person ON position (person_id);
CREATE INDEX position_by_model ON position (model_id);

-- Decisions, minutes, photos: the file lives under <data>/movement/attachments/<model>/<sha256>
-- (content-addressed, so the stored name never becomes a path); `name` is only shown.
CREATE TABLE model_attachment (
  id         INTEGER PRIMARY KEY,
  model_id   INTEGER NOT NULL REFERENCES model (id),
  name       TEXT    NOT NULL,
  sha256     TEXT    NOT NULL,
  bytes      INTEGER NOT NULL,
  by_actor   TEXT    NOT NULL,
  at_ns      INTEGER NOT NULL
);
CREATE INDEX model_attachment_by_model ON model_attachment (model_id);

CREATE TABLE criteria_set (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  criteria    TEXT    NOT NULL,              -- JSON [{"key","name","weight"}]
  good_min    INTEGER NOT NULL,              -- score >= good_min: tốt
  fair_min    INTEGER NOT NULL,              -- khá
  average_min INTEGER NOT NULL               -- trung bình; below: yếu
);
INSERT INTO criteria_set (name, criteria, good_min, fair_min, average_min) VALUES
  ('Mặc định', '[{"key":"to_chuc","name":"Tổ chức, duy trì hoạt động","weight":30},{"key":"hieu_qua","name":"Hiệu quả bảo đảm an ninh, trật tự","weight":50},{"key":"nhan_dan","name":"Sự tham gia của Nhân dân","weight":20}]', 80, 65, 50);

CREATE TABLE evaluation (
  id              INTEGER PRIMARY KEY,
  model_id        INTEGER NOT NULL REFERENCES model (id),
  period          TEXT    NOT NULL,          -- '2025-Q3', '2025-H1' (sơ kết), '2025-Y' (tổng kết)
  criteria_set_id INTEGER NOT NULL REFERENCES criteria_set (id),
  scores          TEXT    NOT NULL,          -- JSON {"key": 0..100}
  score_x10       INTEGER NOT NULL,          -- the weighted score, tenths
  class           TEXT    NOT NULL CHECK (class IN ('tot', 'kha', 'trung_binh', 'yeu')),
  comments        TEXT    NOT NULL DEFAULT '',
  evidence        TEXT    NOT NULL DEFAULT '',
  by_actor        TEXT    NOT NULL,
  at_ns           INTEGER NOT NULL,
  UNIQUE (model_id, period)
);

UPDATE role SET rights = rights || ' movement.read movement.edit unit.manage' WHERE name = 'admin';
UPDATE role SET rights = rights || ' movement.read movement.edit' WHERE name = 'officer';
INSERT INTO role (name, rights, scope) VALUES
  ('province', 'movement.read', 'assigned'),
  ('committee', 'movement.read movement.edit', 'assigned'),
  ('village_head', 'movement.read movement.edit', 'assigned');
)sql"},
      // Commendations and the annual festival (docs/design/0014-awards-and-festival.md).
      {9, R"sql(
-- The award forms (extendable): Bằng khen, Giấy khen, the Kỷ niệm chương. `medal` marks the
-- forms whose eligibility the medal rules decide; `recipients` who may receive it.
CREATE TABLE award_form (
  code       TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  issuer     TEXT    NOT NULL,             -- the usual issuing body
  recipients TEXT    NOT NULL CHECK (recipients IN ('person', 'collective', 'both')),
  medal      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO award_form (code, name, issuer, recipients, medal) VALUES
  ('bk_bo_truong_bca', 'Bằng khen của Bộ trưởng Bộ Công an', 'Bộ Công an', 'both', 0),
  ('bk_chu_tich_ubnd_tinh', 'Bằng khen của Chủ tịch UBND tỉnh', 'UBND tỉnh', 'both', 0),
  ('gk_giam_doc_ca_tinh', 'Giấy khen của Giám đốc Công an tỉnh', 'Công an tỉnh', 'both', 0),
  ('gk_chu_tich_ubnd_xa', 'Giấy khen của Chủ tịch UBND xã', 'UBND xã', 'both', 0),
  ('knc_bv_antq', 'Kỷ niệm chương "Bảo vệ an ninh Tổ quốc"', 'Bộ Công an', 'person', 1);

-- The medal's eligibility rules, one row per circular, chosen by the proposal date
-- (effective_to exclusive, '' while in force): the next circular is a new row.
CREATE TABLE medal_rule (
  circular           TEXT    PRIMARY KEY,
  effective_from     TEXT    NOT NULL,
  effective_to       TEXT    NOT NULL DEFAULT '',
  leader_years       INTEGER NOT NULL,
  team_years_men     INTEGER NOT NULL,
  team_years_women   INTEGER NOT NULL,
  hardship_factor    INTEGER NOT NULL,     -- years in hardship areas count this many times
  leader_tracks      TEXT    NOT NULL,     -- service tracks counted for leaders (space-separated)
  team_tracks        TEXT    NOT NULL,     -- counted for security-team members
  leader_prior_award INTEGER NOT NULL,     -- leaders must have been commended at least once
  deferring_holds    TEXT    NOT NULL      -- open holds of these kinds defer the medal
);
INSERT INTO medal_rule VALUES
  ('11/2021/TT-BCA', '2021-03-15', '2025-04-28', 5, 15, 10, 2, 'leader', 'security_team dan_phong commune_police', 1,
   'discipline complaint'),
  ('20/2025/TT-BCA', '2025-04-28', '', 10, 15, 10, 2, 'leader', 'security_team dan_phong commune_police', 1,
   'discipline complaint inspection corruption_report');

-- Service that counts toward the medal beyond the register's posts: earlier dân phòng or
-- commune-police service, posts held before the register existed, and hardship areas.
CREATE TABLE service_record (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES person (id),
  track      TEXT    NOT NULL CHECK (track IN ('leader', 'security_team', 'dan_phong', 'commune_police')),
  post       TEXT    NOT NULL DEFAULT '',
  start_date TEXT    NOT NULL,
  end_date   TEXT    NOT NULL DEFAULT '',  -- exclusive; '' while serving
  hardship   INTEGER NOT NULL DEFAULT 0,   -- especially difficult, border or island area
  by_actor   TEXT    NOT NULL,
  at_ns      INTEGER NOT NULL
);
CREATE INDEX service_record_by_person ON service_record (person_id);

-- Discipline, complaints, inspections: while one is open the medal is deferred.
CREATE TABLE person_hold (
  id        INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id),
  kind      TEXT    NOT NULL CHECK (kind IN ('discipline', 'complaint', 'inspection', 'corruption_report')),
  opened_on TEXT    NOT NULL,
  closed_on TEXT    NOT NULL DEFAULT '',   -- '' while open
  note      TEXT    NOT NULL DEFAULT '',
  by_actor  TEXT    NOT NULL,
  at_ns     INTEGER NOT NULL
);
CREATE INDEX person_hold_by_person ON person_hold (person_id);

-- The annual festival (Ngày hội toàn dân bảo vệ ANTQ), one per unit and year.
CREATE TABLE festival (
  id              INTEGER PRIMARY KEY,
  unit_code       TEXT    NOT NULL,
  year            INTEGER NOT NULL,
  held_on         TEXT    NOT NULL,
  programme       TEXT    NOT NULL DEFAULT '',
  participants    INTEGER NOT NULL DEFAULT 0,
  guests          TEXT    NOT NULL DEFAULT '',
  by_actor        TEXT    NOT NULL,
  at_ns           INTEGER NOT NULL,
  UNIQUE (unit_code, year)
);

-- Where it was held: the commune's own point, villages, agencies, schools.
CREATE TABLE festival_point (
  id          INTEGER PRIMARY KEY,
  festival_id INTEGER NOT NULL REFERENCES festival (id),
  kind        TEXT    NOT NULL CHECK (kind IN ('commune', 'village', 'agency', 'school')),
  name        TEXT    NOT NULL
);
CREATE INDEX festival_point_by_festival ON festival_point (festival_id);

CREATE TABLE festival_model (
  festival_id INTEGER NOT NULL REFERENCES festival (id),
  model_id    INTEGER NOT NULL REFERENCES model (id),
  PRIMARY KEY (festival_id, model_id)
);

CREATE TABLE festival_gift (
  id          INTEGER PRIMARY KEY,
  festival_id INTEGER NOT NULL REFERENCES festival (id),
  recipient   TEXT    NOT NULL,
  description TEXT    NOT NULL,
  value_vnd   INTEGER NOT NULL CHECK (value_vnd >= 0)
);
CREATE INDEX festival_gift_by_festival ON festival_gift (festival_id);

-- Photos: <data>/festival/photos/<festival id>/<sha256> and <sha256>.thumb.jpg.
CREATE TABLE festival_photo (
  id          INTEGER PRIMARY KEY,
  festival_id INTEGER NOT NULL REFERENCES festival (id),
  name        TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  mime        TEXT    NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  bytes       INTEGER NOT NULL,
  by_actor    TEXT    NOT NULL,
  at_ns       INTEGER NOT NULL
);
CREATE INDEX festival_photo_by_festival ON festival_photo (festival_id);

-- An award from proposal to decision, hand-over and perhaps revocation. The recipient is a
-- person, or a collective: a unit, a model, or a team named within a unit.
CREATE TABLE award (
  id              INTEGER PRIMARY KEY,
  form_code       TEXT    NOT NULL REFERENCES award_form (code),
  recipient_kind  TEXT    NOT NULL CHECK (recipient_kind IN ('person', 'unit', 'model', 'team')),
  person_id       INTEGER REFERENCES person (id),
  model_id        INTEGER REFERENCES model (id),
  recipient_unit  TEXT    NOT NULL DEFAULT '',  -- 'unit' and 'team' recipients
  team_name       TEXT    NOT NULL DEFAULT '',
  proposing_unit  TEXT    NOT NULL,             -- scope: who may see and change it
  achievement     TEXT    NOT NULL,
  period          TEXT    NOT NULL,             -- the achievement's period, as written
  proposed_on     TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('proposed', 'reviewed', 'rejected', 'decided',
                                                     'handed_over', 'revoked')),
  eligibility     TEXT    NOT NULL DEFAULT '',  -- JSON: the medal check made at proposal
  decision_no     TEXT    NOT NULL DEFAULT '',
  decision_date   TEXT    NOT NULL DEFAULT '',
  signer          TEXT    NOT NULL DEFAULT '',
  issuing_body    TEXT    NOT NULL DEFAULT '',
  handed_on       TEXT    NOT NULL DEFAULT '',
  festival_id     INTEGER REFERENCES festival (id),
  revoked_on      TEXT    NOT NULL DEFAULT '',
  revoke_reason   TEXT    NOT NULL DEFAULT '',
  revoke_decision TEXT    NOT NULL DEFAULT '',
  by_actor        TEXT    NOT NULL,
  at_ns           INTEGER NOT NULL
);
CREATE INDEX award_by_person ON award (person_id);
CREATE INDEX award_by_model ON award (model_id);
CREATE INDEX award_by_festival ON award (festival_id);

-- Every step of an award, in order: the history a person's record shows.
CREATE TABLE award_step (
  id       INTEGER PRIMARY KEY,
  award_id INTEGER NOT NULL REFERENCES award (id),
  status   TEXT    NOT NULL,
  on_date  TEXT    NOT NULL,
  note     TEXT    NOT NULL DEFAULT '',
  by_actor TEXT    NOT NULL,
  at_ns    INTEGER NOT NULL
);
CREATE INDEX award_step_by_award ON award_step (award_id);
)sql"},
      // v10 (issue 7): the cameras a "camera giám sát ANTT" model watches with, so its
      // evaluations and the reports can be fed by the camera system (docs/design/0013-reports.md).
      // Camera ids are the config's: a camera removed from the config stays linked, and is
      // shown as not configured, rather than silently dropping out of the model's figures.
      {10, R"sql(
CREATE TABLE model_camera (
  model_id  INTEGER NOT NULL REFERENCES model (id),
  camera_id TEXT    NOT NULL,
  PRIMARY KEY (model_id, camera_id)
);
)sql"},
      // v11 (issue 6): cameras added through the API (docs/design/0016-camera-admin.md); those of the config
      // file are not stored. The document is the JSON form of a [[cameras]] entry.
      {11, R"sql(
CREATE TABLE camera (
  id          TEXT    PRIMARY KEY,
  document    TEXT    NOT NULL,   -- JSON, credentials included (never answered as is)
  created_ns  INTEGER NOT NULL,
  updated_ns  INTEGER NOT NULL
);
)sql"},
      // v12 (issue 6): maintenance notes per camera (health screen, docs/design/0012-web-console.md).
      {12, R"sql(
CREATE TABLE camera_note (
  id        INTEGER PRIMARY KEY,
  camera_id TEXT    NOT NULL,
  at_ns     INTEGER NOT NULL,   -- when it was written
  author    TEXT    NOT NULL,   -- the signed-in actor
  text      TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 2000)
);
CREATE INDEX camera_note_by_camera ON camera_note (camera_id, id);
)sql"},
      // v13 (issue 8): news, website links and the search index
      // (docs/design/0015-news-and-search.md). An article's every save and state change is a
      // news_revision row (the history). Images are content-addressed files under
      // <data>/news/images/<sha256>. The search index keeps the original text of each
      // document (search_doc, for highlighting) and its folded form in an FTS5 table with the
      // same rowid; folding needs ICU, which SQL cannot call, so triggers on every source
      // table only queue (kind, key) in search_dirty and the search module re-indexes the
      // queue before it answers. Any writer (server, CLI, a future route) keeps the index
      // current without knowing it exists.
      {13, R"sql(
CREATE TABLE news_article (
  id              INTEGER PRIMARY KEY,
  title           TEXT    NOT NULL,            -- NFC
  summary         TEXT    NOT NULL DEFAULT '',
  body            TEXT    NOT NULL DEFAULT '', -- Markdown; rendered in cmark's safe mode
  category        TEXT    NOT NULL DEFAULT '',
  unit_code       TEXT    NOT NULL DEFAULT '',
  byline          TEXT    NOT NULL DEFAULT '', -- the only author text published
  state           TEXT    NOT NULL DEFAULT 'draft'
                          CHECK (state IN ('draft', 'review', 'published', 'unpublished')),
  created_by      TEXT    NOT NULL,
  created_at_ns   INTEGER NOT NULL,
  updated_by      TEXT    NOT NULL,
  updated_at_ns   INTEGER NOT NULL,
  published_at_ns INTEGER NOT NULL DEFAULT 0   -- first publication; 0 until then
);
CREATE INDEX news_article_by_state ON news_article (state, published_at_ns);

CREATE TABLE news_revision (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES news_article (id),
  from_state  TEXT    NOT NULL,
  to_state    TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  summary     TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  category    TEXT    NOT NULL,
  note        TEXT    NOT NULL DEFAULT '',
  by_actor    TEXT    NOT NULL,
  at_ns       INTEGER NOT NULL
);
CREATE INDEX news_revision_by_article ON news_revision (article_id, id);

CREATE TABLE news_image (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL REFERENCES news_article (id),
  name         TEXT    NOT NULL,
  sha256       TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  bytes        INTEGER NOT NULL,
  by_actor     TEXT    NOT NULL,
  at_ns        INTEGER NOT NULL,
  UNIQUE (article_id, sha256)
);
CREATE INDEX news_image_by_sha ON news_image (sha256);

CREATE TABLE web_link (
  id            INTEGER PRIMARY KEY,
  title         TEXT    NOT NULL,
  url           TEXT    NOT NULL,              -- http(s) only
  position      INTEGER NOT NULL DEFAULT 0,
  by_actor      TEXT    NOT NULL,
  at_ns         INTEGER NOT NULL
);

CREATE TABLE search_doc (
  id         INTEGER PRIMARY KEY,             -- = search_fts.rowid
  kind       TEXT    NOT NULL CHECK (kind IN ('news', 'unit', 'model', 'person')),
  key        TEXT    NOT NULL,
  title      TEXT    NOT NULL,                -- original (NFC) text, for highlighting
  body       TEXT    NOT NULL,
  unit_code  TEXT    NOT NULL DEFAULT '',     -- for scoping signed-in results
  public     INTEGER NOT NULL,                -- 1: anonymous callers may find it
  UNIQUE (kind, key)
);
CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0',
                                            prefix = '2 3');
CREATE TABLE search_dirty (
  kind TEXT NOT NULL,
  key  TEXT NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE TRIGGER news_article_dirty_i AFTER INSERT ON news_article
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('news', NEW.id); END;
CREATE TRIGGER news_article_dirty_u AFTER UPDATE ON news_article
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('news', NEW.id); END;
CREATE TRIGGER news_article_dirty_d AFTER DELETE ON news_article
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('news', OLD.id); END;
CREATE TRIGGER unit_version_dirty_i AFTER INSERT ON unit_version
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('unit', NEW.code); END;
CREATE TRIGGER unit_version_dirty_u AFTER UPDATE ON unit_version
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('unit', NEW.code); END;
CREATE TRIGGER unit_version_dirty_d AFTER DELETE ON unit_version
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('unit', OLD.code); END;
CREATE TRIGGER model_dirty_i AFTER INSERT ON model
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('model', NEW.id); END;
CREATE TRIGGER model_dirty_u AFTER UPDATE ON model
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('model', NEW.id); END;
CREATE TRIGGER model_dirty_d AFTER DELETE ON model
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('model', OLD.id); END;
CREATE TRIGGER person_dirty_i AFTER INSERT ON person
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('person', NEW.id); END;
CREATE TRIGGER person_dirty_u AFTER UPDATE ON person
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('person', NEW.id); END;
CREATE TRIGGER person_dirty_d AFTER DELETE ON person
  BEGIN INSERT OR IGNORE INTO search_dirty VALUES ('person', OLD.id); END;

-- What existed before this version is indexed on the first search.
INSERT OR IGNORE INTO search_dirty SELECT 'unit', code FROM unit_version;
INSERT OR IGNORE INTO search_dirty SELECT 'model', id FROM model;
INSERT OR IGNORE INTO search_dirty SELECT 'person', id FROM person;

UPDATE role SET rights = rights || ' news.read news.edit news.publish' WHERE name IN ('admin', 'officer');
UPDATE role SET rights = rights || ' news.read news.edit' WHERE name IN ('committee', 'village_head');
UPDATE role SET rights = rights || ' news.read' WHERE name = 'province';
)sql"},
      // v14 (issue 7): mediation cases of the "tự hòa giải" models, and dated camera links
      // (docs/design/0011-movement-records.md, "Mediation"; 0013-reports.md). A case keeps no
      // party's name: only the dates, a short neutral subject and the outcome the reports count.
      // model_camera becomes model_camera_link with linked_from/linked_to, so a report or a
      // pre-fill for a past period uses the cameras linked then; the links of v10 had no date
      // and are taken to have held since their model was created.
      {14, R"sql(
CREATE TABLE mediation_case (
  id            INTEGER PRIMARY KEY,
  model_id      INTEGER NOT NULL REFERENCES model (id),
  received_on   TEXT    NOT NULL,
  subject       TEXT    NOT NULL,             -- short and neutral; never the parties' names
  outcome       TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (outcome IN ('pending', 'reconciled', 'not_reconciled', 'withdrawn', 'transferred')),
  closed_on     TEXT    NOT NULL DEFAULT '',  -- '' while pending
  created_by    TEXT    NOT NULL,
  created_at_ns INTEGER NOT NULL,
  updated_by    TEXT    NOT NULL,
  updated_at_ns INTEGER NOT NULL,
  CHECK ((outcome = 'pending') = (closed_on = '')),
  CHECK (closed_on = '' OR closed_on >= received_on)
);
CREATE INDEX mediation_case_by_model ON mediation_case (model_id, closed_on);

CREATE TABLE model_camera_link (
  id          INTEGER PRIMARY KEY,
  model_id    INTEGER NOT NULL REFERENCES model (id),
  camera_id   TEXT    NOT NULL,
  linked_from TEXT    NOT NULL,
  linked_to   TEXT    NOT NULL DEFAULT '',    -- exclusive; '' while linked
  CHECK (linked_to = '' OR linked_to > linked_from)
);
CREATE INDEX model_camera_link_by_model ON model_camera_link (model_id, linked_from);
-- One open link per camera and model.
CREATE UNIQUE INDEX model_camera_link_open ON model_camera_link (model_id, camera_id) WHERE linked_to = '';
INSERT INTO model_camera_link (model_id, camera_id, linked_from)
  SELECT mc.model_id, mc.camera_id, m.created_on FROM model_camera mc JOIN model m ON m.id = mc.model_id;
DROP TABLE model_camera;
)sql"},
      // Award forms an admin edits (docs/design/0014-awards-and-festival.md, "The catalogue
      // and the rules as data"): a form that awards name is retired, never deleted.
      {15, R"sql(
ALTER TABLE award_form ADD COLUMN retired_on TEXT NOT NULL DEFAULT '';  -- '' while in use
)sql"},
  };
  return kMigrations;
}

}  // namespace anninh::store::sqlite
