// anninh: one binary, several subcommands (docs/ref/cli.md).
#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/commands_access.h"

int main(int argc, char** argv) {
  CLI::App cli{"anninh — community security: camera recording and movement records"};
  cli.require_subcommand(1);
  std::string config;

  auto* serve = cli.add_subcommand("serve", "Run the server: record every configured camera");
  serve->add_option("-c,--config", config, "Configuration file (TOML)")->required();

  std::string check_file;
  auto* check = cli.add_subcommand("check-config", "Validate a configuration file and exit");
  check->add_option("file", check_file, "Configuration file (TOML)")->required();

  anninh::app::RecordingsOptions rec;
  auto* recordings = cli.add_subcommand("recordings", "List what is recorded");
  recordings->add_option("-c,--config", rec.config_path, "Configuration file")->required();
  recordings->add_option("--camera", rec.camera, "Only this camera id");
  recordings->add_option("--from", rec.from, "Start time, RFC 3339 UTC (2026-11-29T02:00:00Z)");
  recordings->add_option("--to", rec.to, "End time, RFC 3339 UTC");
  recordings->add_flag("--segments", rec.segments, "List every segment and gap");
  recordings->add_flag("--json", rec.json, "Machine-readable output");

  bool repair = false;
  bool verify = false;
  auto* fsck = cli.add_subcommand("fsck", "Check recordings against the index");
  fsck->add_option("-c,--config", config, "Configuration file")->required();
  fsck->add_flag("--repair", repair, "Fix what can be fixed (the server must be stopped)");
  fsck->add_flag("--verify-hashes", verify, "Also re-hash every segment (reads all video)");

  anninh::app::HoldOptions hold_opts;
  auto* hold = cli.add_subcommand("hold", "Evidence holds: recordings retention must keep");
  hold->require_subcommand(1);
  auto* hold_add = hold->add_subcommand("add", "Hold a camera's recordings over a time range");
  hold_add->add_option("-c,--config", hold_opts.config_path, "Configuration file")->required();
  hold_add->add_option("--camera", hold_opts.camera, "Camera id")->required();
  hold_add->add_option("--from", hold_opts.from, "Start, RFC 3339 UTC (2026-11-29T02:00:00Z)")
      ->required();
  hold_add->add_option("--to", hold_opts.to, "End (exclusive), RFC 3339 UTC")->required();
  hold_add->add_option("--reason", hold_opts.reason, "Why, e.g. the case number")->required();
  auto* hold_release = hold->add_subcommand("release", "Release a hold by id");
  hold_release->add_option("-c,--config", hold_opts.config_path, "Configuration file")
      ->required();
  hold_release->add_option("id", hold_opts.id, "The hold's id (from hold list)")->required();
  auto* hold_list = hold->add_subcommand("list", "List holds");
  hold_list->add_option("-c,--config", hold_opts.config_path, "Configuration file")->required();
  hold_list->add_option("--camera", hold_opts.camera, "Only this camera id");
  hold_list->add_flag("--json", hold_opts.json, "Machine-readable output");

  anninh::app::AdminCreateOptions admin_opts;
  auto* admin = cli.add_subcommand("admin", "Administrators");
  admin->require_subcommand(1);
  auto* admin_create = admin->add_subcommand("create", "Create an administrator (the first one, or another)");
  admin_create->add_option("-c,--config", admin_opts.config_path, "Configuration file")->required();
  admin_create->add_option("--username", admin_opts.username, "Sign-in name: a-z 0-9 . _ -")->required();
  admin_create->add_option("--display-name", admin_opts.display_name, "The person's name");
  admin_create->add_flag("--password-stdin", admin_opts.password_stdin, "Read the password from stdin");

  anninh::app::TokenCreateOptions token_opts;
  auto* token = cli.add_subcommand("token", "API tokens for scripts and other sites");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create a token; prints it once");
  token_create->add_option("-c,--config", token_opts.config_path, "Configuration file")->required();
  token_create->add_option("--user", token_opts.username, "The account it acts as")->required();
  token_create->add_option("--name", token_opts.name, "What it is for, e.g. 'province hub'")->required();
  token_create->add_option("--days", token_opts.days, "Lifetime in days (0: never expires)")
      ->check(CLI::Range(0, 3650));

  anninh::app::UnitsImportOptions units_opts;
  auto* units = cli.add_subcommand("units", "Administrative units (movement records)");
  units->require_subcommand(1);
  auto* units_import =
      units->add_subcommand("import", "Import or update the unit list from CSV (code,name,level,parent,effective[,predecessors])");
  units_import->add_option("-c,--config", units_opts.config_path, "Configuration file")->required();
  units_import->add_option("file", units_opts.file, "The CSV file")->required();
  units_import->add_flag("--dry-run", units_opts.dry_run, "Show what would change; apply nothing");

  std::string search_config;
  auto* search = cli.add_subcommand("search", "The search index over news, units, models and people");
  search->require_subcommand(1);
  auto* search_rebuild = search->add_subcommand("rebuild", "Re-index every searchable record");
  search_rebuild->add_option("-c,--config", search_config, "Configuration file")->required();

  std::string audit_config;
  auto* audit = cli.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the audit log's hash chain");
  audit_verify->add_option("-c,--config", audit_config, "Configuration file")->required();

  anninh::app::ExportCommandOptions export_opts;
  auto* export_cmd =
      cli.add_subcommand("export", "Export a camera's range as a signed evidence package");
  export_cmd->add_option("-c,--config", export_opts.config_path, "Configuration file")->required();
  export_cmd->add_option("--camera", export_opts.camera, "Camera id")->required();
  export_cmd->add_option("--from", export_opts.from, "Start, RFC 3339 UTC (2026-11-29T02:00:00Z)")
      ->required();
  export_cmd->add_option("--to", export_opts.to, "End (exclusive), RFC 3339 UTC")->required();
  export_cmd->add_option("--reason", export_opts.reason, "Why it is exported")->required();
  export_cmd->add_option("--stream", export_opts.stream, "main (default) or sub");
  export_cmd->add_option("--by", export_opts.by, "Who exports it (default: cli:<login name>)");
  export_cmd->add_option("--case", export_opts.case_ref, "The case reference, if any");
  export_cmd->add_option("--out", export_opts.out,
                         "Folder for the package (default: <data>/exports)");

  anninh::app::VerifyCommandOptions verify_opts;
  auto* verify_cmd =
      cli.add_subcommand("verify", "Check an evidence package (folder or .zip) offline");
  verify_cmd->add_option("package", verify_opts.package, "The package folder or .zip")->required();
  auto* key_opt = verify_cmd->add_option("--key", verify_opts.key_hex,
                                         "The public key (64 hex digits) it must be signed with");
  verify_cmd->add_option("--key-file", verify_opts.key_file, "A file holding that key in hex")
      ->excludes(key_opt);
  verify_cmd->add_flag("--json", verify_opts.json, "Machine-readable report");

  auto* version = cli.add_subcommand("version", "Print version and library versions");

  CLI11_PARSE(cli, argc, argv);

  if (serve->parsed()) return anninh::app::RunServe(config);
  if (check->parsed()) return anninh::app::RunCheckConfig(check_file);
  if (recordings->parsed()) return anninh::app::RunRecordings(rec);
  if (hold_add->parsed()) return anninh::app::RunHoldAdd(hold_opts);
  if (hold_release->parsed()) return anninh::app::RunHoldRelease(hold_opts);
  if (hold_list->parsed()) return anninh::app::RunHoldList(hold_opts);
  if (fsck->parsed()) return anninh::app::RunFsck(config, repair, verify);
  if (admin_create->parsed()) return anninh::app::RunAdminCreate(admin_opts);
  if (token_create->parsed()) return anninh::app::RunTokenCreate(token_opts);
  if (audit_verify->parsed()) return anninh::app::RunAuditVerify(audit_config);
  if (units_import->parsed()) return anninh::app::RunUnitsImport(units_opts);
  if (search_rebuild->parsed()) return anninh::app::RunSearchRebuild(search_config);
  if (export_cmd->parsed()) return anninh::app::RunExport(export_opts);
  if (verify_cmd->parsed()) return anninh::app::RunVerify(verify_opts);
  if (version->parsed()) return anninh::app::RunVersion();
  return 2;
}
