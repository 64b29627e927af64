// A person's full award history (revoked and rejected included, marked), with the posts and
// service that count toward the medal, and the holds that defer it.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { type Award } from "../lib/awards";
import { formatDay } from "../lib/time";
import { navigate } from "../router";
import { t } from "../i18n";

interface History {
  person: { id: number; name: string; birth_year: number; gender: string; unit_code: string };
  awards: Award[];
  counting: number;
  positions: { kind: string; unit_code: string; start_date: string; end_date: string }[];
  service: { track: string; post: string; start_date: string; end_date: string; hardship: boolean }[];
  holds: { kind: string; opened_on: string; closed_on: string; note: string; open: boolean }[];
}

export function PersonAwards({ id }: { id: string }) {
  const [h, setH] = useState<History | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<History>("GET", `/api/v1/people/${id}/awards`).then(setH, (e) => setError((e as Error).message));
  }, [id]);
  if (!h) return <section>{error ? <p class="error" role="alert">{error}</p> : <p class="loading">{t("common.loading")}</p>}</section>;
  return (
    <section class="person-awards" data-testid="person-awards">
      <p><a href="/awards" onClick={(e) => { e.preventDefault(); navigate("/awards"); }}>← {t("awards.title")}</a></p>
      <h1>{h.person.name}</h1>
      <p class="muted">{h.person.unit_code}{h.person.birth_year ? `, ${h.person.birth_year}` : ""} — {t("awards.counting", { count: h.counting })}</p>
      <h2>{t("awards.history")}</h2>
      <table class="list">
        <thead><tr><th>{t("awards.form")}</th><th>{t("awards.decision")}</th><th>{t("awards.handedOn")}</th><th>{t("awards.status")}</th></tr></thead>
        <tbody>
          {h.awards.map((a) => (
            <tr data-award={a.id} data-status={a.status} class={a.counts ? "" : "muted"}>
              <td><a href={`/awards/${a.id}`} onClick={(e) => { e.preventDefault(); navigate(`/awards/${a.id}`); }}>{a.form_code}</a> — {a.achievement}</td>
              <td>{a.decision ? `${a.decision.number}, ${formatDay(a.decision.date)}` : ""}</td>
              <td>{formatDay(a.handed_on)}</td>
              <td>{a.status_name}{a.revocation ? `: ${a.revocation.reason}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("awards.service")}</h2>
      <ul>
        {h.positions.map((p) => <li>{p.kind} — {p.unit_code}: {formatDay(p.start_date)} → {formatDay(p.end_date) || t("awards.now")}</li>)}
        {h.service.map((s) => <li>{s.track}{s.post ? ` (${s.post})` : ""}: {formatDay(s.start_date)} → {formatDay(s.end_date) || t("awards.now")}{s.hardship ? ` — ${t("awards.hardship")}` : ""}</li>)}
      </ul>
      {h.holds.length > 0 && (
        <>
          <h2>{t("awards.holds")}</h2>
          <ul>{h.holds.map((x) => <li class={x.open ? "warn" : "muted"}>{x.kind}: {formatDay(x.opened_on)} → {formatDay(x.closed_on) || t("awards.now")} {x.note}</li>)}</ul>
        </>
      )}
    </section>
  );
}
