#include "awards/festival_photos.h"

#include <fmt/format.h>

#include <fstream>
#include <mutex>
#include <span>
#include <sstream>

#include "core/fs.h"
#include "core/sha256.h"
#include "media/snapshot.h"
#include "movement/field_error.h"
#include "store/sqlite/database.h"

namespace anninh::awards {

using store::sqlite::Statement;

namespace {

std::span<const std::uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

constexpr std::string_view kColumns =
    "SELECT id, festival_id, name, sha256, mime, bytes, by_actor FROM festival_photo ";

Photo ReadRow(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5), st.Text(6)};
}

Result<std::string> ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kDataLoss, "the photo is missing on disk");
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

Result<Photo> FestivalPhotos::Add(const std::string& actor, std::int64_t festival_id, const std::string& name,
                                  std::string_view content) {
  auto clean = movement::CleanText("name", name, 255);
  if (!clean) return Fail(std::move(clean).error());
  if (content.empty()) return movement::FieldFail("content", "the file is empty");
  if (content.size() > kMaxBytes) {
    return movement::FieldFail("content", fmt::format("the photo is larger than {} MB", kMaxBytes >> 20));
  }
  auto kind = media::SniffStill(Bytes(content));
  if (!kind) return movement::FieldFail("content", "the file is not a JPEG or PNG picture");
  // Decoding it is the real check: a thumbnail proves the picture is whole.
  auto thumb = media::StillToJpeg(Bytes(content), {.max_width = kThumbWidth, .quality = 5});
  if (!thumb) {
    return movement::FieldFail("content", "the picture does not decode: " + thumb.error().message());
  }
  const std::string sha = Sha256::HexOf(Bytes(content));
  const std::string mime = *kind == media::StillKind::kJpeg ? "image/jpeg" : "image/png";
  std::lock_guard lock(db_.mutex());
  auto known = db_.Prepare("SELECT 1 FROM festival WHERE id = ?1");
  if (!known) return Fail(std::move(known).error());
  known->Bind(1, festival_id);
  auto row = known->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no festival {}", festival_id));
  const std::filesystem::path dir = std::to_string(festival_id);
  auto path = fs::ConfinedPath(root_, dir / sha);
  if (!path) return Fail(std::move(path).error());
  auto thumb_path = fs::ConfinedPath(root_, dir / (sha + ".thumb.jpg"));
  if (!thumb_path) return Fail(std::move(thumb_path).error());
  // Files first, durably; then the row. A crash between leaves files without a row (the
  // same content uploaded again lands on them), never a row without its file.
  if (auto s = fs::MakeDirsDurable(path->parent_path()); !s) return Fail(std::move(s).error());
  if (auto s = fs::WriteFileAtomic(*path, content, 0640); !s) return Fail(std::move(s).error());
  if (auto s = fs::WriteFileAtomic(*thumb_path, *thumb, 0640); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "INSERT INTO festival_photo (festival_id, name, sha256, mime, bytes, by_actor, at_ns) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return Fail(std::move(st).error());
  const auto size = static_cast<std::int64_t>(content.size());
  if (auto s = st->Bind(1, festival_id).Bind(2, *clean).Bind(3, sha).Bind(4, mime).Bind(5, size).Bind(6, actor)
                   .Bind(7, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  return Photo{db_.LastInsertId(), festival_id, *clean, sha, mime, size, actor};
}

Result<std::vector<Photo>> FestivalPhotos::ForFestival(std::int64_t festival_id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kColumns) + "WHERE festival_id = ?1 ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, festival_id);
  return ReadRows(*st, ReadRow);
}

Result<std::pair<Photo, std::string>> FestivalPhotos::Read(std::int64_t festival_id, std::int64_t id,
                                                           bool thumbnail) const {
  Photo p;
  {
    std::lock_guard lock(db_.mutex());
    auto st = db_.Prepare(std::string(kColumns) + "WHERE id = ?1 AND festival_id = ?2");
    if (!st) return Fail(std::move(st).error());
    st->Bind(1, id).Bind(2, festival_id);
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no photo {}", id));
    p = ReadRow(*st);
  }
  const std::filesystem::path dir = std::to_string(festival_id);
  if (thumbnail) {
    auto path = fs::ConfinedPath(root_, dir / (p.sha256 + ".thumb.jpg"));
    if (!path) return Fail(std::move(path).error());
    auto data = ReadAll(*path);
    if (!data) return Fail(std::move(data).error());
    return std::pair{std::move(p), std::move(*data)};
  }
  auto path = fs::ConfinedPath(root_, dir / p.sha256);
  if (!path) return Fail(std::move(path).error());
  auto data = ReadAll(*path);
  if (!data) return Fail(std::move(data).error());
  if (Sha256::HexOf(Bytes(*data)) != p.sha256) {
    return Fail(ErrorCode::kDataLoss, fmt::format("photo {} was altered on disk (SHA-256 differs)", id));
  }
  return std::pair{std::move(p), std::move(*data)};
}

}  // namespace anninh::awards
