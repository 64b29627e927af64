// News, website links and their public pages (docs/ref/api.md, "News and search";
// docs/design/0015-news-and-search.md). The public routes (/api/v1/public/...) need no
// sign-in and only ever read published articles: they call the Articles methods that filter
// on state = 'published' in SQL, so no handler mistake can show a draft. Public answers
// carry no account names: the author shown is the byline the editor typed (or nothing).
#include <fmt/format.h>

#include <limits>
#include <string>

#include "access/rights.h"
#include "news/atom.h"
#include "news/markdown.h"
#include "news/newsroom.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

std::string Param(const Target& t, const char* name) {
  auto it = t.query.find(name);
  return it == t.query.end() ? std::string() : it->second;
}

// What anyone may read about a published article.
json PublicArticleJson(const news::Article& a, bool with_body) {
  json j = {{"id", a.id},
            {"title", a.fields.title},
            {"summary", a.fields.summary},
            {"category", a.fields.category},
            {"unit_code", a.fields.unit_code},
            {"byline", a.fields.byline}};
  PutTime(j, "published_at", a.published_at);
  if (with_body) j["html"] = news::RenderMarkdown(a.fields.body);
  return j;
}

// The editor's view: everything, the Markdown source and the workflow state.
json ArticleJson(const news::Article& a) {
  json j = PublicArticleJson(a, false);
  j["body"] = a.fields.body;
  j["state"] = std::string(news::ToString(a.state));
  j["created_by"] = a.created_by;
  j["updated_by"] = a.updated_by;
  PutTime(j, "created_at", a.created_at);
  PutTime(j, "updated_at", a.updated_at);
  if (a.published_at == 0) j["published_at"] = nullptr, j["published_at_ns"] = nullptr;
  return j;
}

json LinkJson(const news::Link& l) {
  return {{"id", l.id}, {"title", l.title}, {"url", l.url}, {"position", l.position}};
}

Result<news::ArticleFields> FieldsFromBody(const json& body, const news::ArticleFields& base) {
  if (auto s = CheckKeys(body, {"title", "summary", "body", "category", "unit_code", "byline"}); !s) {
    return Fail(std::move(s).error());
  }
  news::ArticleFields f = base;
  struct Member {
    const char* name;
    std::string* out;
  };
  for (const Member& m : {Member{"title", &f.title}, Member{"summary", &f.summary}, Member{"body", &f.body},
                          Member{"category", &f.category}, Member{"unit_code", &f.unit_code},
                          Member{"byline", &f.byline}}) {
    auto v = JsonOptionalString(body, m.name);
    if (!v) return Fail(std::move(v).error());
    if (*v) *m.out = std::move(**v);
  }
  return f;
}

// The article a path names; "no article N" (404) when there is none, or, with
// `published_only`, when it is not published (a draft answers like a missing id).
Result<news::Article> FindArticle(news::Newsroom& room, const std::string& id_text, bool published_only) {
  auto id = ParseId(id_text, "article");
  if (!id) return Fail(std::move(id).error());
  auto a = published_only ? room.articles().GetPublished(*id) : room.articles().Get(*id);
  if (!a) return Fail(std::move(a).error());
  if (!*a) return Fail(ErrorCode::kNotFound, fmt::format("no article {}", *id));
  return std::move(**a);
}

// {"title", "url", "position"} of a link; the news module checks the URL.
Result<news::Link> LinkFromBody(const Request& request, std::int64_t id) {
  auto body = ParseBody(request, R"({"title": "Bộ Công an", "url": "https://bocongan.gov.vn/", "position": 1})");
  if (!body) return Fail(std::move(body).error());
  if (auto s = CheckKeys(*body, {"title", "url", "position"}); !s) return Fail(std::move(s).error());
  auto title = JsonString(*body, "title", true);
  if (!title) return Fail(std::move(title).error());
  auto url = JsonString(*body, "url", true);
  if (!url) return Fail(std::move(url).error());
  auto position = JsonInt(*body, "position", 0, 1'000'000, 0);
  if (!position) return Fail(std::move(position).error());
  return news::Link{id, std::move(*title), std::move(*url), *position};
}

}  // namespace

Result<news::Newsroom*> Api::News() const {
  if (news_ == nullptr) return Fail(ErrorCode::kUnavailable, "news is not enabled");
  return news_;
}

