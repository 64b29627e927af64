#include "movement/file_type.h"

#include <array>
#include <cctype>
#include <string>

namespace anninh::movement {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The name's extension, lower case ASCII ("" when none).
std::string Extension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(name.substr(dot + 1));
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return ext;
}

}  // namespace

std::optional<FileType> SniffFileType(std::string_view content, std::string_view name) {
  using namespace std::string_view_literals;
  if (StartsWith(content, "%PDF-"sv)) return FileType{"application/pdf", "pdf"};
  if (StartsWith(content, "\xFF\xD8\xFF"sv)) return FileType{"image/jpeg", "jpg"};
  if (StartsWith(content, "\x89PNG\r\n\x1A\n"sv)) return FileType{"image/png", "png"};
  if (content.size() >= 12 && StartsWith(content, "RIFF"sv) && content.substr(8, 4) == "WEBP"sv) {
    return FileType{"image/webp", "webp"};
  }
  const std::string ext = Extension(name);
  if (StartsWith(content, "PK\x03\x04"sv)) {
    static constexpr std::array<FileType, 5> kZipped = {{
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
        {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
        {"application/vnd.oasis.opendocument.text", "odt"},
        {"application/vnd.oasis.opendocument.spreadsheet", "ods"},
    }};
    for (const FileType& t : kZipped) {
      if (ext == t.extension) return t;
    }
    return std::nullopt;  // a bare ZIP could hold anything
  }
  if (StartsWith(content, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv)) {
    if (ext == "doc") return FileType{"application/msword", "doc"};
    if (ext == "xls") return FileType{"application/vnd.ms-excel", "xls"};
  }
  return std::nullopt;
}

}  // namespace anninh::movement
