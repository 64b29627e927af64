#include "movement/attachments.h"

#include <fmt/format.h>

#include <fstream>
#include <mutex>
#include <span>
#include <sstream>

#include "core/fs.h"
#include "core/sha256.h"
#include "movement/field_error.h"
#include "movement/models.h"
#include "movement/file_type.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using store::sqlite::Statement;

namespace {

std::string Sha256Hex(std::string_view content) {
  return Sha256::HexOf(std::span(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()));
}

Attachment ReadRow(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4), st.Text(5)};
}

constexpr std::string_view kColumns = "SELECT id, model_id, name, sha256, bytes, by_actor FROM model_attachment ";

}  // namespace

Result<Attachment> Attachments::Add(const std::string& actor, std::int64_t model_id, const std::string& name,
                                    std::string_view content) {
  auto clean = CleanText("name", name, 255);
  if (!clean) return Fail(std::move(clean).error());
  if (content.empty()) return FieldFail("content", "the file is empty");
  if (content.size() > kMaxBytes) return FieldFail("content", fmt::format("the file is larger than {} MB", kMaxBytes >> 20));
  if (!SniffFileType(content, *clean)) {
    return FieldFail("content",
                     "tệp không phải PDF, Word, Excel, OpenDocument, JPEG, PNG hay WebP / the file is not a PDF, Word, "
                     "Excel, OpenDocument, JPEG, PNG or WebP file (judged by its content)");
  }
  const std::string sha = Sha256Hex(content);
  std::lock_guard lock(db_.mutex());
  auto model = model_sql::Get(db_, model_id);
  if (!model) return Fail(std::move(model).error());
  if (!*model) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", model_id));
  auto path = fs::ConfinedPath(root_, std::filesystem::path(std::to_string(model_id)) / sha);
  if (!path) return Fail(std::move(path).error());
  // The file first, durably; then the row. A crash between leaves a file without a row
  // (harmless, and the same content written again lands on it), never a row without a file.
  if (auto s = fs::MakeDirsDurable(path->parent_path()); !s) return Fail(std::move(s).error());
  if (auto s = fs::WriteFileAtomic(*path, content, 0640); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "INSERT INTO model_attachment (model_id, name, sha256, bytes, by_actor, at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, model_id).Bind(2, *clean).Bind(3, sha).Bind(4, static_cast<std::int64_t>(content.size()))
                   .Bind(5, actor).Bind(6, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  return Attachment{db_.LastInsertId(), model_id, *clean, sha, static_cast<std::int64_t>(content.size()), actor};
}

Result<std::vector<Attachment>> Attachments::ForModel(std::int64_t model_id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kColumns) + "WHERE model_id = ?1 ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, model_id);
  return ReadRows(*st, ReadRow);
}

Result<std::string> Attachments::Read(std::int64_t model_id, std::int64_t id) const {
  Attachment a;
  {
    std::lock_guard lock(db_.mutex());
    auto st = db_.Prepare(std::string(kColumns) + "WHERE id = ?1 AND model_id = ?2");
    if (!st) return Fail(std::move(st).error());
    st->Bind(1, id).Bind(2, model_id);
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no attachment {}", id));
    a = ReadRow(*st);
  }
  auto path = fs::ConfinedPath(root_, std::filesystem::path(std::to_string(model_id)) / a.sha256);
  if (!path) return Fail(std::move(path).error());
  std::ifstream in(*path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kDataLoss, fmt::format("attachment {} is missing on disk", id));
  std::stringstream content;
  content << in.rdbuf();
  std::string data = content.str();
  if (Sha256Hex(data) != a.sha256) {
    return Fail(ErrorCode::kDataLoss, fmt::format("attachment {} was altered on disk (SHA-256 differs)", id));
  }
  return data;
}

}  // namespace anninh::movement
