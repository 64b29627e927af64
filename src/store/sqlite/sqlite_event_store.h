// EventStore on SQLite, in the same database file as the recording index (see
// store/event_store.h for why).
#pragma once

#include <filesystem>
#include <memory>

#include "store/event_store.h"
#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

// Thread-safe: one connection, serialised by its mutex.
class SqliteEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<SqliteEventStore>> Open(const std::filesystem::path& path);

  Status Insert(EventRow& row) override;
  Status Update(const EventRow& row) override;
  Result<std::optional<EventRow>> Get(std::int64_t id) const override;
  Result<std::vector<EventRow>> Query(const EventQuery& q) const override;
  Result<std::vector<EventRow>> OpenEvents() const override;
  Status SetReviewed(std::int64_t id, bool reviewed, const std::string& by, WallNs at) override;
  Result<std::vector<EventRow>> EndedBefore(const std::string& camera_id, WallNs before,
                                            int limit) const override;
  Status Delete(std::span<const std::int64_t> ids) override;

 private:
  explicit SqliteEventStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::unique_ptr<Database> db_;
};

}  // namespace anninh::store::sqlite
