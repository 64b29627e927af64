// The movement's records (docs/design/0011-movement-records.md): one entry in the main
// navigation, its own tabs, every page a real URL under /movement so it can be bookmarked
// and sent to a colleague.
import type { SessionInfo } from "../lib/api";
import { navigate, useLocation } from "../router";
import { t, type MessageKey } from "../i18n";
import { MovementDashboard } from "./movement_dashboard";
import { MovementModels } from "./movement_models";
import { MovementModel } from "./movement_model";
import { MovementEvaluate } from "./movement_evaluate";
import { MovementUnits } from "./movement_units";
import { MovementFlagged } from "./movement_flagged";
import { MovementReports } from "./movement_reports";
import { MovementPeople } from "./movement_people";
import { MovementCatalogue } from "./movement_catalogue";

const TABS: { path: string; label: MessageKey }[] = [
  { path: "/movement", label: "mv.tab.dashboard" },
  { path: "/movement/models", label: "mv.tab.models" },
  { path: "/movement/flagged", label: "mv.tab.flagged" },
  { path: "/movement/units", label: "mv.tab.units" },
  { path: "/movement/people", label: "mvx.tab.people" },
  { path: "/movement/reports", label: "mv.tab.reports" },
  { path: "/movement/catalogue", label: "mvx.tab.catalogue" },
];

export function Movement(props: { session: SessionInfo }) {
  const loc = useLocation();
  const rights = new Set(props.session.user.rights);
  const canEdit = rights.has("movement.edit");
  const canManage = rights.has("unit.manage");
  const areas = props.session.user.areas;
  const parts = loc.path.split("/").filter(Boolean); // ["movement", "models", "12", "evaluate"]
  const modelId = parts[1] === "models" && /^\d+$/.test(parts[2] ?? "") ? Number(parts[2]) : null;
  const tab = TABS.slice().reverse().find((x) => loc.path === x.path || loc.path.startsWith(x.path + "/")) ?? TABS[0];

  let page;
  if (modelId !== null && parts[3] === "evaluate") page = <MovementEvaluate id={modelId} />;
  else if (modelId !== null) page = <MovementModel id={modelId} canEdit={canEdit} />;
  else if (tab.path === "/movement/models") page = <MovementModels canEdit={canEdit} areas={areas} />;
  else if (tab.path === "/movement/flagged") page = <MovementFlagged areas={areas} />;
  else if (tab.path === "/movement/units") page = <MovementUnits canManage={canManage} />;
  else if (tab.path === "/movement/people") page = <MovementPeople canEdit={canEdit} areas={areas} />;
  else if (tab.path === "/movement/catalogue") page = <MovementCatalogue />;
  else if (tab.path === "/movement/reports") page = <MovementReports areas={areas} />;
  else page = <MovementDashboard areas={areas} />;

  return (
    <section class="movement">
      <nav class="tabs" aria-label={t("nav.movement")}>
        {TABS.filter((x) => x.path !== "/movement/catalogue" || canManage).map((x) => (
          <a
            href={x.path}
            class={x === tab ? "active" : ""}
            data-testid={`mv-tab-${x.path.split("/")[2] ?? "dashboard"}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(x.path);
            }}
          >
            {t(x.label)}
          </a>
        ))}
      </nav>
      {page}
    </section>
  );
}
