// The public Atom feed of published news (RFC 4287), for feed readers and for other sites
// (the province's portal) to pick up the commune's articles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "news/articles.h"

namespace anninh::news {

struct FeedInfo {
  std::string title = "Tin tức - Sự kiện";
  std::string base_url;  // "https://xa.example.vn"; links are relative to the server when empty
  std::string site_id;   // a stable id for the feed ("urn:anninh:<site>")
};

// `articles` newest first, published only; the feed's <updated> is the newest one's.
std::string AtomFeed(const FeedInfo& info, const std::vector<Article>& articles);

}  // namespace anninh::news
