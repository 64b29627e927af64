#include "news/links.h"

#include <fmt/format.h>

#include <mutex>

#include "news/fields.h"
#include "news/markdown.h"
#include "store/sqlite/database.h"

namespace anninh::news {

using store::sqlite::Statement;

namespace {

Result<Link> Checked(Link l) {
  auto title = CheckedText("title", l.title, 200, true);
  if (!title) return Fail(std::move(title).error());
  auto url = CheckedText("url", l.url, 2000, true);
  if (!url) return Fail(std::move(url).error());
  // Absolute http(s) only: a relative or javascript: URL has no place in a list of sites.
  const bool absolute = url->rfind("https://", 0) == 0 || url->rfind("http://", 0) == 0;
  if (!absolute || !SafeUrl(*url, false) || url->find_first_of(" \"'<>") != std::string::npos) {
    return FieldFail("url", "'url' must be an http:// or https:// address");
  }
  l.title = std::move(*title);
  l.url = std::move(*url);
  return l;
}

}  // namespace

Result<Link> Links::Add(const std::string& actor, Link link) {
  auto l = Checked(std::move(link));
  if (!l) return l;
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("INSERT INTO web_link (title, url, position, by_actor, at_ns) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, l->title).Bind(2, l->url).Bind(3, l->position).Bind(4, actor).Bind(5, clock_.Now()).Run();
      !s)
    return Fail(std::move(s).error());
  l->id = db_.LastInsertId();
  return l;
}

Result<Link> Links::Update(const std::string& actor, Link link) {
  auto l = Checked(std::move(link));
  if (!l) return l;
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "UPDATE web_link SET title = ?2, url = ?3, position = ?4, by_actor = ?5, at_ns = ?6 WHERE id = ?1 RETURNING id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, l->id).Bind(2, l->title).Bind(3, l->url).Bind(4, l->position).Bind(5, actor).Bind(6, clock_.Now());
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no link {}", l->id));
  return l;
}

Status Links::Remove(std::int64_t id) {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("DELETE FROM web_link WHERE id = ?1 RETURNING id");
  if (!st) return Fail(std::move(st).error());
  auto row = st->Bind(1, id).Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no link {}", id));
  return {};
}

Result<std::vector<Link>> Links::List() const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("SELECT id, title, url, position FROM web_link ORDER BY position, id");
  if (!st) return Fail(std::move(st).error());
  return ReadRows(*st, [](const Statement& s) { return Link{s.Int(0), s.Text(1), s.Text(2), s.Int(3)}; });
}

}  // namespace anninh::news
