// "Tin tức - Sự kiện": articles and their workflow. An article is written as a draft,
// submitted for review, then published (or returned to draft); a published article can be
// unpublished and published again. Every save and every state change is kept as a
// revision (the history); the serve layer writes the audit log. Only published articles
// are ever returned by the public calls (ListPublished, GetPublished).
//
// Thread-safe; each call takes the connection's mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::news {

enum class State { kDraft, kReview, kPublished, kUnpublished };
std::string_view ToString(State s);
std::optional<State> ParseState(std::string_view text);
// The states one may move to from `from` (the editor shows them as buttons).
std::vector<State> NextStates(State from);
// Moving into or out of kPublished needs news.publish; the rest news.edit.
bool NeedsPublishRight(State from, State to);

struct ArticleFields {
  std::string title;
  std::string summary;
  std::string body;  // Markdown
  std::string category;
  std::string unit_code;
  std::string byline;  // shown publicly as the author; free text the editor chooses
};

struct Article {
  std::int64_t id = 0;
  ArticleFields fields;
  State state = State::kDraft;
  std::string created_by;
  WallNs created_at = 0;
  std::string updated_by;
  WallNs updated_at = 0;
  WallNs published_at = 0;  // first publication; 0 until then
};

struct Revision {
  std::int64_t id = 0;
  std::string from_state;  // "" for the first save
  std::string to_state;
  std::string title;
  std::string note;
  std::string by;
  WallNs at = 0;
};

struct ArticleQuery {
  std::optional<State> state;
  std::string category;
};

class Articles {
 public:
  Articles(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Checks and NFC-normalises the fields (title required, sizes bounded).
  Result<Article> Create(const std::string& actor, ArticleFields fields);
  // Replaces the fields; the state is kept.
  Result<Article> Update(const std::string& actor, std::int64_t id, ArticleFields fields);
  // kFailedPrecondition for a move NextStates does not allow, with the reason.
  Result<Article> Transition(const std::string& actor, std::int64_t id, State to, const std::string& note);

  Result<std::optional<Article>> Get(std::int64_t id) const;
  Result<std::vector<Article>> List(const ArticleQuery& q) const;  // newest change first
  Result<std::vector<Revision>> History(std::int64_t id) const;

  // Published articles only, newest publication first.
  Result<std::vector<Article>> ListPublished(const std::string& category) const;
  Result<std::optional<Article>> GetPublished(std::int64_t id) const;
  // The categories of published articles, in "vi" order.
  Result<std::vector<std::string>> PublishedCategories() const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

}  // namespace anninh::news
