// Models rated yếu in consecutive periods (GET /api/v1/reports/flagged), per unit: the list a
// committee reviews before deciding to replicate or retire (both on the model's page).
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import type { FlaggedModel } from "../lib/movement";
import { useLocation } from "../router";
import { Link } from "../components/movement_link";
import { statusLabel } from "../components/movement_labels";
import { UnitPick, useDefaultUnit } from "../components/movement_unit_pick";
import { t } from "../i18n";

export function MovementFlagged(props: { areas: string[] }) {
  const loc = useLocation();
  const [defaultUnit, setDefaultUnit, units] = useDefaultUnit(props.areas);
  const unit = loc.query.get("unit") ?? defaultUnit;
  const [consecutive, setConsecutive] = useState(2);
  const [list, setList] = useState<FlaggedModel[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    setError("");
    const p = new URLSearchParams({ consecutive: String(consecutive) });
    if (unit) p.set("unit", unit);
    api<{ models: FlaggedModel[] }>("GET", `/api/v1/reports/flagged?${p}`).then((r) => setList(r.models), (e) => setError((e as Error).message));
  }, [unit, consecutive]);

  const pickUnit = (code: string) => {
    setDefaultUnit(code);
    history.replaceState(null, "", `/movement/flagged?unit=${encodeURIComponent(code)}`);
    dispatchEvent(new PopStateEvent("popstate"));
  };

  return (
    <div class="mv-flagged">
      <h1>{t("mv.flagged.title")}</h1>
      <form class="card form-grid" onSubmit={(e) => e.preventDefault()}>
        <UnitPick value={unit} onChange={pickUnit} units={units} />
        <label>
          {t("mv.flagged.consecutive")}
          <input type="number" name="consecutive" min="1" max="12" value={consecutive} onChange={(e) => setConsecutive(Number((e.target as HTMLInputElement).value) || 2)} />
        </label>
      </form>
      {error && <p class="error">{error}</p>}
      <div class="table-wrap">
        <table class="list" data-testid="mv-flagged">
          <thead><tr><th>{t("mv.name")}</th><th>{t("mv.unit")}</th><th>{t("mv.status")}</th><th>{t("mv.flagged.periods")}</th></tr></thead>
          <tbody>
            {(list ?? []).map((f) => (
              <tr data-model={f.model.id}>
                <td><Link href={`/movement/models/${f.model.id}`}>{f.model.name}</Link></td>
                <td>{f.model.unit_code}</td>
                <td>{statusLabel(f.model.status)}</td>
                <td>{f.weak_periods.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list && list.length === 0 && <p class="muted">{t("mv.flagged.none")}</p>}
    </div>
  );
}
