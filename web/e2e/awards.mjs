// End-to-end test of commendations and the festival in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core) against a real `anninh serve`
// (docs/design/0014-awards-and-festival.md). Through the screens: a medal proposal that fails
// eligibility shows the reason, one that passes is stored, its decision is recorded, it is
// handed over at a festival (which gets a photo), and it appears in the festival report, in
// the person's history and in the province's compliance view.
//   node e2e/awards.mjs --anninh build/dev/src/app/anninh --out DIR
// Written before the shared harness (web/e2e/harness.mjs) landed: it starts the server the
// way run.mjs does; move it onto the harness when that is on main.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const anninh = resolve(args.anninh ?? join(repo, "build/dev/src/app/anninh"));
const out = resolve(args.out ?? join(repo, "build/dev/test-output/web-e2e-awards"));
const webRoot = resolve(args.web ?? join(repo, "web/dist"));
const browserPath = process.env.ANNINH_CHROMIUM ?? "/usr/bin/chromium";
const shots = join(out, "screenshots");
rmSync(out, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const children = [];
const cleanup = () => {
  for (const c of children.reverse()) if (c.exitCode === null) c.kill("SIGTERM");
};
process.on("exit", cleanup);
process.on("SIGTERM", () => process.exit(143));
process.on("SIGINT", () => process.exit(130));

let step = "start";
const log = (msg) => console.log(`[e2e awards ${new Date().toISOString().slice(11, 19)}] ${msg}`);
function check(cond, msg) {
  if (!cond) throw new Error(`${step}: ${msg}`);
}

function startAndWait(cmd, argv, pattern, logFile, timeoutMs = 30000) {
  return new Promise((resolveP, reject) => {
    const child = spawn(cmd, argv, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let text = "";
    const timer = setTimeout(() => reject(new Error(`${cmd}: no ${pattern} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    const onData = (d) => {
      text += d.toString();
      writeFileSync(logFile, text);
      const m = pattern.exec(text);
      if (m) {
        clearTimeout(timer);
        resolveP({ child, match: m });
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

// Today in Vietnam (UTC+7), as the server dates proposals.
const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const year = today.slice(0, 4);

async function main() {
  check(existsSync(join(webRoot, "index.html")), `no ${webRoot}/index.html: build web/ first`);
  check(existsSync(anninh), `no ${anninh}`);

  step = "photo";
  const photo = join(out, "khai-mac.jpg");
  const made = spawnSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120", "-frames:v", "1", "-q:v", "8", photo]);
  check(made.status === 0, `ffmpeg: ${made.stderr}`);

  step = "serve";
  const site = join(out, "site");
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, "anninh.toml"), `[server]\ndata_dir = "data"\nlog_level = "info"\n[http]\nlisten = "127.0.0.1:0"\nweb_root = "${webRoot}"\n`);
  const server = await startAndWait(anninh, ["serve", "--config", join(site, "anninh.toml")], /setup token (\S+)[\s\S]*?POST http:\/\/([\d.:]+)\//, join(out, "anninh.log"));
  const base = `http://${server.match[2]}`;
  log(`anninh serve at ${base}`);

  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => log(`page error: ${e.message}`));
    const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

    step = "setup";
    await page.goto(`${base}/awards`);
    await page.waitForURL(/\/setup$/);
    await page.fill("input[name=setup_token]", server.match[1]);
    await page.fill("input[name=display_name]", "Nguyễn Văn An");
    await page.fill("input[name=password]", "mật khẩu quản trị dài");
    await page.click("button[type=submit]");
    await page.waitForSelector("nav a[href='/awards']");

    // The register the screens work on, through the API as the signed-in admin: a province
    // with two communes, and two security-team members (7 and 13 years of service).
    step = "seed";
    const call = (method, path, body) =>
      page.evaluate(
        async ({ method, path, body }) => {
          const s = await (await fetch("/api/v1/session")).json();
          const r = await fetch(path, {
            method,
            headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return { status: r.status, body: await r.json() };
        },
        { method, path, body },
      );
    const units =
      "code,name,level,parent,effective\n33,Tỉnh Hưng Yên,province,,2004-01-01\n12970,Xã Tiền Hải,commune,33,2004-01-01\n" +
      "12980,Xã Nam Cường,commune,33,2004-01-01\n12970.01,Thôn Đông,village,12970,2004-01-01\n";
    check((await call("POST", "/api/v1/units/import", { csv: units })).status === 200, "units imported");
    const person = async (name, gender, since) => {
      const p = await call("POST", "/api/v1/people", { name, gender, birth_year: 1970, unit_code: "12970.01" });
      check(p.status === 201, `person ${name}: ${JSON.stringify(p.body)}`);
      const post = await call("POST", `/api/v1/people/${p.body.id}/positions`, { kind: "security_team_member", start_date: since });
      check(post.status === 201, `post of ${name}: ${JSON.stringify(post.body)}`);
      return p.body.id;
    };
    const nam = await person("Phạm Văn Nam", "nam", `${Number(year) - 7}-01-01`);
    const hoa = await person("Lê Thị Hoa", "nu", `${Number(year) - 13}-01-01`);

    step = "propose: fails eligibility";
    await page.click("nav a[href='/awards']");
    await page.click("[data-testid=award-new]");
    await page.selectOption("[data-testid=award-form] select[name=form_code]", "knc_bv_antq");
    await page.selectOption("[data-testid=award-form] select[name=person_id]", String(nam));
    await page.fill("[data-testid=award-form] input[name=proposing_unit]", "12970");
    await page.fill("[data-testid=award-form] textarea[name=achievement]", "Nhiều năm tham gia tổ bảo vệ an ninh, trật tự");
    await page.fill("[data-testid=award-form] input[name=period]", `${Number(year) - 7}-${year}`);
    await page.click("[data-testid=award-check]");
    await page.waitForSelector("[data-testid=award-eligibility]");
    check((await page.textContent("[data-testid=award-eligibility]")).includes("cần từ 15 năm trở lên"), "the check names the 15-year threshold");
    await page.click("[data-testid=award-form] button[type=submit]");
    await page.waitForSelector("[data-testid=award-error]");
    const refused = await page.textContent("[data-testid=award-error]");
    check(refused.includes("Chưa đủ điều kiện") && refused.includes("20/2025/TT-BCA"), `the refusal shows the reason: ${refused}`);
    await shot("awards-01-refused");
    check((await page.$$("tr[data-award]")).length === 0, "nothing stored");
    log("ineligible proposal refused with its reason");

    step = "propose: passes";
    await page.selectOption("[data-testid=award-form] select[name=person_id]", String(hoa));
    await page.fill("[data-testid=award-form] input[name=period]", `${Number(year) - 13}-${year}`);
    await page.click("[data-testid=award-form] button[type=submit]");
    await page.waitForSelector("tr[data-award][data-status=proposed]");
    check((await page.textContent("tr[data-award]")).includes("Lê Thị Hoa"), "the proposal is listed");
    await shot("awards-02-proposed");

    step = "festival";
    await page.click("nav a[href='/festivals']");
    await page.click("[data-testid=festival-new]");
    await page.fill("[data-testid=festival-form] input[name=unit_code]", "12970");
    await page.fill("[data-testid=festival-form] input[name=held_on]", today);
    await page.fill("[data-testid=festival-form] input[name=participants]", "350");
    await page.fill("[data-testid=festival-form] textarea[name=programme]", "Phần lễ: báo cáo, khen thưởng.\nPhần hội: văn nghệ, thể thao.");
    await page.fill("[data-testid=festival-form] textarea[name=points]", "commune: Nhà văn hóa xã\nschool: Trường THCS Tiền Hải");
    await page.fill("[data-testid=festival-form] textarea[name=gifts]", "Gia đình chính sách; Quà; 500000");
    await page.click("[data-testid=festival-form] button[type=submit]");
    await page.waitForSelector("[data-testid=festival-detail]");
    const festivalId = /\/festivals\/(\d+)/.exec(page.url())[1];
    await page.setInputFiles("input[name=photo]", photo);
    await page.waitForSelector(".photo-grid img");
    await page.waitForFunction(() => document.querySelector(".photo-grid img")?.naturalWidth > 0);
    await shot("awards-03-festival");
    log(`festival ${festivalId} with a photo`);

    step = "decide and hand over";
    await page.click("nav a[href='/awards']");
    await page.click("tr[data-award] td a");
    await page.waitForSelector("[data-testid=award-detail]");
    const stepTo = async (to, fill) => {
      await page.click(`button[data-step=${to}]`);
      await page.waitForSelector("[data-testid=step-form]");
      await fill();
      await page.click("[data-testid=step-form] button[type=submit]");
      await page.waitForSelector(`[data-testid=award-detail][data-status=${to}]`);
    };
    await stepTo("reviewed", async () => page.fill("[data-testid=step-form] input[name=note]", "Hồ sơ đầy đủ"));
    await stepTo("decided", async () => {
      await page.fill("[data-testid=step-form] input[name=decision_no]", "1234/QĐ-BCA");
      await page.fill("[data-testid=step-form] input[name=decision_date]", today);
      await page.fill("[data-testid=step-form] input[name=signer]", "Bộ trưởng Bộ Công an");
      await page.fill("[data-testid=step-form] input[name=issuing_body]", "Bộ Công an");
    });
    await stepTo("handed_over", async () => page.selectOption("[data-testid=step-form] select[name=festival_id]", festivalId));
    check((await page.textContent("[data-testid=award-status]")).includes("đã trao"), "handed over");
    await shot("awards-04-handed-over");

    step = "festival report";
    await page.goto(`${base}/festivals/${festivalId}/report`);
    await page.waitForSelector("[data-testid=festival-report] tr[data-award]");
    check((await page.textContent("[data-testid=festival-report] tr[data-award]")).includes("Lê Thị Hoa"), "the award is in the report");
    check((await page.textContent("[data-testid=report-awards-count]")).trim() === "1", "one award counted");
    check((await page.textContent("[data-testid=festival-report]")).includes("500.000 đ"), "gifts and their value");
    await shot("awards-05-report");

    step = "person history";
    await page.goto(`${base}/awards/people/${hoa}`);
    await page.waitForSelector("[data-testid=person-awards] tr[data-award][data-status=handed_over]");
    check((await page.textContent("[data-testid=person-awards] tr[data-award]")).includes("1234/QĐ-BCA"), "the decision in the history");
    await shot("awards-06-history");

    step = "compliance";
    await page.goto(`${base}/festivals/compliance?unit=33&year=${year}`);
    await page.waitForSelector("[data-testid=compliance-summary]");
    check((await page.textContent("[data-testid=compliance-summary]")).includes("1/2"), "one of two communes held it");
    check((await page.getAttribute("tr[data-unit='12980']", "data-held")) === "false", "Nam Cường did not");
    await shot("awards-07-compliance");
    log(`all passed; screenshots in ${shots}`);
  } catch (e) {
    for (const [i, p] of browser.contexts().flatMap((c) => c.pages()).entries()) {
      await p.screenshot({ path: join(shots, `failed-${i}.png`) }).catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
}
let browser;

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (e) => {
    console.error(`[e2e awards] FAILED at ${step}: ${e.stack ?? e}`);
    try {
      console.error(readFileSync(join(out, "anninh.log"), "utf8").split("\n").slice(-30).join("\n"));
    } catch {}
    cleanup();
    process.exit(1);
  },
);
