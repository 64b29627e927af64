// The festival report as a page (print it from the browser): the figures, the awards handed
// over (revoked ones struck out, not counted) and the models launched.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { type Award, type Festival, type Figures, vnd } from "../lib/awards";
import { formatDay } from "../lib/time";
import { navigate } from "../router";
import { t } from "../i18n";

interface Report {
  festival: Festival;
  unit_name: string;
  figures: Figures;
  awards: Award[];
  models: { id: number; name: string }[];
  form_names: Record<string, string>;
}

export function FestivalReport({ id }: { id: string }) {
  const [r, setR] = useState<Report | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<Report>("GET", `/api/v1/festivals/${id}/report`).then(setR, (e) => setError((e as Error).message));
  }, [id]);
  if (!r) return <section>{error ? <p class="error" role="alert">{error}</p> : <p class="loading">{t("common.loading")}</p>}</section>;
  const fig = r.figures;
  return (
    <section class="festival-report" data-testid="festival-report">
      <p><a href={`/festivals/${id}`} onClick={(e) => { e.preventDefault(); navigate(`/festivals/${id}`); }}>← {t("awards.festival")}</a></p>
      <h1>{t("awards.reportTitle", { unit: r.unit_name, year: r.festival.year })}</h1>
      <p>{t("awards.heldOn")}: {formatDay(r.festival.held_on)}</p>
      <table class="list figures">
        <tbody>
          <tr><th>{t("awards.points")}</th><td>{fig.points} ({Object.entries(fig.points_by_kind).map(([k, n]) => `${t(`awards.pointKind.${k}` as any)} ${n}`).join(", ")})</td></tr>
          <tr><th>{t("awards.participants")}</th><td>{fig.participants}</td></tr>
          <tr><th>{t("awards.modelsLaunched")}</th><td>{fig.models_launched}</td></tr>
          <tr><th>{t("awards.awardsHandedOver")}</th><td data-testid="report-awards-count">{fig.awards_handed_over}</td></tr>
          <tr><th>{t("awards.gifts")}</th><td>{fig.gifts} — {vnd(fig.gifts_value_vnd)}</td></tr>
          <tr><th>{t("awards.photos")}</th><td>{fig.photos}</td></tr>
        </tbody>
      </table>
      <h2>{t("awards.awardsHandedOver")}</h2>
      <table class="list">
        <thead><tr><th>{t("awards.form")}</th><th>{t("awards.recipient")}</th><th>{t("awards.decision")}</th></tr></thead>
        <tbody>
          {r.awards.map((a) => (
            <tr data-award={a.id} class={a.counts ? "" : "muted"} style={a.counts ? "" : "text-decoration: line-through"}>
              <td>{r.form_names[a.form_code] ?? a.form_code}</td>
              <td>{a.recipient.name}</td>
              <td>{a.decision ? `${a.decision.number}, ${formatDay(a.decision.date)}` : ""}{a.revocation ? ` — ${a.status_name}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.models.length > 0 && (
        <>
          <h2>{t("awards.modelsLaunched")}</h2>
          <ul>{r.models.map((m) => <li>{m.name}</li>)}</ul>
        </>
      )}
    </section>
  );
}
