#include "news/articles.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "core/vietnamese.h"
#include "news/fields.h"
#include "store/sqlite/database.h"

namespace anninh::news {

using store::sqlite::Database;
using store::sqlite::Statement;

namespace {

constexpr std::string_view kStateNames[] = {"draft", "review", "published", "unpublished"};

constexpr std::string_view kColumns =
    "SELECT id, title, summary, body, category, unit_code, byline, state, created_by, created_at_ns, updated_by, "
    "updated_at_ns, published_at_ns FROM news_article ";

Article ReadArticle(const Statement& st) {
  Article a;
  a.id = st.Int(0);
  a.fields = {st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6)};
  a.state = ParseState(st.Text(7)).value_or(State::kDraft);
  a.created_by = st.Text(8);
  a.created_at = st.Int(9);
  a.updated_by = st.Text(10);
  a.updated_at = st.Int(11);
  a.published_at = st.Int(12);
  return a;
}

Result<std::optional<Article>> GetLocked(Database& db, std::int64_t id, bool published_only) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE id = ?1" + (published_only ? " AND state = 'published'" : ""));
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<Article>();
  return std::optional<Article>(ReadArticle(*st));
}

Result<ArticleFields> Checked(ArticleFields f) {
  ArticleFields out;
  struct Rule {
    const char* name;
    std::string* in;
    std::string* out;
    std::size_t max;
    bool required;
  };
  // Bodies are bounded so one article cannot make every public list slow to render.
  for (const Rule& r : {Rule{"title", &f.title, &out.title, 300, true},
                        Rule{"summary", &f.summary, &out.summary, 2000, false},
                        Rule{"body", &f.body, &out.body, 200'000, false},
                        Rule{"category", &f.category, &out.category, 100, false},
                        Rule{"unit_code", &f.unit_code, &out.unit_code, 32, false},
                        Rule{"byline", &f.byline, &out.byline, 200, false}}) {
    auto v = CheckedText(r.name, *r.in, r.max, r.required);
    if (!v) return Fail(std::move(v).error());
    *r.out = std::move(*v);
  }
  return out;
}

Status AddRevision(Database& db, const Article& a, std::string_view from, const std::string& note,
                   const std::string& actor, WallNs at) {
  auto st = db.Prepare(
      "INSERT INTO news_revision (article_id, from_state, to_state, title, summary, body, category, note, by_actor, "
      "at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st) return Fail(std::move(st).error());
  return st->Bind(1, a.id)
      .Bind(2, from)
      .Bind(3, ToString(a.state))
      .Bind(4, a.fields.title)
      .Bind(5, a.fields.summary)
      .Bind(6, a.fields.body)
      .Bind(7, a.fields.category)
      .Bind(8, note)
      .Bind(9, actor)
      .Bind(10, at)
      .Run();
}

}  // namespace

std::string_view ToString(State s) { return kStateNames[static_cast<int>(s)]; }

std::optional<State> ParseState(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (kStateNames[i] == text) return static_cast<State>(i);
  }
  return std::nullopt;
}

std::vector<State> NextStates(State from) {
  switch (from) {
    case State::kDraft:
      return {State::kReview};
    case State::kReview:
      return {State::kPublished, State::kDraft};  // publish, or return to the writer
    case State::kPublished:
      return {State::kUnpublished};
    case State::kUnpublished:
      return {State::kPublished, State::kDraft};
  }
  return {};
}

bool NeedsPublishRight(State from, State to) { return from == State::kPublished || to == State::kPublished; }

Result<Article> Articles::Create(const std::string& actor, ArticleFields fields) {
  auto f = Checked(std::move(fields));
  if (!f) return Fail(std::move(f).error());
  std::lock_guard lock(db_.mutex());
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<Article> {
    const WallNs now = clock_.Now();
    auto st = db_.Prepare(
        "INSERT INTO news_article (title, summary, body, category, unit_code, byline, state, created_by, "
        "created_at_ns, updated_by, updated_at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?7, ?8)");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, f->title)
                     .Bind(2, f->summary)
                     .Bind(3, f->body)
                     .Bind(4, f->category)
                     .Bind(5, f->unit_code)
                     .Bind(6, f->byline)
                     .Bind(7, actor)
                     .Bind(8, now)
                     .Run();
        !s)
      return Fail(std::move(s).error());
    Article a{db_.LastInsertId(), std::move(*f), State::kDraft, actor, now, actor, now, 0};
    if (auto s = AddRevision(db_, a, "", "", actor, now); !s) return Fail(std::move(s).error());
    return a;
  });
}

