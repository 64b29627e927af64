#include "search/sources.h"

#include "news/markdown.h"
#include "store/sqlite/database.h"

namespace anninh::search {

using store::sqlite::Database;
using store::sqlite::Statement;

namespace {

std::string_view LevelName(const std::string& level) {
  if (level == "province") return "Tỉnh, thành phố";
  if (level == "district") return "Huyện (trước 2025)";
  if (level == "commune") return "Xã, phường, đặc khu";
  if (level == "village") return "Thôn, tổ dân phố";
  return "";
}

// A launched model is public knowledge (it was launched at a public ceremony); a proposal or
// a retired one is not.
bool PublicModelStatus(const std::string& s) {
  return s == "launched" || s == "active" || s == "under_review" || s == "replicated";
}

Result<std::optional<Document>> One(Database& db, std::string_view sql, const std::string& key,
                                    Document (*read)(const Statement&), bool (*keep)(const Statement&)) {
  auto st = db.Prepare(sql);
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, key);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row || (keep != nullptr && !keep(*st))) return std::optional<Document>();
  return std::optional<Document>(read(*st));
}

}  // namespace

Result<std::optional<Document>> ReadDocument(Database& db, const std::string& kind, const std::string& key) {
  if (kind == "news") {
    // Only published articles are indexed at all: a draft cannot leak through any search,
    // whoever asks.
    return One(
        db, "SELECT title, summary, body, unit_code, state FROM news_article WHERE id = ?1", key,
        [](const Statement& st) {
          std::string body = st.Text(1);
          const std::string text = news::MarkdownText(st.Text(2));
          if (!text.empty()) body += (body.empty() ? "" : " ") + text;
          return Document{st.Text(0), std::move(body), st.Text(3), true};
        },
        [](const Statement& st) { return st.Text(4) == "published"; });
  }
  if (kind == "unit") {
    // The newest version's name; a unit merged away stays findable under its last name.
    return One(
        db, "SELECT name, level, code FROM unit_version WHERE code = ?1 ORDER BY valid_from DESC LIMIT 1", key,
        [](const Statement& st) {
          return Document{st.Text(0), std::string(LevelName(st.Text(1))) + " " + st.Text(2), st.Text(2), true};
        },
        nullptr);
  }
  if (kind == "model") {
    return One(
        db,
        "SELECT m.name, m.goals, m.unit_code, m.status, COALESCE(t.name, '') FROM model m "
        "LEFT JOIN model_type t ON t.code = m.type WHERE m.id = ?1",
        key,
        [](const Statement& st) {
          std::string body = st.Text(4);
          if (!st.Text(1).empty()) body += " " + st.Text(1);
          return Document{st.Text(0), std::move(body), st.Text(2), PublicModelStatus(st.Text(3))};
        },
        nullptr);
  }
  if (kind == "person") {
    // The name only: no phone, birth year or gender in the index.
    return One(
        db, "SELECT name, unit_code FROM person WHERE id = ?1", key,
        [](const Statement& st) { return Document{st.Text(0), "", st.Text(1), false}; }, nullptr);
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown search kind '" + kind + "'");
}

Result<std::vector<std::pair<std::string, std::string>>> AllKeys(Database& db) {
  auto st = db.Prepare(
      "SELECT 'news', CAST(id AS TEXT) FROM news_article WHERE state = 'published' "
      "UNION ALL SELECT DISTINCT 'unit', code FROM unit_version "
      "UNION ALL SELECT 'model', CAST(id AS TEXT) FROM model "
      "UNION ALL SELECT 'person', CAST(id AS TEXT) FROM person");
  if (!st) return Fail(std::move(st).error());
  return ReadRows(*st, [](const Statement& s) { return std::pair{s.Text(0), s.Text(1)}; });
}

}  // namespace anninh::search
