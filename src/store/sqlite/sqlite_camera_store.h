// CameraStore on the one SQLite database (table `camera`, docs/ref/schema.md).
#pragma once

#include <filesystem>
#include <memory>

#include "store/camera_store.h"
#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

class SqliteCameraStore final : public CameraStore {
 public:
  static Result<std::unique_ptr<SqliteCameraStore>> Open(const std::filesystem::path& path);

  Result<std::vector<CameraRow>> List() const override;
  Result<std::optional<CameraRow>> Get(const std::string& id) const override;
  Status Put(const std::string& id, const std::string& document, WallNs now) override;
  Status Delete(const std::string& id) override;

 private:
  explicit SqliteCameraStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::unique_ptr<Database> db_;
};

}  // namespace anninh::store::sqlite
