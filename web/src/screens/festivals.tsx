// The annual festival (docs/design/0014-awards-and-festival.md): each unit's festival of a
// year with its points, programme, gifts and photos; its report; and the compliance view of
// a province or commune (which units held this year's festival and which did not).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { type Festival, vietnamToday } from "../lib/awards";
import { formatDay } from "../lib/time";
import { navigate, useLocation } from "../router";
import { t } from "../i18n";
import { FestivalPhotos } from "../components/awards_photos";
import { FestivalReport } from "../components/awards_report";
import { FestivalCompliance } from "../components/awards_compliance";

export function Festivals() {
  const loc = useLocation();
  const parts = loc.path.split("/").filter(Boolean); // ["festivals", ...]
  if (parts[1] === "compliance") return <FestivalCompliance />;
  if (parts[1] && parts[2] === "report") return <FestivalReport id={parts[1]} />;
  if (parts[1]) return <FestivalDetail id={parts[1]} />;
  return <FestivalList />;
}

// "village: Thôn Đông" per line -> points; "recipient; description; 500000" per line -> gifts.
function parsePoints(text: string) {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const i = l.indexOf(":");
    return i < 0 ? { kind: "village", name: l } : { kind: l.slice(0, i).trim(), name: l.slice(i + 1).trim() };
  });
}
function parseGifts(text: string) {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const [recipient, description, value] = l.split(";").map((x) => x.trim());
    return { recipient, description: description ?? "", value_vnd: Number((value ?? "0").replace(/\D/g, "")) };
  });
}

function FestivalList() {
  const [year, setYear] = useState(vietnamToday().slice(0, 4));
  const [list, setList] = useState<Festival[]>([]);
  const [open, setOpen] = useState(false);
  const [d, setD] = useState({ unit_code: "", held_on: "", programme: "", participants: "", guests: "", points: "", gifts: "", models: "" });
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const load = () => api<{ festivals: Festival[] }>("GET", `/api/v1/festivals?year=${year}&limit=1000`).then((r) => setList(r.festivals), (e) => setError({ message: (e as Error).message }));
  useEffect(() => {
    load();
  }, [year]);
  const set = (k: keyof typeof d) => (e: Event) => setD({ ...d, [k]: (e.target as HTMLInputElement).value });
  const bad = (f: string) => (error?.field?.startsWith(f) ? "invalid" : "");
  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const made = await api<Festival>("POST", "/api/v1/festivals", {
        unit_code: d.unit_code.trim(),
        year: Number(d.held_on.slice(0, 4)),
        held_on: d.held_on,
        programme: d.programme,
        participants: Number(d.participants || 0),
        guests: d.guests,
        points: parsePoints(d.points),
        gifts: parseGifts(d.gifts),
        models: d.models.split(",").map((x) => x.trim()).filter(Boolean).map(Number),
      });
      navigate(`/festivals/${made.id}`);
    } catch (err) {
      const e2 = err as ApiError;
      setError({ message: e2.message, field: e2.field });
    }
  };
  return (
    <section class="festivals-screen">
      <h1>{t("awards.festivals")}</h1>
      <div class="toolbar">
        <input type="number" name="year" value={year} min={2005} max={2100} onInput={(e) => setYear((e.target as HTMLInputElement).value)} aria-label={t("awards.year")} />
        <button class="primary" data-testid="festival-new" onClick={() => setOpen(true)}>{t("awards.newFestival")}</button>
        <a href="/festivals/compliance" onClick={(e) => { e.preventDefault(); navigate("/festivals/compliance"); }}>{t("awards.compliance")}</a>
      </div>
      {error && <p class="error" role="alert">{error.message}</p>}
      {open && (
        <form class="card form-grid" onSubmit={create} data-testid="festival-form">
          <label class={bad("unit_code")}>{t("awards.unitCode")}<input name="unit_code" value={d.unit_code} onInput={set("unit_code")} required /></label>
          <label class={bad("held_on")}>{t("awards.heldOn")}<input name="held_on" type="date" value={d.held_on} onInput={set("held_on")} required /></label>
          <label class={bad("participants")}>{t("awards.participants")}<input name="participants" inputMode="numeric" value={d.participants} onInput={set("participants")} /></label>
          <label class={bad("guests")}>{t("awards.guests")}<input name="guests" value={d.guests} onInput={set("guests")} /></label>
          <label class={bad("programme")}>{t("awards.programme")}<textarea name="programme" value={d.programme} onInput={set("programme")} /></label>
          <label class={bad("points")}>{t("awards.points")}<textarea name="points" value={d.points} onInput={set("points")} placeholder={t("awards.pointsHint")} /></label>
          <label class={bad("gifts")}>{t("awards.gifts")}<textarea name="gifts" value={d.gifts} onInput={set("gifts")} placeholder={t("awards.giftsHint")} /></label>
          <label class={bad("models")}>{t("awards.modelsLaunched")}<input name="models" value={d.models} onInput={set("models")} placeholder="3, 7" /></label>
          <span><button type="submit" class="primary">{t("common.save")}</button> <button type="button" onClick={() => setOpen(false)}>{t("common.cancel")}</button></span>
        </form>
      )}
      <table class="list">
        <thead><tr><th>{t("awards.unitCode")}</th><th>{t("awards.heldOn")}</th><th>{t("awards.points")}</th><th>{t("awards.participants")}</th></tr></thead>
        <tbody>
          {list.map((f) => (
            <tr data-festival={f.id}>
              <td><a href={`/festivals/${f.id}`} onClick={(e) => { e.preventDefault(); navigate(`/festivals/${f.id}`); }}>{f.unit_code}</a></td>
              <td>{formatDay(f.held_on)}</td>
              <td>{f.points.length}</td>
              <td>{f.participants}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function FestivalDetail({ id }: { id: string }) {
  const [f, setF] = useState<Festival | null>(null);
  const [error, setError] = useState("");
  const load = () => api<Festival>("GET", `/api/v1/festivals/${id}`).then(setF, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, [id]);
  if (!f) return <section>{error ? <p class="error" role="alert">{error}</p> : <p class="loading">{t("common.loading")}</p>}</section>;
  return (
    <section class="festival-detail" data-testid="festival-detail">
      <p><a href="/festivals" onClick={(e) => { e.preventDefault(); navigate("/festivals"); }}>← {t("awards.festivals")}</a></p>
      <h1>{t("awards.festivalOf", { unit: f.unit_code, year: f.year })}</h1>
      <div class="toolbar">
        <a class="button" data-testid="festival-report-link" href={`/festivals/${f.id}/report`} onClick={(e) => { e.preventDefault(); navigate(`/festivals/${f.id}/report`); }}>{t("awards.report")}</a>
      </div>
      <dl class="card">
        <dt>{t("awards.heldOn")}</dt><dd>{formatDay(f.held_on)}</dd>
        <dt>{t("awards.programme")}</dt><dd style="white-space: pre-wrap">{f.programme}</dd>
        <dt>{t("awards.participants")}</dt><dd>{f.participants}</dd>
        <dt>{t("awards.guests")}</dt><dd>{f.guests}</dd>
        <dt>{t("awards.points")}</dt><dd>{f.points.map((p) => `${t(`awards.pointKind.${p.kind}` as any)}: ${p.name}`).join("; ")}</dd>
      </dl>
      <FestivalPhotos festival={f} onAdded={load} />
    </section>
  );
}
