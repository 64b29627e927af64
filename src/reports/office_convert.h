// Converts a document with LibreOffice headless (`soffice --headless --convert-to`), one
// process per conversion with its own user profile (LibreOffice refuses a second instance on
// a profile another one holds, and a shared profile would serialise the jobs), a timeout,
// and a cancel check. Its failures are errors that say what happened and what to check
// ([reports] soffice, the log it wrote).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "core/error.h"

namespace anninh::reports {

struct ConvertOptions {
  std::string soffice = "soffice";  // a path, or a name looked up on PATH
  std::chrono::seconds timeout{120};
};

// Converts `input` to `target`, a LibreOffice filter spec ("docx:MS Word 2007 XML",
// "pdf:writer_pdf_Export", "csv:Text - txt - csv (StarCalc)", "txt:Text"), writing into
// `out_dir` (which must exist); the profile goes under `work_dir` and is removed after.
// Returns the output's path: out_dir / (input's stem + "." + the spec's extension).
// `keep_going` is polled a few times a second; false stops the conversion (kFailedPrecondition).
// Errors: kUnavailable when soffice cannot be found or started, kDeadlineExceeded on the
// timeout (the process group is killed), kInternal when it exits badly or writes nothing.
Result<std::filesystem::path> Convert(const ConvertOptions& options, const std::filesystem::path& input,
                                      const std::string& target, const std::filesystem::path& out_dir,
                                      const std::filesystem::path& work_dir,
                                      const std::function<bool()>& keep_going = {});

}  // namespace anninh::reports
