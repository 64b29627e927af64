// End-to-end test of the web console in headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core; no browser is ever downloaded) against a real `anninh serve` recording
// the real RTSP test camera: first-run setup, live grid, playback, export, users, audit,
// session expiry, a village viewer on a phone. Usage (CTest runs it: web_e2e, label e2e):
//   node e2e/run.mjs --anninh build/dev/src/app/anninh --media build/dev/testcam-media --out DIR [--proxy PORT]
// Screenshots of each screen go to DIR/screenshots; the server's log to DIR/anninh.log.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { e2e, openScreen, repo, sleep } from "./harness.mjs";

e2e("console", async (t) => {
  const { anninh, out } = t.args;
  const args = t.args.raw;
  const check = (cond, msg) => t.check(cond, msg);
  const log = (msg) => t.log(msg);

  t.step = "testcam";
  const camPort = await t.startTestcam();

  t.step = "serve";
  const server = await t.startServer(
    `[[cameras]]\nid = "cong-lang-dong"\nname = "Cổng làng thôn Đông"\narea = "thon-dong"\n` +
      `  [cameras.main]\n  url = "rtsp://127.0.0.1:${camPort}/people/main"\n  [cameras.sub]\n  url = "rtsp://127.0.0.1:${camPort}/people/sub"\n` +
      `[[cameras]]\nid = "nga-ba-cho"\nname = "Ngã ba chợ"\narea = "thon-tay"\n` +
      `  [cameras.main]\n  url = "rtsp://127.0.0.1:${camPort}/clock/main"\n  [cameras.sub]\n  url = "rtsp://127.0.0.1:${camPort}/clock/sub"\n`,
    { webRoot: !args.proxy },
  );
  const setupToken = server.setupToken;
  let base = server.base;
  if (args.proxy) {
    // Debugging the console against a server built without it: Vite's preview server
    // serves web/dist and proxies /api (WebSockets too) to anninh.
    await t.startAndWait("npx", ["vite", "preview", "--port", args.proxy, "--strictPort"], /Local:/, "vite.log", 30000, {
      cwd: join(repo, "web"),
      env: { ...process.env, ANNINH_URL: base },
    });
    base = `http://127.0.0.1:${args.proxy}`;
  }
  const recordingSince = Date.now();
  if (!args.proxy) {
    // The console as anninh serves it: a page path gets the app shell with its CSP and
    // no-cache; the hashed script it names is immutable.
    t.step = "static files";
    const shell = await fetch(`${base}/playback/any`);
    const html = await shell.text();
    check(shell.status === 200 && html.includes('<div id="app">'), "a page path answers the app shell");
    check((shell.headers.get("content-security-policy") ?? "").includes("default-src 'self'"), "CSP on the shell");
    check(shell.headers.get("cache-control") === "no-cache", "index.html is revalidated");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)[1];
    const js = await fetch(`${base}${script}`);
    check(js.status === 200 && js.headers.get("content-type").startsWith("text/javascript"), "the script's MIME type");
    check(js.headers.get("cache-control").includes("immutable"), "hashed assets are immutable");
    check((await fetch(`${base}/assets/missing.js`)).status === 404, "a missing asset is 404, not the shell");
  }

  const browser = await t.launch();
  {
    const desk = await t.browserContext();
    const page = await desk.newPage();
    const shot = (name, p = page) => t.shot(name, p);

    // --- first run: the setup page makes the administrator ---
    t.step = "setup";
    await page.goto(`${base}/live`);
    await page.waitForURL(/\/setup$/);
    check((await page.getAttribute("html", "lang")) === "vi", "Vietnamese by default");
    await page.fill("input[name=setup_token]", setupToken);
    await page.fill("input[name=display_name]", "Nguyễn Văn An");
    await page.fill("input[name=password]", "mật khẩu quản trị dài");
    await shot("01-setup");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/live$/);
    log("setup done, signed in");

    // --- live grid: video plays (currentTime advances) ---
    t.step = "live grid";
    await page.waitForSelector(".grid .tile video");
    const advancing = async (selector, p = page) => {
      const t0 = await p.$eval(selector, (v) => v.currentTime);
      await sleep(2500);
      const t1 = await p.$eval(selector, (v) => v.currentTime);
      return { t0, t1 };
    };
    await page.waitForFunction(() => [...document.querySelectorAll(".grid video")].some((v) => v.currentTime > 0.5), null, { timeout: 20000 });
    const g = await advancing(".tile[data-camera=cong-lang-dong] video");
    check(g.t1 > g.t0 + 1, `the live video's currentTime did not advance (${g.t0} → ${g.t1})`);
    check((await page.$eval(".tile[data-camera=cong-lang-dong] video", (v) => v.dataset.stream)) === "sub", "the grid plays the sub stream");
    check((await page.textContent(".tile[data-camera=cong-lang-dong] .badge")).includes("Trực tuyến"), "online badge");
    await shot("02-live-grid");
    // The filter ignores diacritics: "cho" finds "Ngã ba chợ" only.
    await page.fill(".live .filter", "cho");
    await page.waitForFunction(() => document.querySelectorAll(".grid .tile").length === 1);
    check((await page.getAttribute(".grid .tile", "data-camera")) === "nga-ba-cho", "filter 'cho' shows Ngã ba chợ");
    await page.fill(".live .filter", "");
    await page.click("button[data-layout='1']");
    await page.click("button[data-layout='4']");
    log(`live grid plays (${g.t0.toFixed(1)} → ${g.t1.toFixed(1)} s)`);

    t.step = "live focus";
    await page.click(".tile[data-camera=cong-lang-dong]");
    await page.waitForSelector(".focus-view video[data-stream=main]");
    await page.waitForFunction(() => document.querySelector(".focus-view video")?.currentTime > 0.5, null, { timeout: 20000 });
    const f = await advancing(".focus-view video");
    check(f.t1 > f.t0 + 1, "the focused (main stream) video plays");
    await shot("03-live-focus");
    await page.click(".focus-view .toolbar button");

    // --- users: a village viewer for thôn Tây ---
    t.step = "users";
    await openScreen(page, "/users");
    await page.waitForSelector("table.list");
    await page.click(".users-screen .toolbar button.primary");
    await page.fill("[data-testid=user-form] input[name=username]", "lan.tay");
    await page.fill("[data-testid=user-form] input[name=display_name]", "Trần Thị Lan");
    await page.selectOption("[data-testid=user-form] select[name=role]", "viewer");
    await page.fill("[data-testid=user-form] input[name=areas]", "thon-tay");
    await page.fill("[data-testid=user-form] input[name=password]", "mật khẩu của Lan");
    await page.click("[data-testid=user-form] button[type=submit]");
    await page.waitForSelector("tr[data-user='lan.tay']");
    await shot("04-users");

    // Let a minute of footage exist before playback.
    const wait = 50000 - (Date.now() - recordingSince);
    if (wait > 0) await sleep(wait);

    // --- playback: scrub to a past moment and play it ---
    t.step = "playback";
    await openScreen(page, "/playback");
    await page.waitForSelector(".timeline .row[data-camera=cong-lang-dong] .span", { timeout: 20000 });
    const target = Date.now() - 30000;
    const bar = await page.$eval(".timeline .row[data-camera=cong-lang-dong]", (el) => {
      const r = el.getBoundingClientRect();
      const tl = el.closest(".timeline");
      return { x: r.left, y: r.top + r.height / 2, w: r.width, start: Number(tl.dataset.start), end: Number(tl.dataset.end) };
    });
    await page.mouse.click(bar.x + ((target - bar.start) / (bar.end - bar.start)) * bar.w, bar.y);
    const cursor = Number(await page.getAttribute("[data-testid=cursor]", "data-ms"));
    check(Math.abs(cursor - target) < 10000, `the cursor went to the clicked time (${cursor - target} ms off)`);
    await page.click("[data-testid=zoom-minute]");
    await page.click("[data-testid=play]");
    await page.waitForFunction(() => {
      const v = document.querySelector(".tile.playback[data-camera=cong-lang-dong] video");
      return v && v.currentSrc.includes("video.mp4") && v.currentTime > 0 && !v.paused;
    }, null, { timeout: 30000 });
    // After the first seek to the scrubbed moment, the video plays at 1x: 2.5 s of wall
    // time is about 2.5 s of media time (a seek would jump by far more).
    await sleep(1500);
    const p = await advancing(".tile.playback[data-camera=cong-lang-dong] video");
    check(p.t1 - p.t0 > 1.2 && p.t1 - p.t0 < 4.5, `playback advances at 1x (${p.t0} → ${p.t1})`);
    const cursor2 = Number(await page.getAttribute("[data-testid=cursor]", "data-ms"));
    check(cursor2 > cursor + 1000 && cursor2 < Date.now() - 5000, "the clock moved forward from the scrubbed minute, in the past");
    // Both cameras follow the same clock.
    const other = await page.$eval(".tile.playback[data-camera=nga-ba-cho] video", (v) => v.currentTime);
    check(other > 0, "the second camera plays in sync");
    await shot("05-playback");
    await page.click("[data-testid=play]");
    log(`playback plays (${p.t0.toFixed(1)} → ${p.t1.toFixed(1)} s)`);

    // --- export: a range, progress, download, verification ---
    t.step = "export";
    const from = Date.now() - 40000;
    await page.goto(`${base}/export?camera=cong-lang-dong&from=${from}&to=${from + 10000}`);
    await page.fill("input[name=reason]", "Kiểm tra vụ việc số 12/2026");
    await page.fill("input[name=case_ref]", "VV-12/2026");
    await page.click(".export-screen form button[type=submit]");
    await page.waitForSelector("[data-testid=verify][data-ok=true]", { timeout: 60000 });
    await shot("06-export");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download]")]);
    const pkg = join(out, "package.zip");
    await download.saveAs(pkg);
    const verify = spawnSync(anninh, ["verify", pkg], { encoding: "utf8" });
    check(verify.status === 0, `anninh verify of the downloaded package: ${verify.status}\n${verify.stdout}${verify.stderr}`);
    log(`export downloaded and verified: ${verify.stdout.trim().split("\n")[0]}`);

    // --- audit log: browse and verify ---
    t.step = "audit";
    await openScreen(page, "/audit");
    await page.waitForSelector("table.list tbody tr");
    await page.click("[data-testid=verify-audit]");
    await page.waitForSelector("[data-testid=audit-verify][data-ok=true]");
    check((await page.textContent("table.list tbody")).includes("export"), "the export is in the audit log");
    await shot("07-audit");

    // --- English on request ---
    t.step = "language";
    await page.selectOption("select.lang", "en");
    await page.waitForSelector("nav button:has-text('Administration')");
    await page.waitForSelector("nav a:has-text('Audit log')", { state: "attached" });
    await shot("08-audit-en");
    await page.selectOption("select.lang", "vi");

    // --- session expiry: back to sign-in, then back to the page ---
    t.step = "expiry";
    // The live screen refreshes camera states every 5 s; once the session is gone, that
    // call's 401 sends the page to sign-in, keeping where it was.
    await openScreen(page, "/live");
    await page.waitForSelector(".grid .tile");
    await desk.clearCookies();
    await page.waitForURL(/\/signin\?next=%2Flive&expired=1/, { timeout: 15000 });
    check((await page.textContent(".signin .error")).length > 0, "the expiry is explained");
    await shot("09-expired");
    await page.fill("input[name=username]", "admin");
    await page.fill("input[name=password]", "mật khẩu quản trị dài");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/live$/);
    log("session expiry handled");

    // --- a village viewer on a phone sees only their village's cameras ---
    t.step = "viewer";
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const vp = await phone.newPage();
    await vp.goto(`${base}/`);
    await vp.waitForURL(/\/signin/);
    await vp.fill("input[name=username]", "lan.tay");
    await vp.fill("input[name=password]", "mật khẩu của Lan");
    await vp.click("button[type=submit]");
    await vp.waitForSelector(".grid .tile");
    await vp.waitForFunction(() => [...document.querySelectorAll(".grid video")].some((v) => v.currentTime > 0.5), null, { timeout: 20000 });
    const tiles = await vp.$$eval(".grid .tile", (els) => els.map((e) => e.dataset.camera));
    check(JSON.stringify(tiles) === JSON.stringify(["nga-ba-cho"]), `the viewer sees only thôn Tây's camera, saw ${tiles}`);
    const probe = await vp.evaluate(async () => {
      const r = await fetch("/api/v1/cameras/cong-lang-dong/snapshot.jpg");
      const list = await (await fetch("/api/v1/cameras")).json();
      return { snapshot: r.status, ids: list.cameras.map((c) => c.id) };
    });
    check(probe.snapshot === 404 && JSON.stringify(probe.ids) === '["nga-ba-cho"]', `other villages' cameras are hidden: ${JSON.stringify(probe)}`);
    const navLinks = await vp.$$eval("nav a", (as) => as.map((a) => a.getAttribute("href")));
    check(!navLinks.includes("/users") && !navLinks.includes("/export"), `viewer's menu: ${navLinks}`);
    await shot("10-viewer-phone", vp);
    await vp.click(".menu-toggle");
    await shot("11-viewer-phone-menu", vp);
    // The phone layout does not scroll sideways.
    const overflow = await vp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `the page is wider than the phone by ${overflow}px`);
    await phone.close();

    // --- the administrator's screens fit a phone too ---
    t.step = "phone admin";
    const phone2 = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await desk.storageState() });
    const ap = await phone2.newPage();
    for (const path of ["/playback", "/export", "/users", "/audit"]) {
      await ap.goto(`${base}${path}`);
      await ap.waitForSelector("main section");
      await sleep(500);
      const o = await ap.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(o <= 1, `${path} is wider than the phone by ${o}px`);
      await shot(`12-phone${path.replace("/", "-")}`, ap);
    }
    await phone2.close();
  }
});
