// `anninh units import FILE [--dry-run]`: the official unit list (or an update) from CSV,
// into the same database the server uses (WAL: safe beside it). docs/ref/cli.md.
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/commands_access.h"
#include "app/config.h"
#include "core/clock.h"
#include "core/fs.h"
#include "movement/registry.h"

namespace anninh::app {

int RunUnitsImport(const UnitsImportOptions& o) {
  auto config = LoadConfig(o.config_path);
  if (!config) {
    std::cerr << config.error().message() << "\n";
    return 2;
  }
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    std::cerr << "units import: cannot read " << o.file << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  if (auto s = fs::MakeDirsDurable(config->data_dir); !s) {
    std::cerr << s.error().ToString() << "\n";
    return 1;
  }
  auto registry = movement::Registry::Open(config->index_path(), config->data_dir / "movement" / "attachments",
                                           SystemClock::Get());
  if (!registry) {
    std::cerr << registry.error().ToString() << "\n";
    return 1;
  }
  auto report = (*registry)->ImportUnits(text.str(), o.dry_run);
  if (!report) {
    std::cerr << report.error().message() << "\n";
    return report.error().code() == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  int changed = 0;
  for (const auto& c : report->changes) {
    if (c.action == "unchanged") continue;
    ++changed;
    std::cout << fmt::format("line {:>4}  {:<9} {:<10} {}\n", c.line, c.action, c.code, c.detail);
  }
  std::cout << fmt::format("{} rows, {} changes{}\n", report->rows, changed,
                           o.dry_run ? " (dry run: nothing applied)" : " applied");
  if (!o.dry_run && !AuditFromCli(*config, "unit.import", "", 0, 0,
                                  fmt::format("{}: {} rows, {} changes", o.file, report->rows, changed))) {
    return 1;
  }
  return 0;
}

}  // namespace anninh::app
