#include "search/highlight.h"

#include <algorithm>

#include "core/vietnamese.h"

namespace anninh::search {

namespace {

// Word characters of a folded text: ASCII letters and digits, and any non-ASCII byte (a
// letter of another script that folding kept). Everything else separates words.
bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Folded byte ranges [begin, end) of matches, merged and in order.
std::vector<std::pair<std::size_t, std::size_t>> FoldedMatches(const std::string& key,
                                                               const std::vector<std::string>& terms) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (!IsWordByte(key[i]) || (i > 0 && IsWordByte(key[i - 1]))) continue;  // word starts only
    std::size_t longest = 0;
    for (const std::string& t : terms) {
      if (t.size() > longest && key.compare(i, t.size(), t) == 0) longest = t.size();
    }
    if (longest > 0) out.emplace_back(i, i + longest);
  }
  return out;
}

std::vector<Part> Split(std::string_view text, const FoldedText& f,
                        const std::vector<std::pair<std::size_t, std::size_t>>& matches, std::size_t from,
                        std::size_t to) {
  std::vector<Part> parts;
  auto add = [&](std::size_t b, std::size_t e, bool hit) {
    if (e <= b) return;
    if (!parts.empty() && parts.back().hit == hit) {
      parts.back().text.append(text.substr(b, e - b));
    } else {
      parts.push_back({std::string(text.substr(b, e - b)), hit});
    }
  };
  std::size_t at = from;
  for (const auto& [kb, ke] : matches) {
    const std::size_t b = f.begin[kb], e = f.end[ke - 1];
    if (e <= from || b >= to) continue;
    add(at, std::max(at, b), false);
    add(std::max(at, b), std::min(e, to), true);
    at = std::max(at, std::min(e, to));
  }
  add(at, to, false);
  return parts;
}

}  // namespace

std::vector<std::string> QueryTerms(std::string_view query) {
  const std::string key = SearchKey(query);
  std::vector<std::string> terms;
  std::string word;
  for (char c : key) {
    if (IsWordByte(c)) {
      word += c;
    } else if (!word.empty()) {
      terms.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) terms.push_back(std::move(word));
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

std::vector<Part> Highlight(std::string_view text, const std::vector<std::string>& terms) {
  const FoldedText f = FoldWithOffsets(text);
  return Split(text, f, FoldedMatches(f.key, terms), 0, text.size());
}

std::vector<Part> Snippet(std::string_view text, const std::vector<std::string>& terms, std::size_t max_bytes) {
  const FoldedText f = FoldWithOffsets(text);
  const auto matches = FoldedMatches(f.key, terms);
  if (text.size() <= max_bytes) return Split(text, f, matches, 0, text.size());
  // Start a little before the first match, on a character boundary (a key byte's begin).
  std::size_t from = 0;
  if (!matches.empty()) {
    const std::size_t first = f.begin[matches.front().first];
    const std::size_t lead = max_bytes / 4;
    if (first > lead) {
      const auto it = std::lower_bound(f.begin.begin(), f.begin.end(), static_cast<std::uint32_t>(first - lead));
      from = it == f.begin.end() ? first : *it;
    }
  }
  std::size_t to = text.size();
  if (to - from > max_bytes) {
    const auto it = std::lower_bound(f.begin.begin(), f.begin.end(), static_cast<std::uint32_t>(from + max_bytes));
    to = it == f.begin.end() ? text.size() : *it;
  }
  std::vector<Part> parts = Split(text, f, matches, from, to);
  if (from > 0) parts.insert(parts.begin(), Part{"…", false});
  if (to < text.size()) parts.push_back({"…", false});
  return parts;
}

bool MatchesAll(std::string_view text, const std::vector<std::string>& terms) {
  const std::string key = SearchKey(text);
  for (const std::string& t : terms) {
    bool found = false;
    for (std::size_t i = key.find(t); i != std::string::npos && !found; i = key.find(t, i + 1)) {
      found = i == 0 || !IsWordByte(key[i - 1]);
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace anninh::search