Result<Article> Articles::Update(const std::string& actor, std::int64_t id, ArticleFields fields) {
  auto f = Checked(std::move(fields));
  if (!f) return Fail(std::move(f).error());
  std::lock_guard lock(db_.mutex());
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<Article> {
    auto old = GetLocked(db_, id, false);
    if (!old) return Fail(std::move(old).error());
    if (!*old) return Fail(ErrorCode::kNotFound, fmt::format("no article {}", id));
    const WallNs now = clock_.Now();
    auto st = db_.Prepare(
        "UPDATE news_article SET title = ?2, summary = ?3, body = ?4, category = ?5, unit_code = ?6, byline = ?7, "
        "updated_by = ?8, updated_at_ns = ?9 WHERE id = ?1");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, id)
                     .Bind(2, f->title)
                     .Bind(3, f->summary)
                     .Bind(4, f->body)
                     .Bind(5, f->category)
                     .Bind(6, f->unit_code)
                     .Bind(7, f->byline)
                     .Bind(8, actor)
                     .Bind(9, now)
                     .Run();
        !s)
      return Fail(std::move(s).error());
    Article a = std::move(**old);
    a.fields = std::move(*f);
    a.updated_by = actor;
    a.updated_at = now;
    if (auto s = AddRevision(db_, a, ToString(a.state), "", actor, now); !s) return Fail(std::move(s).error());
    return a;
  });
}

Result<Article> Articles::Transition(const std::string& actor, std::int64_t id, State to, const std::string& note) {
  auto clean_note = CheckedText("note", note, 2000, false);
  if (!clean_note) return Fail(std::move(clean_note).error());
  std::lock_guard lock(db_.mutex());
  return store::sqlite::RunInTransaction(db_, [&]() -> Result<Article> {
    auto old = GetLocked(db_, id, false);
    if (!old) return Fail(std::move(old).error());
    if (!*old) return Fail(ErrorCode::kNotFound, fmt::format("no article {}", id));
    Article a = std::move(**old);
    const State from = a.state;
    const auto next = NextStates(from);
    if (std::find(next.begin(), next.end(), to) == next.end()) {
      std::string allowed;
      for (State s : next) allowed += (allowed.empty() ? "" : ", ") + std::string(ToString(s));
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        fmt::format("an article in state '{}' can move only to {}", ToString(from), allowed))
                      .WithField("to"));
    }
    const WallNs now = clock_.Now();
    a.state = to;
    a.updated_by = actor;
    a.updated_at = now;
    if (to == State::kPublished && a.published_at == 0) a.published_at = now;
    auto st = db_.Prepare(
        "UPDATE news_article SET state = ?2, updated_by = ?3, updated_at_ns = ?4, published_at_ns = ?5 WHERE id = ?1");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, id).Bind(2, ToString(to)).Bind(3, actor).Bind(4, now).Bind(5, a.published_at).Run(); !s)
      return Fail(std::move(s).error());
    if (auto s = AddRevision(db_, a, ToString(from), *clean_note, actor, now); !s) return Fail(std::move(s).error());
    return a;
  });
}

Result<std::optional<Article>> Articles::Get(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  return GetLocked(db_, id, false);
}

Result<std::optional<Article>> Articles::GetPublished(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  return GetLocked(db_, id, true);
}

Result<std::vector<Article>> Articles::List(const ArticleQuery& q) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kColumns) +
                        "WHERE (?1 = '' OR state = ?1) AND (?2 = '' OR category = ?2) ORDER BY updated_at_ns DESC, id DESC");
  if (!st) return Fail(std::move(st).error());
  // "" (not a default string_view, whose null data SQLite would bind as NULL) means any state.
  st->Bind(1, q.state ? ToString(*q.state) : std::string_view("")).Bind(2, q.category);
  return ReadRows(*st, ReadArticle);
}

Result<std::vector<Article>> Articles::ListPublished(const std::string& category) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kColumns) +
                        "WHERE state = 'published' AND (?1 = '' OR category = ?1) "
                        "ORDER BY published_at_ns DESC, id DESC");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, category);
  return ReadRows(*st, ReadArticle);
}

Result<std::vector<std::string>> Articles::PublishedCategories() const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("SELECT DISTINCT category FROM news_article WHERE state = 'published' AND category != ''");
  if (!st) return Fail(std::move(st).error());
  auto rows = ReadRows(*st, [](const Statement& s) { return s.Text(0); });
  if (!rows) return rows;
  std::sort(rows->begin(), rows->end(), [](const std::string& a, const std::string& b) { return ViLess(a, b); });
  return rows;
}

Result<std::vector<Revision>> Articles::History(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT id, from_state, to_state, title, note, by_actor, at_ns FROM news_revision WHERE article_id = ?1 "
      "ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return ReadRows(*st, [](const Statement& s) {
    return Revision{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6)};
  });
}

}  // namespace anninh::news
