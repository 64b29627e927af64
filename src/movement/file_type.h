// What an attachment is, judged by its first bytes rather than by its name or the
// Content-Type the browser sent: a file renamed "QĐ 12.pdf" that is really an executable is
// refused, and a download is served with the type its content has.
#pragma once

#include <optional>
#include <string_view>

namespace anninh::movement {

struct FileType {
  std::string_view mime;       // "application/pdf"
  std::string_view extension;  // "pdf": what the shown name should end with
};

// The kinds a committee attaches: decisions and minutes (PDF, Word, Excel, OpenDocument),
// photos (JPEG, PNG, WebP). Office files are ZIP (or OLE for the old .doc/.xls) inside, so
// for those the name's extension tells which of the family it is. nullopt: not one of them.
std::optional<FileType> SniffFileType(std::string_view content, std::string_view name);

}  // namespace anninh::movement
