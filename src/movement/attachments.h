// Files attached to a model (launch decisions, minutes, photos), kept with their SHA-256.
// A file is stored content-addressed under the attachments root as <model id>/<sha256>, so
// the name a user gave never becomes a path; the name is only shown. Reading checks the hash
// again, so a file altered on disk is reported rather than served.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::movement {

struct Attachment {
  std::int64_t id = 0;
  std::int64_t model_id = 0;
  std::string name;
  std::string sha256;
  std::int64_t bytes = 0;
  std::string by;
};

class Attachments {
 public:
  // Files above this are refused: scans of decisions and minutes are a few MB.
  static constexpr std::size_t kMaxBytes = 20u << 20;

  Attachments(store::sqlite::Database& db, const Clock& clock, std::filesystem::path root)
      : db_(db), clock_(clock), root_(std::move(root)) {}

  // Writes the file durably, then its row; kNotFound for an unknown model, kInvalidArgument
  // (field "content") for an empty or oversized file or one whose content is not a kind
  // file_type.h knows, whatever its name says.
  Result<Attachment> Add(const std::string& actor, std::int64_t model_id, const std::string& name,
                         std::string_view content);
  Result<std::vector<Attachment>> ForModel(std::int64_t model_id) const;
  // The content, after checking it still has its recorded SHA-256 (kDataLoss otherwise).
  Result<std::string> Read(std::int64_t model_id, std::int64_t id) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
  std::filesystem::path root_;
};

}  // namespace anninh::movement
