// Events as the API shows them: one JSON shape for the list, one event, the live feed and
// the timeline, so a client parses one thing.
#pragma once

#include <nlohmann/json.hpp>

#include "events/event.h"
#include "store/event_store.h"

namespace anninh::serve {

nlohmann::json EventJson(const store::EventRow& row);
std::string_view ToString(events::Change change);

}  // namespace anninh::serve
