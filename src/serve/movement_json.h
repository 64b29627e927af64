// JSON for the movement's records (docs/ref/api.md, "Movement"), and the helpers their
// handlers share: the caller's unit scope, integer members, list pages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/rights.h"
#include "core/error.h"
#include "movement/evaluations.h"
#include "movement/models.h"
#include "movement/people.h"
#include "movement/reports.h"
#include "movement/unit_import.h"
#include "movement/units.h"
#include "serve/http.h"

namespace anninh::serve {

// The units a principal reaches: every unit for all-scope roles, else the subtrees under its
// areas (unit codes for movement roles).
movement::UnitScope ScopeOf(const access::Principal& who);

nlohmann::json UnitJson(const movement::UnitVersion& u);
nlohmann::json PersonJson(const movement::Person& p);
nlohmann::json PositionJson(const movement::Position& p);
nlohmann::json ModelJson(const movement::Model& m);
nlohmann::json EvaluationJson(const movement::Evaluation& e);
nlohmann::json TotalsJson(const movement::Totals& t);
nlohmann::json ImportJson(const movement::UnitImportReport& r);

// An integer member within [min, max]; `fallback` when absent (nullopt: required).
Result<int> JsonInt(const nlohmann::json& body, const char* name, int min, int max, std::optional<int> fallback);

// One page of a list already in its final order (serve/pagination.h: `limit`, `cursor`,
// the answer's `next`). The cursor is a position in that order.
struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next;  // the next page's cursor; none on the last page
};
Result<Page> PageOf(const Target& t, std::size_t total);

// That page of `list` as {key: [to_json(item), …], "next": the next cursor or null}: what
// every list route over an in-memory list answers.
template <typename T, typename ToJson>
Result<nlohmann::json> PagedJson(const Target& t, const std::vector<T>& list, const char* key, ToJson to_json) {
  auto page = PageOf(t, list.size());
  if (!page) return Fail(std::move(page).error());
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) items.push_back(to_json(list[i]));
  return nlohmann::json{{key, std::move(items)},
                        {"next", page->next ? nlohmann::json(*page->next) : nlohmann::json(nullptr)}};
}

}  // namespace anninh::serve
