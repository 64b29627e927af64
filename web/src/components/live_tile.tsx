import { useEffect, useRef, useState } from "preact/hooks";
import type { Camera } from "../lib/api";
import { LivePlayer, type LiveState } from "../lib/live";
import { t } from "../i18n";
import { StateBadge } from "./badge";

// One camera in the live grid (sub stream) or focused (main stream). Falls back to
// snapshots refreshed every few seconds when the browser cannot play the codec or the
// live connection keeps failing.
export function LiveTile(props: { camera: Camera; stream: string; focused: boolean; canSnapshot: boolean; onClick?: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<LiveState>("connecting");
  const [fallback, setFallback] = useState(false);
  const [snapTick, setSnapTick] = useState(0);
  const cam = props.camera;
  const running = cam.streams.some((s) => s.name === props.stream && s.live?.available);

  useEffect(() => {
    setFallback(false);
    if (!video.current || !running) return;
    let failures = 0;
    const player = new LivePlayer(video.current, `/api/v1/cameras/${encodeURIComponent(cam.id)}/live?stream=${props.stream}`, (s) => {
      setState(s);
      if (s === "playing") failures = 0;
      if (s === "closed" || s === "denied") failures++;
      if (s === "unsupported" || failures >= 3) setFallback(true);
    });
    player.start();
    return () => player.stop();
  }, [cam.id, props.stream, running]);

  const showSnapshot = props.canSnapshot && (fallback || !running);
  useEffect(() => {
    if (!showSnapshot) return;
    const id = window.setInterval(() => setSnapTick((n) => n + 1), 5000);
    return () => window.clearInterval(id);
  }, [showSnapshot]);

  return (
    <figure class={`tile ${props.focused ? "focused" : ""}`} data-camera={cam.id} onClick={props.onClick} title={props.focused ? "" : t("live.focusHint")}>
      {showSnapshot ? (
        <img
          class="snapshot"
          alt={t("live.snapshot")}
          src={`/api/v1/cameras/${encodeURIComponent(cam.id)}/snapshot.jpg?width=${props.focused ? 1280 : 640}&_=${snapTick}`}
        />
      ) : (
        <video ref={video} muted playsInline autoPlay data-stream={props.stream} />
      )}
      <figcaption>
        <span class="cam-name">{cam.name || cam.id}</span>
        <StateBadge camera={cam} />
        {!showSnapshot && state === "connecting" && running && <small class="muted">{t("live.connecting")}</small>}
        {state === "interrupted" && <small class="warn">{t("live.interrupted")}</small>}
        {fallback && <small class="muted">{t("live.unsupported")}</small>}
      </figcaption>
    </figure>
  );
}