Response Api::PublicNews(const Call& c) const {
  if (auto s = CheckParams(c.target, {"category", "limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto list = (*room)->articles().ListPublished(Param(c.target, "category"));
  if (!list) return ErrorResponse(list.error());
  auto categories = (*room)->articles().PublishedCategories();
  if (!categories) return ErrorResponse(categories.error());
  auto page = PagedJson(c.target, *list, "articles", [](const auto& a) { return PublicArticleJson(a, false); });
  if (!page) return ErrorResponse(page.error());
  (*page)["categories"] = *categories;
  return Json(200, *page);
}

Response Api::PublicArticle(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto a = FindArticle(**room, c.params[0], true);
  if (!a) return ErrorResponse(a.error());
  return Json(200, PublicArticleJson(*a, true));
}

Response Api::PublicFeed(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto list = (*room)->articles().ListPublished("");
  if (!list) return ErrorResponse(list.error());
  if (list->size() > 50) list->resize(50);  // a feed carries the newest; readers keep the rest
  news::FeedInfo info;
  info.title = "Tin tức - Sự kiện — " + options_.site_name;
  info.site_id = "urn:anninh:" + options_.site_name;
  Response r;
  r.content_type = "application/atom+xml; charset=utf-8";
  r.body = news::AtomFeed(info, *list);
  return r;
}

Response Api::PublicLinks(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto links = (*room)->links().List();
  if (!links) return ErrorResponse(links.error());
  json list = json::array();
  for (const auto& l : *links) list.push_back(LinkJson(l));
  return Json(200, {{"links", std::move(list)}});
}

Response Api::PublicImage(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  // Anyone gets the pictures of published articles; staff who read drafts get those too
  // (the editor's preview uses the same URL the published page will).
  const bool staff = OptionalPrincipal(c.request).Can(access::right::kNewsRead);
  auto image = (*room)->images().Find(c.params[0], !staff);
  if (!image) return ErrorResponse(image.error());
  if (!*image) return ErrorResponse(Error(ErrorCode::kNotFound, "no picture " + c.params[0]));
  auto content = (*room)->images().Read(**image);
  if (!content) return ErrorResponse(content.error());
  Response r;
  r.content_type = (*image)->content_type;  // from the sniffed bytes, never from the uploader
  r.body = std::move(*content);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
  r.headers.emplace_back("Cache-Control", staff ? "private, no-store" : "public, max-age=86400, immutable");
  return r;
}

Response Api::ListNews(const Call& c) const {
  if (auto s = CheckParams(c.target, {"state", "category", "limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  news::ArticleQuery q;
  if (const std::string state = Param(c.target, "state"); !state.empty()) {
    q.state = news::ParseState(state);
    if (!q.state) return ErrorResponse(FieldError("state", "must be draft, review, published or unpublished"));
  }
  q.category = Param(c.target, "category");
  auto list = (*room)->articles().List(q);
  if (!list) return ErrorResponse(list.error());
  auto page = PagedJson(c.target, *list, "articles", [](const auto& a) {
    json j = ArticleJson(a);
    j.erase("body");  // lists stay small; the article's own page has it
    return j;
  });
  if (!page) return ErrorResponse(page.error());
  return Json(200, *page);
}

Response Api::CreateNews(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto body = ParseBody(c.request, R"({"title": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc", "body": "..."})");
  if (!body) return ErrorResponse(body.error());
  auto fields = FieldsFromBody(*body, {});
  if (!fields) return ErrorResponse(fields.error());
  auto made = (*room)->articles().Create(c.who.Actor(), std::move(*fields));
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "news.create", "", 0, 0, fmt::format("article {} '{}'", made->id, made->fields.title));
  return Json(201, ArticleJson(*made));
}

Response Api::GetNews(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto a = FindArticle(**room, c.params[0], false);
  if (!a) return ErrorResponse(a.error());
  auto history = (*room)->articles().History(a->id);
  if (!history) return ErrorResponse(history.error());
  auto images = (*room)->images().ForArticle(a->id);
  if (!images) return ErrorResponse(images.error());
  json out = ArticleJson(*a);
  out["html"] = news::RenderMarkdown(a->fields.body);
  json h = json::array(), next = json::array(), imgs = json::array();
  for (const auto& r : *history) {
    json j = {{"from", r.from_state}, {"to", r.to_state}, {"title", r.title}, {"note", r.note}, {"by", r.by}};
    PutTime(j, "at", r.at);
    h.push_back(std::move(j));
  }
  for (news::State s : news::NextStates(a->state)) {
    // Only the moves this caller may make, so the editor shows no button that would fail.
    if (!news::NeedsPublishRight(a->state, s) || c.who.Can(access::right::kNewsPublish)) {
      next.push_back(std::string(news::ToString(s)));
    }
  }
  for (const auto& i : *images) {
    imgs.push_back({{"name", i.name}, {"sha256", i.sha256}, {"content_type", i.content_type}, {"bytes", i.bytes},
                    {"url", "/api/v1/public/images/" + i.sha256}});
  }
  out["history"] = std::move(h);
  out["next_states"] = std::move(next);
  out["images"] = std::move(imgs);
  return Json(200, out);
}

Response Api::UpdateNews(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto a = FindArticle(**room, c.params[0], false);
  if (!a) return ErrorResponse(a.error());
  // Changing what the public reads is publishing.
  if (a->state == news::State::kPublished && !c.who.Can(access::right::kNewsPublish)) {
    return ErrorResponse(403, "permission_denied", "changing a published article needs the right 'news.publish'");
  }
  auto body = ParseBody(c.request, R"({"title": "...", "summary": "...", "body": "..."})");
  if (!body) return ErrorResponse(body.error());
  auto fields = FieldsFromBody(*body, a->fields);
  if (!fields) return ErrorResponse(fields.error());
  auto saved = (*room)->articles().Update(c.who.Actor(), a->id, std::move(*fields));
  if (!saved) return ErrorResponse(saved.error());
  AuditOrLog(c, "news.update", "", 0, 0, fmt::format("article {} '{}'", a->id, saved->fields.title));
  return Json(200, ArticleJson(*saved));
}

Response Api::TransitionNews(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto a = FindArticle(**room, c.params[0], false);
  if (!a) return ErrorResponse(a.error());
  auto body = ParseBody(c.request, R"({"to": "review", "note": ""})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"to", "note"}); !s) return ErrorResponse(s.error());
  auto to_text = JsonString(*body, "to", true);
  if (!to_text) return ErrorResponse(to_text.error());
  auto note = JsonString(*body, "note", false);
  if (!note) return ErrorResponse(note.error());
  auto to = news::ParseState(*to_text);
  if (!to) return ErrorResponse(FieldError("to", "must be draft, review, published or unpublished"));
  if (news::NeedsPublishRight(a->state, *to) && !c.who.Can(access::right::kNewsPublish)) {
    return ErrorResponse(403, "permission_denied",
                         fmt::format("your role ({}) does not have the right 'news.publish'", c.who.role));
  }
  auto moved = (*room)->articles().Transition(c.who.Actor(), a->id, *to, *note);
  if (!moved) return ErrorResponse(moved.error());
  AuditOrLog(c, "news.transition", "", 0, 0,
             fmt::format("article {} {} -> {}", a->id, news::ToString(a->state), *to_text));
  return Json(200, ArticleJson(*moved));
}

Response Api::AddNewsImage(const Call& c) const {
  if (auto s = CheckParams(c.target, {"name"}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto a = FindArticle(**room, c.params[0], false);
  if (!a) return ErrorResponse(a.error());
  const std::string name = Param(c.target, "name");
  if (name.empty()) return ErrorResponse(FieldError("name", "'name' (the file's name) is required"));
  if (a->state == news::State::kPublished && !c.who.Can(access::right::kNewsPublish)) {
    return ErrorResponse(403, "permission_denied", "changing a published article needs the right 'news.publish'");
  }
  auto image = (*room)->images().Add(c.who.Actor(), a->id, name, c.request.body);
  if (!image) return ErrorResponse(image.error());
  AuditOrLog(c, "news.image", "", 0, 0,
             fmt::format("article {} picture {} ({} bytes)", a->id, image->sha256, image->bytes));
  return Json(201, {{"name", image->name},
                    {"sha256", image->sha256},
                    {"content_type", image->content_type},
                    {"bytes", image->bytes},
                    {"url", "/api/v1/public/images/" + image->sha256}});
}

Response Api::AddLink(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto link = LinkFromBody(c.request, 0);
  if (!link) return ErrorResponse(link.error());
  auto made = (*room)->links().Add(c.who.Actor(), std::move(*link));
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "link.create", "", 0, 0, fmt::format("link {} {}", made->id, made->url));
  return Json(201, LinkJson(*made));
}

Response Api::UpdateLink(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto id = ParseId(c.params[0], "link");
  if (!id) return ErrorResponse(id.error());
  auto link = LinkFromBody(c.request, *id);
  if (!link) return ErrorResponse(link.error());
  auto saved = (*room)->links().Update(c.who.Actor(), std::move(*link));
  if (!saved) return ErrorResponse(saved.error());
  AuditOrLog(c, "link.update", "", 0, 0, fmt::format("link {} {}", *id, saved->url));
  return Json(200, LinkJson(*saved));
}

Response Api::RemoveLink(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto room = News();
  if (!room) return ErrorResponse(room.error());
  auto id = ParseId(c.params[0], "link");
  if (!id) return ErrorResponse(id.error());
  if (auto s = (*room)->links().Remove(*id); !s) return ErrorResponse(s.error());
  AuditOrLog(c, "link.delete", "", 0, 0, fmt::format("link {}", *id));
  return Json(200, {{"deleted", *id}});
}

}  // namespace anninh::serve
