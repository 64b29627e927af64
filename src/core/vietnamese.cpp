#include "core/vietnamese.h"

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <memory>

namespace anninh {

namespace {

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

// ICU collators are not safe to share between threads; one per thread, made once.
const icu::Collator* ViCollator() {
  thread_local std::unique_ptr<icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("vi"), status));
    return U_SUCCESS(status) ? std::move(c) : nullptr;
  }();
  return collator.get();
}

// NFD does not decompose đ/Đ (nor the look-alike eth Ð and African D Ɖ), so they are mapped
// by hand; several libraries have shipped without this (commons-lang #1216, charabia #257).
bool IsDLike(UChar32 c) { return c == 0x0111 || c == 0x0110 || c == 0x00D0 || c == 0x0189; }

// Appends the folded form of one code point to `out` (UTF-8).
void FoldCodePoint(UChar32 c, const icu::Normalizer2* nfd, std::string& out) {
  if (IsDLike(c)) {
    out.push_back('d');
    return;
  }
  if (c < 0x80) {  // ASCII: only case to fold, no allocation
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    return;
  }
  icu::UnicodeString decomposed;
  if (nfd == nullptr || !nfd->getDecomposition(c, decomposed)) decomposed = icu::UnicodeString(c);
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 d = decomposed.char32At(i);
    i += U16_LENGTH(d);
    if (u_getCombiningClass(d) != 0 || (d >= 0x0300 && d <= 0x036F)) continue;  // tones, hats, horns
    const UChar32 lower = u_tolower(d);
    char buf[4];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, lower, error);
    if (!error) out.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace

Result<std::string> Nfc(std::string_view utf8) {
  icu::UnicodeString text = FromUtf8(utf8);
  // fromUTF8 turns malformed sequences into U+FFFD; refuse them rather than store a guess.
  if (text.indexOf(static_cast<UChar>(0xFFFD)) >= 0 && utf8.find("\xEF\xBF\xBD") == std::string_view::npos)
    return Fail(ErrorCode::kInvalidArgument, "text is not valid UTF-8");
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return Fail(ErrorCode::kInternal, "ICU NFC unavailable");
  icu::UnicodeString out = nfc->normalize(text, status);
  if (U_FAILURE(status)) return Fail(ErrorCode::kInvalidArgument, "text cannot be normalised");
  std::string result;
  out.toUTF8String(result);
  return result;
}

bool ViLess(std::string_view a, std::string_view b) {
  const icu::Collator* c = ViCollator();
  if (c == nullptr) return a < b;
  UErrorCode status = U_ZERO_ERROR;
  const UCollationResult r = c->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                            icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
  if (U_FAILURE(status)) return a < b;
  return r == UCOL_LESS;
}

std::string SearchKey(std::string_view utf8) { return FoldWithOffsets(utf8).key; }

FoldedText FoldWithOffsets(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) nfd = nullptr;
  FoldedText out;
  out.key.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;  // malformed input still folds (to itself), never stops the search
    const std::size_t before = out.key.size();
    FoldCodePoint(c, nfd, out.key);
    // A combining mark on its own (NFD input) folds to nothing; nothing to map.
    out.begin.insert(out.begin.end(), out.key.size() - before, static_cast<std::uint32_t>(start));
    out.end.insert(out.end.end(), out.key.size() - before, static_cast<std::uint32_t>(i));
  }
  return out;
}

std::string ViUpper(std::string_view utf8) {
  icu::UnicodeString text = FromUtf8(utf8);
  text.toUpper(icu::Locale("vi"));
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace anninh
