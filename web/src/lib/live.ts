// Live video over the server's WebSocket (docs/design/0007-live-view.md): a JSON "init"
// with the RFC 6381 codec string, the init segment, then fMP4 fragments appended to a
// Media Source Extensions SourceBuffer. "interrupted" means the camera dropped: the
// SourceBuffer is rebuilt on the next init. The player stays near the live edge and trims
// what lies behind it so the buffer never grows without bound.

export type LiveState = "connecting" | "playing" | "interrupted" | "unsupported" | "closed" | "denied";

const LIVE_LAG = 1.5; // seconds behind the newest frame before we jump forward
const KEEP_BEHIND = 20; // seconds of played video kept in the buffer

export class LivePlayer {
  private ws: WebSocket | null = null;
  private ms: MediaSource | null = null;
  private sb: SourceBuffer | null = null;
  private queue: ArrayBuffer[] = [];
  private mime = "";
  private stopped = false;
  private retry: number | undefined;
  private objectUrl = "";

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly url: string,
    private readonly onState: (s: LiveState, detail?: string) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retry);
    this.ws?.close();
    this.ws = null;
    this.resetMedia();
  }

  private connect(): void {
    this.onState("connecting");
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${proto}//${location.host}${this.url}`);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === "string") this.control(JSON.parse(ev.data));
      else this.media(ev.data as ArrayBuffer);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      this.resetMedia();
      // 1008: the server ended our access (rights changed, session over). A refused
      // handshake (401/403/404) closes before opening.
      if (ev.code === 1008 || !opened) {
        this.onState(ev.code === 1008 ? "denied" : "closed", String(ev.code));
      } else {
        this.onState("closed", String(ev.code));
      }
      this.retry = window.setTimeout(() => this.connect(), opened ? 2000 : 5000);
    };
  }

  private control(msg: { type: string; mime?: string; reason?: string }): void {
    if (msg.type === "init" && msg.mime) {
      this.resetMedia();
      this.mime = msg.mime;
      if (typeof MediaSource === "undefined" || !MediaSource.isTypeSupported(msg.mime)) {
        this.onState("unsupported", msg.mime);
        this.ws?.close();
        this.stopped = true;
        return;
      }
      const ms = new MediaSource();
      this.ms = ms;
      this.objectUrl = URL.createObjectURL(ms);
      this.video.src = this.objectUrl;
      ms.addEventListener("sourceopen", () => {
        if (this.ms !== ms) return;
        this.sb = ms.addSourceBuffer(this.mime);
        this.sb.mode = "segments";
        this.sb.addEventListener("updateend", () => this.pump());
        this.pump();
      });
    } else if (msg.type === "interrupted") {
      this.resetMedia();
      this.onState("interrupted", msg.reason);
    } else if (msg.type === "skipped") {
      this.catchUp(true);
    }
  }

  private media(data: ArrayBuffer): void {
    if (!this.ms) return;
    this.queue.push(data);
    // A tab in the background may stop draining; never hold more than a few seconds.
    if (this.queue.length > 200) this.queue.splice(1, this.queue.length - 100);
    this.pump();
  }

  private pump(): void {
    const sb = this.sb;
    if (!sb || sb.updating || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    try {
      sb.appendBuffer(next);
    } catch (e) {
      // QuotaExceeded: drop what was played and try again on the next fragment.
      this.trim(true);
      return;
    }
    this.catchUp(false);
    this.trim(false);
  }

  private catchUp(force: boolean): void {
    const v = this.video;
    const b = v.buffered;
    if (b.length === 0) return;
    const end = b.end(b.length - 1);
    if (v.currentTime < b.start(0) || force || end - v.currentTime > LIVE_LAG) {
      v.currentTime = Math.max(b.start(b.length - 1), end - 0.3);
    }
    if (v.paused) {
      v.play().then(
        () => this.onState("playing"),
        () => {},
      );
    } else {
      this.onState("playing");
    }
  }

  private trim(all: boolean): void {
    const sb = this.sb;
    const b = this.video.buffered;
    if (!sb || sb.updating || b.length === 0) return;
    const upTo = this.video.currentTime - (all ? 1 : KEEP_BEHIND);
    if (upTo > b.start(0) + 5) {
      try {
        sb.remove(b.start(0), upTo);
      } catch {
        /* the next append retries */
      }
    }
  }

  private resetMedia(): void {
    this.queue = [];
    this.sb = null;
    if (this.ms) {
      this.ms = null;
      this.video.removeAttribute("src");
      this.video.load();
      URL.revokeObjectURL(this.objectUrl);
    }
  }
}
