// Everything the movement keeps, over one connection: what the server and the CLI open.
//
// Thread-safe.
#pragma once

#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "core/error.h"
#include "movement/attachments.h"
#include "movement/evaluations.h"
#include "movement/mediation.h"
#include "movement/models.h"
#include "movement/people.h"
#include "movement/reports.h"
#include "movement/unit_import.h"
#include "movement/units.h"

namespace anninh::movement {

class Registry {
 public:
  // `attachments_root`: where model attachments are kept (<data>/movement/attachments).
  static Result<std::unique_ptr<Registry>> Open(const std::filesystem::path& db_path,
                                                const std::filesystem::path& attachments_root, const Clock& clock);
  ~Registry();

  Units& units() { return units_; }
  People& people() { return people_; }
  Models& models() { return models_; }
  Evaluations& evaluations() { return evaluations_; }
  Attachments& attachments() { return attachments_; }
  Mediation& mediation() { return mediation_; }
  Result<UnitImportReport> ImportUnits(std::string_view csv, bool dry_run);
  Result<Rollup> RollUp(const std::string& code, const std::string& as_of, const std::string& period,
                        const std::string& from = "");

 private:
  Registry(std::unique_ptr<store::sqlite::Database> db, const std::filesystem::path& attachments_root,
           const Clock& clock);
  std::unique_ptr<store::sqlite::Database> db_;
  Units units_;
  People people_;
  Models models_;
  Evaluations evaluations_;
  Attachments attachments_;
  Mediation mediation_;
};

}  // namespace anninh::movement
