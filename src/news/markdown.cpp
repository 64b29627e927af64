#include "news/markdown.h"

#include <cmark.h>

#include <cctype>
#include <cstdlib>
#include <memory>

namespace anninh::news {

namespace {

struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using Document = std::unique_ptr<cmark_node, NodeFree>;

Document Parse(std::string_view markdown) {
  // CMARK_OPT_VALIDATE_UTF8: bad bytes become U+FFFD rather than passing through.
  return Document(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_VALIDATE_UTF8));
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool SafeUrl(std::string_view url, bool image) {
  // Browsers ignore leading spaces and control characters, and tabs/newlines anywhere in a
  // scheme ("java\tscript:"), so such URLs are refused outright rather than cleaned.
  for (char c : url) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  if (url.empty()) return true;
  if (url[0] == ' ') return false;
  if (url[0] == '#' || url[0] == '?') return true;
  if (url[0] == '/') return url.size() < 2 || (url[1] != '/' && url[1] != '\\');  // not protocol-relative
  if (StartsWithNoCase(url, "https://") || StartsWithNoCase(url, "http://")) return true;
  if (!image && StartsWithNoCase(url, "mailto:")) return true;
  // A relative path ("anh.png") has no scheme: no ':' before the first '/', '?' or '#'.
  const std::size_t colon = url.find(':');
  const std::size_t stop = url.find_first_of("/?#");
  return colon == std::string_view::npos || (stop != std::string_view::npos && stop < colon);
}

std::string RenderMarkdown(std::string_view markdown) {
  Document doc = Parse(markdown);
  if (!doc) return {};
  cmark_iter* it = cmark_iter_new(doc.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it);
    const cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(n);
      if (url != nullptr && !SafeUrl(url, type == CMARK_NODE_IMAGE)) cmark_node_set_url(n, "");
    }
  }
  cmark_iter_free(it);
  // No CMARK_OPT_UNSAFE: raw HTML becomes "<!-- raw HTML omitted -->" and cmark's own
  // dangerous-URL check runs as a second line after ours.
  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
  std::string out = html != nullptr ? html : "";
  std::free(html);
  return out;
}

std::string MarkdownText(std::string_view markdown) {
  Document doc = Parse(markdown);
  if (!doc) return {};
  std::string out;
  cmark_iter* it = cmark_iter_new(doc.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it);
    const cmark_node_type type = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
                                    type == CMARK_NODE_CODE_BLOCK)) {
      if (const char* s = cmark_node_get_literal(n)) out += s;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
               (ev == CMARK_EVENT_EXIT && (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING ||
                                           type == CMARK_NODE_ITEM))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    }
  }
  cmark_iter_free(it);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace anninh::news
