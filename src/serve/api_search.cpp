// GET /api/v1/search: one search box over news, units, models, people and cameras
// (docs/design/0015-news-and-search.md). The route is open; what it returns depends on who
// asks. Anonymous callers get public records only (published news, units, launched models).
// A signed-in caller with movement.read also gets people and other models within their
// units, and with camera.view the cameras they may see. Each result's title and snippet are
// parts of the original text with the matched words marked, so the page needs no HTML.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include <string>

#include "access/rights.h"
#include "search/highlight.h"
#include "search/index.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

constexpr std::string_view kKinds[] = {"news", "unit", "model", "person", "camera"};

json PartsJson(const std::vector<search::Part>& parts) {
  json out = json::array();
  for (const auto& p : parts) out.push_back({{"text", p.text}, {"hit", p.hit}});
  return out;
}

}  // namespace

Response Api::Search(const Call& c) const {
  if (auto s = CheckParams(c.target, {"q", "kinds", "limit"}); !s) return ErrorResponse(s.error());
  if (search_ == nullptr) return ErrorResponse(Error(ErrorCode::kUnavailable, "search is not enabled"));
  auto qit = c.target.query.find("q");
  const std::string q = qit == c.target.query.end() ? "" : qit->second;
  if (q.size() > 200) return ErrorResponse(FieldError("q", "'q' must be at most 200 bytes"));
  int limit = 20;
  if (auto it = c.target.query.find("limit"); it != c.target.query.end()) {
    try {
      limit = std::stoi(it->second);
    } catch (...) {
      limit = 0;
    }
    if (limit < 1 || limit > 50) return ErrorResponse(FieldError("limit", "'limit' must be 1-50"));
  }
  std::vector<std::string> kinds;
  if (auto it = c.target.query.find("kinds"); it != c.target.query.end()) {
    auto list = CameraList(it->second);
    if (!list) return ErrorResponse(FieldError("kinds", "'kinds' is a comma-separated list"));
    for (const std::string& k : *list) {
      if (std::find(std::begin(kKinds), std::end(kKinds), k) == std::end(kKinds)) {
        return ErrorResponse(FieldError("kinds", "kinds are news, unit, model, person and camera"));
      }
      kinds.push_back(k);
    }
  }
  auto wants = [&](std::string_view k) { return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };

  const access::Principal who = OptionalPrincipal(c.request);
  const bool movement_reader = who.Can(access::right::kMovementRead);
  const std::vector<std::string> terms = search::QueryTerms(q);
  json results = json::array();
  bool people_shown = false;
  if (!terms.empty()) {
    std::vector<std::string> index_kinds;
    for (std::string_view k : {"news", "unit", "model", "person"}) {
      if (wants(k)) index_kinds.emplace_back(k);
    }
    if (!index_kinds.empty()) {
      // Fetched generously, then scoped: records outside the caller's units are dropped here.
      auto hits = search_->Search({q, !movement_reader, index_kinds, 200});
      if (!hits) return ErrorResponse(hits.error());
      for (const search::Hit& h : *hits) {
        if (static_cast<int>(results.size()) >= limit) break;
        if (!h.is_public) {
          auto reaches = Reaches(who, h.unit_code);
          if (!reaches) return ErrorResponse(reaches.error());
          if (!*reaches) continue;
        }
        people_shown = people_shown || h.kind == "person";
        results.push_back({{"kind", h.kind},
                           {"id", h.key},
                           {"title", PartsJson(search::Highlight(h.title, terms))},
                           {"snippet", PartsJson(search::Snippet(h.body, terms, 200))}});
      }
    }
    if (wants("camera") && who.Can(access::right::kCameraView)) {
      for (const CameraView& cam : deps_.cameras.Cameras()) {
        if (static_cast<int>(results.size()) >= limit) break;
        if (!who.SeesCamera(cam.area) || !search::MatchesAll(cam.name + " " + cam.id, terms)) continue;
        results.push_back({{"kind", "camera"},
                           {"id", cam.id},
                           {"title", PartsJson(search::Highlight(cam.name, terms))},
                           {"snippet", PartsJson(search::Highlight(cam.id, terms))}});
      }
    }
  }
  // Looking people up is a view of personal data (Law 91/2025): logged like any other.
  if (people_shown) {
    if (auto s = deps_.audit.Record({who.Actor(), "search.people", "", 0, 0, "q=" + q, c.request.remote}); !s) {
      spdlog::error("audit: {}", s.error().ToString());
    }
  }
  return Json(200, {{"q", q}, {"terms", terms}, {"results", std::move(results)}});
}

}  // namespace anninh::serve
