#include "movement/vietnamese.h"

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <memory>

namespace anninh::movement {

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

std::string SearchKey(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString text = FromUtf8(utf8);
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(text, status) : text;
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length(); ++i) {
    const UChar ch = decomposed.charAt(i);
    if (ch >= 0x0300 && ch <= 0x036F) continue;  // combining diacritics (tones, hats, horns)
    // NFD does not decompose đ/Đ (nor the look-alike eth Ð and African D Ɖ).
    if (ch == 0x0111 || ch == 0x0110 || ch == 0x00D0 || ch == 0x0189) {
      out.append(static_cast<UChar>('d'));
      continue;
    }
    out.append(ch);
  }
  out.toLower();
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string ViUpper(std::string_view utf8) {
  icu::UnicodeString text = FromUtf8(utf8);
  text.toUpper(icu::Locale("vi"));
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace anninh::movement
