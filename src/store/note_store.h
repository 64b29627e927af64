// Maintenance notes per camera ("đã thay nguồn 12/11", "ống kính bị mờ, hẹn lau"): what
// people did to a camera, shown beside its health. Notes are appended and read; a wrong
// one is corrected by a newer note, like a paper logbook, and every write is audited by
// the API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {

struct NoteRow {
  std::int64_t id = 0;  // assigned by the store
  std::string camera_id;
  WallNs at = 0;
  std::string author;
  std::string text;  // 1..2000 bytes of UTF-8
};

// Thread-safe.
class NoteStore {
 public:
  virtual ~NoteStore() = default;
  // Fills in note.id. kInvalidArgument for an empty camera id or a text outside 1..2000 bytes.
  virtual Status AddNote(NoteRow& note) = 0;
  // The camera's notes, newest first, at most `limit`, with id < `before_id` when it is not 0.
  virtual Result<std::vector<NoteRow>> Notes(const std::string& camera_id, std::int64_t before_id,
                                             int limit) const = 0;
};

}  // namespace anninh::store
