// End-to-end test of the console's events review, timeline extras, health and account
// screens in headless Chromium (Debian's /usr/bin/chromium via playwright-core) against a
// real `anninh serve` analysing the real pedestrian test camera with a zone in its config.
// Usage (CTest runs it: web_e2e_console, label e2e):
//   node e2e/console.mjs --anninh build/dev/src/app/anninh --media build/dev/testcam-media --out DIR
// Screenshots: DIR/screenshots (1366×768 and a 390-px phone); the server's log: DIR/anninh.log.
import { join } from "node:path";
import { e2e, sleep as pause } from "./harness.mjs";

const ADMIN = { username: "admin", password: "mật khẩu quản trị dài" };
const NEW_PASSWORD = "mật khẩu mới của admin";

e2e("console", async (t) => {
  const { anninh, out } = t.args;
  const expect = (ok, what) => t.check(ok, what);
  const note = (msg) => t.log(msg);
  t.step = "test camera";
  const camPort = await t.startTestcam();

  t.step = "serve";
  // The pedestrian camera watches a zone over most of the footpath; detector "none" (motion
  // and shape) fires within seconds of someone walking in.
  const srv = await t.startServer(
    [
      `[site]`, `time_zone = "Asia/Ho_Chi_Minh"`,
      `[[cameras]]`, `id = "nga-ba-cho"`, `name = "Ngã ba chợ"`, `area = "thon-tay"`,
      `  [cameras.main]`, `  url = "rtsp://127.0.0.1:${camPort}/clock/main"`,
      `[[cameras]]`, `id = "loi-di"`, `name = "Lối đi bộ thôn Đông"`, `area = "thon-dong"`,
      `  [cameras.main]`, `  url = "rtsp://127.0.0.1:${camPort}/people/main"`,
      `  [cameras.sub]`, `  url = "rtsp://127.0.0.1:${camPort}/people/sub"`,
      `  [cameras.analytics]`, `  detector = "none"`,
      `  [[cameras.analytics.zones]]`, `  id = "via-he"`, `  points = [[0.02, 0.1], [0.98, 0.1], [0.98, 0.95], [0.02, 0.95]]`,
      `  [[cameras.analytics.rules]]`, `  id = "vao-via-he"`, `  kind = "enter"`, `  zone = "via-he"`,
      ``,
    ].join("\n"),
  );
  const base = srv.base;
  const m = [null, srv.setupToken];

  t.step = "static files";
  const shell = await fetch(`${base}/events`);
  const etag = shell.headers.get("etag");
  expect(shell.status === 200 && etag, "the shell has an ETag");
  const again = await fetch(`${base}/events`, { headers: { "If-None-Match": etag } });
  expect(again.status === 304 && (await again.text()) === "", "If-None-Match answers 304 without a body");
  const head = await fetch(`${base}/`, { method: "HEAD" });
  expect(head.status === 200 && Number(head.headers.get("content-length")) > 100, "HEAD has the length");

  const browser = await t.launch();
  {
    const desk = await t.browserContext();
    t.step = "first admin";
    const setup = await desk.request.post(`${base}/api/v1/setup`, { data: { setup_token: m[1], ...ADMIN, display_name: "Nguyễn Văn An" } });
    expect(setup.status() === 201, `setup answered ${setup.status()}`);
    const site = await (await desk.request.get(`${base}/api/v1/site`)).json();
    expect(site.time_zone === "Asia/Ho_Chi_Minh", "the site says its zone");
    const page = await desk.newPage();
    page.on("pageerror", (e) => note(`page error: ${e.message}`));
    const shot = (name, p = page) => p.screenshot({ path: join(t.shots, `${name}.png`), fullPage: false });

    // --- events arrive live, without reloading the page ---
    t.step = "events live";
    await page.goto(`${base}/events`);
    await page.waitForSelector("[data-testid=ev-live].state-streaming", { timeout: 20000 });
    await page.waitForSelector(".ev-list .muted, .ev-item[data-event]");
    // Whatever the first load showed, the test waits for an event that was not in it.
    const known = await page.evaluate(() => {
      window.__sameDocument = true;
      return [...document.querySelectorAll(".ev-item[data-event]")].map((e) => e.dataset.event);
    });
    await page.waitForFunction((ids) => [...document.querySelectorAll(".ev-item[data-event]")].some((e) => !ids.includes(e.dataset.event)), known, { timeout: 90000 });
    expect(await page.evaluate(() => window.__sameDocument === true), "the event came without a reload");
    const eventId = Number(await page.evaluate((ids) => [...document.querySelectorAll(".ev-item[data-event]")].find((e) => !ids.includes(e.dataset.event)).dataset.event, known));
    note(`event ${eventId} arrived live`);
    await shot("events-live");

    t.step = "mark reviewed";
    await page.click(`.ev-item[data-event="${eventId}"]`);
    await page.waitForSelector(`[data-testid=ev-detail][data-event="${eventId}"]`);
    await page.click("[data-testid=ev-review]");
    await page.waitForSelector("[data-testid=ev-reviewed-by]", { timeout: 10000 });
    const stored = await (await desk.request.get(`${base}/api/v1/events/${eventId}`)).json();
    expect(stored.reviewed === true && stored.reviewed_by === "admin", `the server has it reviewed by admin: ${JSON.stringify(stored)}`);
    await shot("events-reviewed");
    // The filter is the server's: "not reviewed" leaves it out after a reload of the list.
    await page.selectOption("select[name=ev-reviewed]", "false");
    await page.click("[data-testid=ev-apply]");
    await page.waitForFunction((id) => !document.querySelector(`.ev-item[data-event="${id}"]`), eventId, { timeout: 10000 });

    // --- timeline: hover thumbnail and next/previous event ---
    t.step = "timeline hover";
    await page.goto(`${base}/playback?cameras=loi-di`);
    await page.waitForSelector('.timeline .row[data-camera="loi-di"] .span', { timeout: 20000 });
    // The header stays one line at 1366×768 with every area in the menu (grouped).
    const header = await page.locator("header.topbar").boundingBox();
    expect(header.height < 70, `the header is one line at 1366×768 (${header.height}px)`);
    await page.locator('.timeline .row[data-camera="loi-di"]').evaluate((el) => el.scrollIntoView({ block: "center" }));
    // The cursor opens a minute before now, which may be before this young server recorded
    // anything, and in an hour's view its recording is a pixel or two under an event's mark:
    // go to the recording and zoom to a minute around it, as a person looking would.
    await page.click("[data-testid=next-recording]");
    await page.click("[data-testid=zoom-minute]");
    await page.waitForFunction(() => {
      const spans = [...document.querySelectorAll('.timeline .row[data-camera="loi-di"] .span')];
      return spans.some((s) => s.getBoundingClientRect().width > 40);
    }, null, { timeout: 10000 });
    const box = await page.locator('.timeline .row[data-camera="loi-di"] .span').last().boundingBox();
    // Points inside the span, not where an event's mark covers it; the newest seconds may not
    // be indexed yet (404), so the pointer moves along the span as a person's would.
    const points = await page.evaluate(({ x, y, w, h }) => {
      const out = [];
      for (let f = 0.1; f < 0.95; f += 0.1) {
        const el = document.elementFromPoint(x + w * f, y + h / 2);
        if (el && el.classList.contains("span")) out.push(x + w * f);
      }
      return out.length ? out : [x + w / 2];
    }, { x: box.x, y: box.y, w: box.width, h: box.height });
    let loaded = false;
    for (const px of points) {
      await page.mouse.move(px - 0.5, box.y + box.height / 2);
      await page.mouse.move(px, box.y + box.height / 2);
      loaded = await page
        .waitForFunction(() => {
          const img = document.querySelector("[data-testid=tl-hover] img");
          return img && img.complete && img.naturalWidth > 0;
        }, null, { timeout: 4000 })
        .then(() => true, () => false);
      if (loaded) break;
    }
    if (!loaded) {
      await shot("failure-timeline-hover");
      const src = await page.evaluate(() => document.querySelector("[data-testid=tl-hover] img")?.getAttribute("src") ?? "no hover");
      const r = src.startsWith("/") ? await desk.request.get(`${base}${src}`) : null;
      expect(false, `no hover picture: ${src} answered ${r ? `${r.status()} ${await r.text()}` : "-"}`);
    }
    await shot("timeline-hover");

    t.step = "next event";
    const { events } = await (await desk.request.get(`${base}/api/v1/events?cameras=loi-di&limit=1000`)).json();
    expect(events.length > 0, "there are events to jump to");
    const starts = events.map((e) => Math.round(e.start_ns / 1e6));
    const cursor = Number(await page.getAttribute("[data-testid=cursor]", "data-ms"));
    const after = starts.filter((s) => s > cursor + 1000);
    const before = starts.filter((s) => s < cursor - 1000);
    const [button, want] = after.length ? ["next-event", Math.min(...after)] : ["prev-event", Math.max(...before)];
    await page.click(`[data-testid=${button}]`);
    await page.waitForFunction((w) => Math.abs(Number(document.querySelector("[data-testid=cursor]").dataset.ms) - w) < 300, want, { timeout: 10000 });
    note(`${button} moved the cursor to the event at ${new Date(want).toISOString()}`);
    await shot("timeline-event");

    // --- health ---
    t.step = "health";
    await page.goto(`${base}/health`);
    await page.waitForSelector('.health-card[data-camera="loi-di"]', { timeout: 15000 });
    await page.waitForSelector('.health-card[data-camera="nga-ba-cho"]');
    const uptime = await page.textContent('.health-card[data-camera="loi-di"] [data-testid=uptime-total]');
    expect(/\d/.test(uptime), `an uptime figure (${uptime})`);
    await page.click('.health-card[data-camera="loi-di"] [data-testid=notes-toggle]');
    await page.fill('.health-card[data-camera="loi-di"] input[name=note-text]', "Đã lau ống kính");
    await page.keyboard.press("Enter");
    await page.waitForSelector('.health-card[data-camera="loi-di"] .notes li', { timeout: 10000 });
    await shot("health");

    // --- account: change password, then sign in with it ---
    t.step = "account";
    await page.goto(`${base}/account`);
    await page.fill("[data-testid=password-form] input[name=current]", ADMIN.password);
    await page.fill("[data-testid=password-form] input[name=new]", NEW_PASSWORD);
    await page.fill("[data-testid=password-form] input[name=again]", NEW_PASSWORD);
    await page.click("[data-testid=password-form] button[type=submit]");
    await page.waitForSelector("[data-testid=password-ok]", { timeout: 10000 });
    await shot("account");
    const fresh = await browser.newContext();
    const old = await fresh.request.post(`${base}/api/v1/session`, { data: ADMIN });
    expect(old.status() === 401, "the old password no longer signs in");
    const signedIn = await fresh.request.post(`${base}/api/v1/session`, { data: { username: ADMIN.username, password: NEW_PASSWORD } });
    expect(signedIn.status() === 200, "the new password signs in");

    // --- a 390-px phone: the same screens, no sideways scrolling ---
    t.step = "phone";
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await fresh.storageState() });
    const p = await phone.newPage();
    for (const [path, ready] of [["/events", ".ev-item[data-event]"], ["/health", ".health-card"], ["/account", "[data-testid=password-form]"]]) {
      await p.goto(`${base}${path}`);
      await p.waitForSelector(ready, { timeout: 15000 });
      const wide = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(wide <= 1, `${path} scrolls sideways by ${wide} px on a phone`);
      await shot(`phone-${path.slice(1)}`, p);
    }
    note("all console checks passed");
  }
});

