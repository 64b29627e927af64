// What every end-to-end test of the console needs: the RTSP test camera, a real `anninh
// serve` with a config the test writes, the first administrator, an API client that signs
// in like the console does (cookie + CSRF token), and Debian's headless Chromium driven by
// playwright-core (no browser is ever downloaded). Each test is its own file (run.mjs,
// movement.mjs, …) and its own CTest, so one area's failure names itself.
//
// A test file:
//   import { e2e } from "./harness.mjs";
//   e2e("movement", async (t) => {
//     const cam = await t.startTestcam();
//     const srv = await t.startServer(cameraToml(cam));
//     const admin = await t.createAdmin(srv);          // an API client, signed in
//     const page = await (await t.browserContext({ signedIn: admin })).newPage();
//     t.step = "model list"; ... t.check(cond, "what should hold"); await t.shot("01-models", page);
//   });
// Arguments (CTest passes them): --anninh BIN --media DIR --out DIR [--web DIR].
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "..", "..");
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function parseArgs(argv = process.argv.slice(2)) {
  const args = Object.fromEntries(argv.reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
  return {
    raw: args,
    anninh: resolve(args.anninh ?? join(repo, "build/dev/src/app/anninh")),
    media: resolve(args.media ?? join(repo, "build/dev/testcam-media")),
    out: resolve(args.out ?? join(repo, "build/dev/web-e2e")),
    webRoot: resolve(args.web ?? join(repo, "web/dist")),
    browserPath: process.env.ANNINH_CHROMIUM ?? "/usr/bin/chromium",
  };
}

// A signed-in API client: JSON in and out, the CSRF token on writes, errors thrown with the
// server's message. `raw` gives the Response for status checks.
// Go to a screen through the header's menu as a person would: a screen inside a group
// (components/nav_menu.tsx) needs its group opened first.
export async function openScreen(page, path) {
  const link = page.locator(`header nav a[href='${path}']`);
  if (!(await link.isVisible())) {
    await page.locator(`header nav .nav-group:has(a[href='${path}']) > button`).click();
  }
  await link.click();
}

export class ApiClient {
  constructor(base, cookie = "", csrf = "") {
    this.base = base;
    this.cookie = cookie;
    this.csrf = csrf;
  }
  async raw(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.Cookie = this.cookie;
    if (this.csrf && method !== "GET") h["X-CSRF-Token"] = this.csrf;
    let payload = body;
    if (body !== undefined && !(body instanceof Uint8Array) && typeof body !== "string") {
      h["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    return fetch(`${this.base}${path}`, { method, headers: h, body: payload });
  }
  async call(method, path, body, headers) {
    const r = await this.raw(method, path, body, headers);
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  // Signs in (POST /api/v1/session) and returns a client holding that session.
  static async signIn(base, username, password) {
    const r = await fetch(`${base}/api/v1/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (!r.ok) throw new Error(`sign-in as ${username}: ${r.status} ${await r.text()}`);
    return ApiClient.fromSession(base, r, await r.json(), username, password);
  }
  static fromSession(base, response, session, username, password) {
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
    const c = new ApiClient(base, cookie, session.csrf_token);
    c.username = username;
    c.password = password;
    return c;
  }
}

class Harness {
  constructor(name, args) {
    this.name = name;
    this.args = args;
    this.out = args.out;
    this.shots = join(args.out, "screenshots");
    this.step = "start";
    this.children = [];
    this.browser = null;
    rmSync(this.out, { recursive: true, force: true });
    mkdirSync(this.shots, { recursive: true });
  }

  log(msg) {
    console.log(`[e2e ${this.name} ${new Date().toISOString().slice(11, 19)}] ${msg}`);
  }
  check(cond, msg) {
    if (!cond) throw new Error(`${this.step}: ${msg}`);
  }
  shot(name, page) {
    return page.screenshot({ path: join(this.shots, `${name}.png`) });
  }

  // Starts a process and resolves with the first match of `pattern` in its output; the
  // output goes to `logName` under the output folder.
  startAndWait(cmd, argv, pattern, logName, timeoutMs = 30000, options = {}) {
    const logFile = join(this.out, logName);
    return new Promise((resolveP, reject) => {
      const child = spawn(cmd, argv, { cwd: repo, stdio: ["ignore", "pipe", "pipe"], ...options });
      this.children.push(child);
      let text = "";
      const timer = setTimeout(() => reject(new Error(`${cmd}: no ${pattern} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
      const onData = (d) => {
        text += d.toString();
        writeFileSync(logFile, text);
        const m = pattern.exec(text);
        if (m) {
          clearTimeout(timer);
          resolveP({ child, match: m, text: () => text });
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${cmd} exited with ${code}:\n${text}`));
      });
    });
  }

  // The RTSP test camera (tools/testcam): /people/{main,sub} (the pedestrian clip),
  // /clock/{main,sub}, /hevc/main. Resolves with its port.
  async startTestcam() {
    const cam = await this.startAndWait("/usr/bin/python3", ["tools/testcam/testcam", "--media", this.args.media, "--port", "0"], /READY port=(\d+)/, "testcam.log");
    this.log(`test camera on ${cam.match[1]}`);
    return Number(cam.match[1]);
  }

  // `anninh serve` with a site folder under the output folder. `extraToml` is appended to a
  // base config (data dir, 4-s segments, quick reconnects, a free port, the built console):
  // cameras and any other sections the test needs. Resolves with { base, setupToken, site }.
  async startServer(extraToml = "", { webRoot = true } = {}) {
    this.check(existsSync(this.args.anninh), `no ${this.args.anninh}`);
    if (webRoot) this.check(existsSync(join(this.args.webRoot, "index.html")), `no ${this.args.webRoot}/index.html: build web/ first`);
    const site = join(this.out, "site");
    mkdirSync(site, { recursive: true });
    writeFileSync(
      join(site, "anninh.toml"),
      `[server]\ndata_dir = "data"\nlog_level = "info"\n[recording]\nsegment_seconds = 4\n` +
        `[ingest]\nconnect_timeout_s = 5\nstall_timeout_s = 5\n` +
        `[http]\nlisten = "127.0.0.1:0"\n${webRoot ? `web_root = "${this.args.webRoot}"\n` : ""}` +
        extraToml,
    );
    const server = await this.startAndWait(this.args.anninh, ["serve", "--config", join(site, "anninh.toml")], /setup token (\S+)[\s\S]*?POST http:\/\/([\d.:]+)\//, "anninh.log");
    const base = `http://${server.match[2]}`;
    this.log(`anninh serve at ${base}`);
    return { base, setupToken: server.match[1], site };
  }

  // The first administrator through POST /api/v1/setup; resolves with a signed-in ApiClient.
  async createAdmin(srv, username = "admin", password = "mật khẩu quản trị dài", displayName = "Nguyễn Văn An") {
    const r = await fetch(`${srv.base}/api/v1/setup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ setup_token: srv.setupToken, username, password, display_name: displayName }),
    });
    this.check(r.status === 201, `setup: ${r.status} ${await r.clone().text()}`);
    return ApiClient.fromSession(srv.base, r, await r.json(), username, password);
  }

  async launch() {
    if (!this.browser) {
      this.browser = await chromium.launch({
        executablePath: this.args.browserPath,
        headless: true,
        args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--disable-gpu"],
      });
    }
    return this.browser;
  }

  // A browser context (desktop 1366×768 by default; { phone: true } for a 390-px phone),
  // Vietnamese, optionally signed in as an ApiClient's user (its session cookie).
  async browserContext({ phone = false, signedIn = null, ...options } = {}) {
    const browser = await this.launch();
    const viewport = phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1366, height: 768 } };
    const ctx = await browser.newContext({ ...viewport, acceptDownloads: true, locale: "vi-VN", ...options });
    if (signedIn) {
      const [name, ...value] = signedIn.cookie.split("=");
      await ctx.addCookies([{ name, value: value.join("="), url: signedIn.base }]);
    }
    ctx.on("page", (p) => p.on("pageerror", (e) => this.log(`page error: ${e.message}`)));
    return ctx;
  }

  // A page's horizontal overflow in px (0 when nothing scrolls sideways).
  overflow(page) {
    return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  cleanup() {
    for (const c of this.children.reverse()) {
      if (c.exitCode === null) c.kill("SIGTERM");
    }
  }
}

// Runs one end-to-end test: exit 0 when `body` resolves; on failure, screenshots of every
// open page, the server log's tail, exit 1.
export function e2e(name, body) {
  const t = new Harness(name, parseArgs());
  process.on("exit", () => t.cleanup());
  process.on("SIGTERM", () => process.exit(143));
  process.on("SIGINT", () => process.exit(130));
  const run = async () => {
    try {
      await body(t);
      t.log(`all passed; screenshots in ${t.shots}`);
    } catch (e) {
      if (t.browser) {
        for (const [i, p] of t.browser.contexts().flatMap((c) => c.pages()).entries()) {
          await p.screenshot({ path: join(t.shots, `failed-${i}.png`) }).catch(() => {});
        }
      }
      throw e;
    } finally {
      if (t.browser) await t.browser.close();
    }
  };
  run().then(
    () => {
      t.cleanup();
      process.exit(0);
    },
    (e) => {
      console.error(`[e2e ${name}] FAILED at ${t.step}: ${e.stack ?? e}`);
      try {
        console.error(readFileSync(join(t.out, "anninh.log"), "utf8").split("\n").slice(-30).join("\n"));
      } catch {}
      t.cleanup();
      process.exit(1);
    },
  );
}
