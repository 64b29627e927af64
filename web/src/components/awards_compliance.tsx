// Which units under a province or commune held the year's festival and which did not, with
// the figures rolled up ("phải được duy trì hàng năm").
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { type Figures, vietnamToday, vnd } from "../lib/awards";
import { navigate, useLocation } from "../router";
import { t } from "../i18n";

interface Line {
  unit: { code: string; name: string };
  held: boolean;
  festivals: number[];
  figures: Figures;
}
interface Compliance {
  year: number;
  as_of: string;
  unit: { code: string; name: string };
  held: boolean;
  figures: Figures;
  children_held: number;
  children_total: number;
  children: Line[];
}

export function FestivalCompliance() {
  const loc = useLocation();
  const [unit, setUnit] = useState(loc.query.get("unit") ?? "");
  const [year, setYear] = useState(loc.query.get("year") ?? vietnamToday().slice(0, 4));
  const [c, setC] = useState<Compliance | null>(null);
  const [error, setError] = useState("");
  const load = () => {
    if (!unit) return;
    setError("");
    api<Compliance>("GET", `/api/v1/festivals/compliance?unit=${encodeURIComponent(unit)}&year=${year}`).then(setC, (e) => { setC(null); setError((e as Error).message); });
  };
  useEffect(load, []);
  return (
    <section class="festival-compliance" data-testid="festival-compliance">
      <p><a href="/festivals" onClick={(e) => { e.preventDefault(); navigate("/festivals"); }}>← {t("awards.festivals")}</a></p>
      <h1>{t("awards.compliance")}</h1>
      <form class="toolbar" onSubmit={(e) => { e.preventDefault(); navigate(`/festivals/compliance?unit=${encodeURIComponent(unit)}&year=${year}`, true); load(); }}>
        <input name="unit" value={unit} onInput={(e) => setUnit((e.target as HTMLInputElement).value)} placeholder={t("awards.unitCode")} required />
        <input name="year" type="number" value={year} onInput={(e) => setYear((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary">{t("awards.show")}</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {c && (
        <>
          <p data-testid="compliance-summary">{t("awards.complianceSummary", { unit: c.unit.name, held: c.children_held, total: c.children_total, year: c.year })}</p>
          <table class="list">
            <thead><tr><th>{t("awards.unit")}</th><th>{t("awards.held")}</th><th>{t("awards.points")}</th><th>{t("awards.participants")}</th><th>{t("awards.awardsHandedOver")}</th><th>{t("awards.gifts")}</th></tr></thead>
            <tbody>
              {c.children.map((l) => (
                <tr data-unit={l.unit.code} data-held={String(l.held)} class={l.held ? "" : "warn"}>
                  <td>{l.unit.name}</td>
                  <td>{l.held ? t("awards.yes") : t("awards.no")}</td>
                  <td>{l.figures.points}</td>
                  <td>{l.figures.participants}</td>
                  <td>{l.figures.awards_handed_over}</td>
                  <td>{vnd(l.figures.gifts_value_vnd)}</td>
                </tr>
              ))}
              <tr><th>{t("awards.total")}</th><th>{c.children_held}/{c.children_total}</th><th>{c.figures.points}</th><th>{c.figures.participants}</th><th>{c.figures.awards_handed_over}</th><th>{vnd(c.figures.gifts_value_vnd)}</th></tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
