// `anninh search rebuild`: re-indexes every searchable record (docs/ref/cli.md). The index
// follows every write by itself (docs/design/0015-news-and-search.md); this is for after a
// restore from backup or a change to how text is folded.
#include <iostream>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/config.h"
#include "search/index.h"

namespace anninh::app {

int RunSearchRebuild(const std::string& config_path) {
  auto config = LoadConfig(config_path);
  if (!config) {
    std::cerr << config.error().message() << "\n";
    return 2;
  }
  auto index = search::Index::Open(config->index_path());
  if (!index) {
    std::cerr << index.error().ToString() << "\n";
    return 1;
  }
  auto n = (*index)->Rebuild();
  if (!n) {
    std::cerr << n.error().ToString() << "\n";
    return 1;
  }
  std::cout << fmt::format("search: {} records indexed\n", *n);
  return 0;
}

}  // namespace anninh::app
