import { useEffect, useRef, useState } from "preact/hooks";
import { api, isoMs } from "../lib/api";
import { mediaTimeFor, needsResync, MINUTE } from "../lib/timeline";
import { t } from "../i18n";

// The chunk of recording a <video> holds: video.mp4 of [from, to) whose media time 0 is
// `mediaStart` (the first segment's start, which is a keyframe: the server starts each
// range at the keyframe at or before `from`, so asking from 1 ms after a segment's start
// makes media time 0 exactly that start).
interface Chunk {
  from: number;
  to: number;
  mediaStart: number;
  src: string;
}

const CHUNK = 10 * MINUTE;

export interface SyncTarget {
  sync(wall: number, playing: boolean, speed: number): void;
  hasFootage(wall: number): boolean;
}

// One camera of synchronised playback; the parent's clock drives it through `register`.
export function PlaybackVideo(props: { cameraId: string; label: string; register: (id: string, s: SyncTarget | null) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const chunk = useRef<Chunk | null>(null);
  const loading = useRef<number | null>(null);
  const [status, setStatus] = useState<"empty" | "ok">("empty");

  const load = async (wall: number) => {
    if (loading.current !== null && Math.abs(loading.current - wall) < 1000) return;
    loading.current = wall;
    try {
      const q = `from=${isoMs(wall)}&to=${isoMs(wall + CHUNK)}&stream=main`;
      const r = await api<{ segments: { start: string; end: string }[] }>(
        "GET",
        `/api/v1/cameras/${encodeURIComponent(props.cameraId)}/recordings?${q}`,
      );
      if (loading.current !== wall) return;
      const first = r.segments[0];
      if (!first) {
        // Nothing from here on yet (the live edge, or the end of history): ask again soon.
        chunk.current = { from: wall, to: wall + 5000, mediaStart: Number.POSITIVE_INFINITY, src: "" };
        video.current?.removeAttribute("src");
        setStatus("empty");
        return;
      }
      const segStart = Date.parse(first.start);
      const from = segStart + 1;
      const to = Math.max(from + 1000, Math.min(segStart + CHUNK, Date.parse(r.segments[r.segments.length - 1].end)));
      const src = `/api/v1/cameras/${encodeURIComponent(props.cameraId)}/video.mp4?from=${isoMs(from)}&to=${isoMs(to)}`;
      chunk.current = { from: Math.min(wall, segStart), to, mediaStart: segStart, src };
      if (video.current) {
        video.current.src = src;
        video.current.load();
      }
    } catch {
      chunk.current = null;
    } finally {
      if (loading.current === wall) loading.current = null;
    }
  };

  useEffect(() => {
    const target: SyncTarget = {
      hasFootage: (wall) => {
        const c = chunk.current;
        return !!c && c.src !== "" && wall >= c.mediaStart && wall < c.to;
      },
      sync: (wall, playing, speed) => {
        const v = video.current;
        const c = chunk.current;
        if (!v) return;
        if (!c || wall < c.from || wall >= c.to) {
          if (!v.paused) v.pause();
          load(wall);
          return;
        }
        if (!c.src || wall < c.mediaStart) {
          if (!v.paused) v.pause();
          setStatus("empty");
          return;
        }
        setStatus("ok");
        const wanted = mediaTimeFor(wall, c.mediaStart);
        if (v.readyState >= 1 && Number.isFinite(v.duration) && wanted > v.duration + 0.5) {
          // Past what this chunk holds (recording ended or a hole): the next chunk.
          load(wall);
          return;
        }
        if (v.readyState >= 1 && needsResync(v.currentTime, wanted, playing ? 0.6 * Math.max(1, speed) : 0.05)) {
          v.currentTime = wanted;
        }
        v.playbackRate = speed;
        if (playing && v.paused) v.play().catch(() => {});
        if (!playing && !v.paused) v.pause();
      },
    };
    props.register(props.cameraId, target);
    return () => props.register(props.cameraId, null);
  }, [props.cameraId]);

  return (
    <figure class="tile playback" data-camera={props.cameraId}>
      <video ref={video} muted playsInline preload="auto" />
      <figcaption>
        <span class="cam-name">{props.label}</span>
        {status === "empty" && <small class="muted">{t("pb.noRecording")}</small>}
      </figcaption>
    </figure>
  );
}
