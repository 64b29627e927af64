// Article bodies are Markdown (CommonMark) rendered by cmark, Debian's libcmark, in its safe
// mode: raw HTML is dropped (so <script>, <iframe> and on* attributes never reach a page),
// and every link and image URL is checked against a short allow-list (relative paths and
// http/https, plus mailto: for links) before rendering, so javascript:, vbscript:, data: and
// file: links become empty ones. The rendered HTML is therefore safe to insert as it is.
#pragma once

#include <string>
#include <string_view>

namespace anninh::news {

// Safe HTML of a Markdown body.
std::string RenderMarkdown(std::string_view markdown);
// The words of a Markdown body without markup, for the search index and summaries.
std::string MarkdownText(std::string_view markdown);
// True for URLs a published page may link to (see above); `image` refuses mailto:.
bool SafeUrl(std::string_view url, bool image);

}  // namespace anninh::news
