#include "movement/registry.h"

#include "movement/open.h"

namespace anninh::movement {

Registry::Registry(std::unique_ptr<store::sqlite::Database> db, const std::filesystem::path& attachments_root,
                   const Clock& clock)
    : db_(std::move(db)),
      units_(*db_),
      people_(*db_, clock),
      models_(*db_, clock),
      evaluations_(*db_, clock),
      attachments_(*db_, clock, attachments_root),
      mediation_(*db_, clock) {}

Registry::~Registry() = default;

Result<std::unique_ptr<Registry>> Registry::Open(const std::filesystem::path& db_path,
                                                 const std::filesystem::path& attachments_root, const Clock& clock) {
  auto db = OpenDatabase(db_path);
  if (!db) return Fail(std::move(db).error());
  return std::unique_ptr<Registry>(new Registry(std::move(*db), attachments_root, clock));
}

Result<UnitImportReport> Registry::ImportUnits(std::string_view csv, bool dry_run) {
  return movement::ImportUnits(*db_, csv, dry_run);
}

Result<Rollup> Registry::RollUp(const std::string& code, const std::string& as_of, const std::string& period,
                                const std::string& from) {
  return movement::RollUp(*db_, code, as_of, period, from);
}

}  // namespace anninh::movement
