#include "news/images.h"

#include <fmt/format.h>

#include <fstream>
#include <mutex>
#include <span>
#include <sstream>

#include "core/fs.h"
#include "core/sha256.h"
#include "news/fields.h"
#include "store/sqlite/database.h"

namespace anninh::news {

using store::sqlite::Statement;

namespace {

std::string Sha256Hex(std::string_view content) {
  return Sha256::HexOf(std::span(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()));
}

bool IsHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Image ReadImage(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5)};
}

}  // namespace

std::optional<std::string_view> SniffImageType(std::string_view c) {
  using namespace std::string_view_literals;
  if (c.substr(0, 8) == "\x89PNG\r\n\x1a\n"sv) return "image/png";
  if (c.substr(0, 3) == "\xFF\xD8\xFF"sv) return "image/jpeg";
  if (c.substr(0, 6) == "GIF87a"sv || c.substr(0, 6) == "GIF89a"sv) return "image/gif";
  if (c.size() >= 12 && c.substr(0, 4) == "RIFF"sv && c.substr(8, 4) == "WEBP"sv) return "image/webp";
  return std::nullopt;
}

Result<Image> Images::Add(const std::string& actor, std::int64_t article_id, const std::string& name,
                          std::string_view content) {
  auto clean = CheckedText("name", name, 255, true);
  if (!clean) return Fail(std::move(clean).error());
  if (content.empty()) return FieldFail("content", "the file is empty");
  if (content.size() > kMaxBytes) {
    return FieldFail("content", fmt::format("the picture is larger than {} MB", kMaxBytes >> 20));
  }
  const auto type = SniffImageType(content);
  if (!type) return FieldFail("content", "the file is not a PNG, JPEG, GIF or WebP picture");
  const std::string sha = Sha256Hex(content);
  std::lock_guard lock(db_.mutex());
  auto exists = db_.Prepare("SELECT 1 FROM news_article WHERE id = ?1");
  if (!exists) return Fail(std::move(exists).error());
  auto row = exists->Bind(1, article_id).Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no article {}", article_id));
  auto path = fs::ConfinedPath(root_, sha);
  if (!path) return Fail(std::move(path).error());
  // The file first, durably; then the row. A crash between leaves a file without a row
  // (harmless, and the same picture written again lands on it), never a row without a file.
  if (auto s = fs::MakeDirsDurable(root_); !s) return Fail(std::move(s).error());
  if (auto s = fs::WriteFileAtomic(*path, content, 0640); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "INSERT INTO news_image (article_id, name, sha256, content_type, bytes, by_actor, at_ns) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (article_id, sha256) DO UPDATE SET name = excluded.name");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, article_id)
                   .Bind(2, *clean)
                   .Bind(3, sha)
                   .Bind(4, *type)
                   .Bind(5, static_cast<std::int64_t>(content.size()))
                   .Bind(6, actor)
                   .Bind(7, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  auto id = db_.Prepare("SELECT id FROM news_image WHERE article_id = ?1 AND sha256 = ?2");
  if (!id) return Fail(std::move(id).error());
  auto found = id->Bind(1, article_id).Bind(2, sha).Step();
  if (!found) return Fail(std::move(found).error());
  return Image{*found ? id->Int(0) : 0, article_id, *clean, sha, std::string(*type),
               static_cast<std::int64_t>(content.size())};
}

Result<std::vector<Image>> Images::ForArticle(std::int64_t article_id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT id, article_id, name, sha256, content_type, bytes FROM news_image WHERE article_id = ?1 ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, article_id);
  return ReadRows(*st, ReadImage);
}

Result<std::optional<Image>> Images::Find(const std::string& sha256, bool published_only) const {
  if (!IsHex64(sha256)) return std::optional<Image>();
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(
                            "SELECT i.id, i.article_id, i.name, i.sha256, i.content_type, i.bytes FROM news_image i "
                            "JOIN news_article a ON a.id = i.article_id WHERE i.sha256 = ?1") +
                        (published_only ? " AND a.state = 'published'" : "") + " LIMIT 1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, sha256);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<Image>();
  return std::optional<Image>(ReadImage(*st));
}

Result<std::string> Images::Read(const Image& image) const {
  auto path = fs::ConfinedPath(root_, image.sha256);
  if (!path) return Fail(std::move(path).error());
  std::ifstream in(*path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kDataLoss, fmt::format("picture {} is missing from disk", image.sha256));
  std::ostringstream out;
  out << in.rdbuf();
  std::string content = std::move(out).str();
  if (Sha256Hex(content) != image.sha256) {
    return Fail(ErrorCode::kDataLoss, fmt::format("picture {} was altered on disk", image.sha256));
  }
  return content;
}

}  // namespace anninh::news
