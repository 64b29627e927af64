// "Liên kết website": the list of links to other sites (the ministry, the province's police,
// the commune's portal) shown on every public page. Only http and https URLs are kept, so a
// link can never run script on the page that shows it.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::news {

struct Link {
  std::int64_t id = 0;
  std::string title;
  std::string url;
  std::int64_t position = 0;  // smaller first
};

class Links {
 public:
  Links(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<Link> Add(const std::string& actor, Link link);
  Result<Link> Update(const std::string& actor, Link link);
  Status Remove(std::int64_t id);
  Result<std::vector<Link>> List() const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

}  // namespace anninh::news
