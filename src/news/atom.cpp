#include "news/atom.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/time_format.h"
#include "news/markdown.h"

namespace anninh::news {

namespace {

// XML 1.0 text: the five specials escaped, and C0 controls (which XML forbids even escaped)
// dropped, so no article text can make the feed unparsable.
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace

std::string AtomFeed(const FeedInfo& info, const std::vector<Article>& articles) {
  WallNs updated = 0;
  for (const Article& a : articles) updated = std::max({updated, a.updated_at, a.published_at});
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += fmt::format("  <title>{}</title>\n  <id>{}</id>\n  <updated>{}</updated>\n", Xml(info.title),
                     Xml(info.site_id.empty() ? "urn:anninh:news" : info.site_id), FormatIso8601(updated));
  out += fmt::format("  <link rel=\"self\" href=\"{}/news/feed.atom\"/>\n", Xml(info.base_url));
  out += fmt::format("  <link rel=\"alternate\" type=\"text/html\" href=\"{}/#/tin-tuc\"/>\n", Xml(info.base_url));
  for (const Article& a : articles) {
    out += "  <entry>\n";
    out += fmt::format("    <title>{}</title>\n", Xml(a.fields.title));
    out += fmt::format("    <id>{}:article:{}</id>\n", Xml(info.site_id.empty() ? "urn:anninh:news" : info.site_id),
                       a.id);
    out += fmt::format("    <link rel=\"alternate\" type=\"text/html\" href=\"{}/#/tin-tuc/{}\"/>\n",
                       Xml(info.base_url), a.id);
    out += fmt::format("    <published>{}</published>\n    <updated>{}</updated>\n", FormatIso8601(a.published_at),
                       FormatIso8601(std::max(a.updated_at, a.published_at)));
    // Atom requires an author; the byline the editor chose, else the unit, never an account.
    const std::string author = !a.fields.byline.empty() ? a.fields.byline : "Ban biên tập";
    out += fmt::format("    <author><name>{}</name></author>\n", Xml(author));
    if (!a.fields.category.empty()) out += fmt::format("    <category term=\"{}\"/>\n", Xml(a.fields.category));
    if (!a.fields.summary.empty()) out += fmt::format("    <summary>{}</summary>\n", Xml(a.fields.summary));
    // type="html": the (already sanitised) HTML, escaped once more as the element's text.
    out += fmt::format("    <content type=\"html\">{}</content>\n", Xml(RenderMarkdown(a.fields.body)));
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace anninh::news
