#include "search/index.h"

#include <fmt/format.h>

#include <mutex>

#include "core/vietnamese.h"
#include "search/highlight.h"
#include "search/sources.h"
#include "store/sqlite/database.h"
#include "store/sqlite/migrations.h"

namespace anninh::search {

using store::sqlite::Database;
using store::sqlite::Statement;

namespace {

// bm25 column weights (title, body): a word in the title counts ten times one in the body.
constexpr std::string_view kRank = "bm25(search_fts, 10.0, 1.0)";

Status RemoveDoc(Database& db, const std::string& kind, const std::string& key) {
  auto id = db.Prepare("SELECT id FROM search_doc WHERE kind = ?1 AND key = ?2");
  if (!id) return Fail(std::move(id).error());
  auto row = id->Bind(1, kind).Bind(2, key).Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return {};
  const std::int64_t rowid = id->Int(0);
  auto fts = db.Prepare("DELETE FROM search_fts WHERE rowid = ?1");
  if (!fts) return Fail(std::move(fts).error());
  if (auto s = fts->Bind(1, rowid).Run(); !s) return s;
  auto doc = db.Prepare("DELETE FROM search_doc WHERE id = ?1");
  if (!doc) return Fail(std::move(doc).error());
  return doc->Bind(1, rowid).Run();
}

// Replaces (kind, key)'s document with its sources' current state, or removes it.
Status Reindex(Database& db, const std::string& kind, const std::string& key) {
  if (auto s = RemoveDoc(db, kind, key); !s) return s;
  auto doc = ReadDocument(db, kind, key);
  if (!doc) return Fail(std::move(doc).error());
  if (!*doc) return {};
  auto ins = db.Prepare(
      "INSERT INTO search_doc (kind, key, title, body, unit_code, public) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!ins) return Fail(std::move(ins).error());
  if (auto s = ins->Bind(1, kind)
                   .Bind(2, key)
                   .Bind(3, (*doc)->title)
                   .Bind(4, (*doc)->body)
                   .Bind(5, (*doc)->unit_code)
                   .Bind(6, std::int64_t{(*doc)->is_public ? 1 : 0})
                   .Run();
      !s)
    return s;
  auto fts = db.Prepare("INSERT INTO search_fts (rowid, title, body) VALUES (?1, ?2, ?3)");
  if (!fts) return Fail(std::move(fts).error());
  return fts->Bind(1, db.LastInsertId()).Bind(2, SearchKey((*doc)->title)).Bind(3, SearchKey((*doc)->body)).Run();
}

}  // namespace

Result<std::unique_ptr<Index>> Index::Open(const std::filesystem::path& db_path) {
  auto db = Database::Open(db_path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(store::sqlite::Migrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<Index>(new Index(std::move(*db)));
}

Index::Index(Database& db) : db_(db) {}
Index::Index(std::unique_ptr<Database> owned) : owned_(std::move(owned)), db_(*owned_) {}
Index::~Index() = default;

Result<int> Index::Refresh() {
  std::lock_guard lock(db_.mutex());
  // Most searches find the queue empty: a read answers that without taking SQLite's write
  // lock, which the recorder's index commits also need.
  {
    auto any = db_.Prepare("SELECT EXISTS (SELECT 1 FROM search_dirty)");
    if (!any) return Fail(std::move(any).error());
    auto row = any->Step();
    if (!row) return Fail(std::move(row).error());
    if (*row && any->Int(0) == 0) return 0;
  }  // the statement ends here, before the write transaction begins
  // One IMMEDIATE transaction: no writer can queue a row between reading the queue and
  // clearing it, so nothing queued is ever dropped unindexed.
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<int> {
    auto st = db_.Prepare("SELECT kind, key FROM search_dirty");
    if (!st) return Fail(std::move(st).error());
    auto dirty = ReadRows(*st, [](const Statement& s) { return std::pair{s.Text(0), s.Text(1)}; });
    if (!dirty) return Fail(std::move(dirty).error());
    for (const auto& [kind, key] : *dirty) {
      if (auto s = Reindex(db_, kind, key); !s) return Fail(std::move(s).error().Wrap("index " + kind + " " + key));
    }
    if (auto s = db_.Exec("DELETE FROM search_dirty"); !s) return Fail(std::move(s).error());
    return static_cast<int>(dirty->size());
  });
}

Result<int> Index::Rebuild() {
  std::lock_guard lock(db_.mutex());
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<int> {
    for (std::string_view sql : {"DELETE FROM search_fts", "DELETE FROM search_doc", "DELETE FROM search_dirty"}) {
      if (auto s = db_.Exec(sql); !s) return Fail(std::move(s).error());
    }
    auto keys = AllKeys(db_);
    if (!keys) return Fail(std::move(keys).error());
    for (const auto& [kind, key] : *keys) {
      if (auto s = Reindex(db_, kind, key); !s) return Fail(std::move(s).error().Wrap("index " + kind + " " + key));
    }
    return static_cast<int>(keys->size());
  });
}

Result<std::vector<Hit>> Index::Search(const Query& q) {
  if (auto r = Refresh(); !r) return Fail(std::move(r).error());
  const std::vector<std::string> terms = QueryTerms(q.text);
  if (terms.empty()) return std::vector<Hit>();
  // Each term as a quoted prefix query ("tien"*): quoting keeps FTS5 operators (AND, NEAR,
  // column filters) typed by a user from being read as syntax; terms hold only letters and
  // digits anyway.
  std::string match;
  for (const std::string& t : terms) match += (match.empty() ? "\"" : " \"") + t + "\"*";
  std::string kinds;
  for (const std::string& k : q.kinds) kinds += (kinds.empty() ? "" : ",") + k;
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(fmt::format(
      "SELECT d.kind, d.key, d.title, d.body, d.unit_code, d.public, {0} AS rank "
      "FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid "
      "WHERE search_fts MATCH ?1 AND (?2 = 0 OR d.public = 1) "
      "AND (?3 = '' OR instr(',' || ?3 || ',', ',' || d.kind || ',') > 0) "
      "ORDER BY rank, d.id LIMIT ?4",
      kRank));
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, match).Bind(2, std::int64_t{q.public_only ? 1 : 0}).Bind(3, kinds).Bind(4, std::int64_t{q.limit});
  return ReadRows(*st, [](const Statement& s) {
    return Hit{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5) != 0, s.Double(6)};
  });
}

}  // namespace anninh::search
