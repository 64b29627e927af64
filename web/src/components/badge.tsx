import type { Camera, StreamInfo } from "../lib/api";
import { hasKey, t } from "../i18n";
import { formatDateTime } from "../lib/time";

// The stream a camera's health is judged by: the main stream when it has one.
export function primaryStream(c: Camera): StreamInfo | undefined {
  return c.streams.find((s) => s.name === "main") ?? c.streams[0];
}

// Online / offline with the reason and since when, from GET /api/v1/cameras.
export function StateBadge(props: { camera: Camera }) {
  const s = primaryStream(props.camera);
  const state = props.camera.enabled ? s?.state ?? "stopped" : "disabled";
  const key = `state.${state}`;
  const label = hasKey(key) ? t(key) : state;
  const since = s && s.since_ns ? t("state.since", { time: formatDateTime(s.since_ns / 1e6) }) : "";
  const reason = s?.reason ? t("state.reason", { reason: s.reason }) : "";
  return (
    <span class={`badge state-${state}`} data-state={state} title={[label, reason, since, s?.detail].filter(Boolean).join(" · ")}>
      {label}
      {state !== "streaming" && (reason || since) ? <small> {[reason, since].filter(Boolean).join(", ")}</small> : null}
    </span>
  );
}
