// End-to-end test of commendations and the festival in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core) against a real `anninh serve`
// (docs/design/0014-awards-and-festival.md). Through the screens: a medal proposal that fails
// eligibility shows the reason, one that passes is stored (and its tờ trình downloaded as a
// Word file from the dossier card), its decision is recorded, it is
// handed over at a festival (which gets a photo), and it appears in the festival report, in
// the person's history and in the province's compliance view.
//   node e2e/awards.mjs --anninh build/dev/src/app/anninh --out DIR
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { e2e, openScreen } from "./harness.mjs";

// Today in Vietnam (UTC+7), as the server dates proposals.
const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const year = today.slice(0, 4);

e2e("awards", async (t) => {
  const out = t.out;
  const check = (cond, msg) => t.check(cond, msg);
  const log = (msg) => t.log(msg);
  t.step = "photo";
  const photo = join(out, "khai-mac.jpg");
  const made = spawnSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120", "-frames:v", "1", "-q:v", "8", photo]);
  check(made.status === 0, `ffmpeg: ${made.stderr}`);

  t.step = "serve";
  const server = await t.startServer("");
  const base = server.base;

  {
    const ctx = await t.browserContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const shot = (name) => page.screenshot({ path: join(t.shots, `${name}.png`), fullPage: true });

    t.step = "setup";
    await page.goto(`${base}/awards`);
    await page.waitForURL(/\/setup$/);
    await page.fill("input[name=setup_token]", server.setupToken);
    await page.fill("input[name=display_name]", "Nguyễn Văn An");
    await page.fill("input[name=password]", "mật khẩu quản trị dài");
    await page.click("button[type=submit]");
    await page.waitForSelector("nav a[href='/awards']", { state: "attached" });

    // The register the screens work on, through the API as the signed-in admin: a province
    // with two communes, and two security-team members (7 and 13 years of service).
    t.step = "seed";
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

    t.step = "propose: fails eligibility";
    await openScreen(page, "/awards");
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

    t.step = "propose: passes";
    await page.selectOption("[data-testid=award-form] select[name=person_id]", String(hoa));
    await page.fill("[data-testid=award-form] input[name=period]", `${Number(year) - 13}-${year}`);
    await page.click("[data-testid=award-form] button[type=submit]");
    await page.waitForSelector("tr[data-award][data-status=proposed]");
    check((await page.textContent("tr[data-award]")).includes("Lê Thị Hoa"), "the proposal is listed");
    await shot("awards-02-proposed");

    t.step = "dossier";
    // The proposal ticked on the list: its tờ trình as a Word file, made by a report job and
    // downloaded from the card; the file names the person and carries the number typed.
    await page.check("tr[data-award] input[type=checkbox]");
    await page.fill("[data-testid=award-dossier] input[name=number]", "27/TTr-BCĐ");
    await page.fill("[data-testid=award-dossier] input[name=signer]", "Nguyễn Văn Bình");
    await page.click("[data-testid=award-dossier-start]");
    const link = await page.waitForSelector("[data-testid=award-dossier-download]", { timeout: 60000 });
    await shot("awards-02b-dossier");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const docx = join(out, "to-trinh.docx");
    await download.saveAs(docx);
    // A .docx is a zip; its text runs are joined to read it as Word shows it.
    const read = spawnSync("/usr/bin/python3", ["-c",
      "import re,sys,zipfile; x=zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode(); print(''.join(re.findall(r'<w:t[^>]*>([^<]*)</w:t>', x)))",
      docx], { encoding: "utf8" });
    check(read.status === 0, `the download is a Word file: ${read.stderr}`);
    check(read.stdout.includes("Lê Thị Hoa") && read.stdout.includes("27/TTr-BCĐ") && read.stdout.includes("Nguyễn Văn Bình"),
      `the tờ trình names the person, its number and signer: ${read.stdout.slice(0, 300)}`);
    log(`dossier: ${download.suggestedFilename()}`);

    t.step = "festival";
    await openScreen(page, "/festivals");
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

    t.step = "decide and hand over";
    await openScreen(page, "/awards");
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

    t.step = "festival report";
    await page.goto(`${base}/festivals/${festivalId}/report`);
    await page.waitForSelector("[data-testid=festival-report] tr[data-award]");
    check((await page.textContent("[data-testid=festival-report] tr[data-award]")).includes("Lê Thị Hoa"), "the award is in the report");
    check((await page.textContent("[data-testid=report-awards-count]")).trim() === "1", "one award counted");
    check((await page.textContent("[data-testid=festival-report]")).includes("500.000 đ"), "gifts and their value");
    await shot("awards-05-report");

    t.step = "person history";
    await page.goto(`${base}/awards/people/${hoa}`);
    await page.waitForSelector("[data-testid=person-awards] tr[data-award][data-status=handed_over]");
    check((await page.textContent("[data-testid=person-awards] tr[data-award]")).includes("1234/QĐ-BCA"), "the decision in the history");
    await shot("awards-06-history");

    t.step = "compliance";
    await page.goto(`${base}/festivals/compliance?unit=33&year=${year}`);
    await page.waitForSelector("[data-testid=compliance-summary]");
    check((await page.textContent("[data-testid=compliance-summary]")).includes("1/2"), "one of two communes held it");
    check((await page.getAttribute("tr[data-unit='12980']", "data-held")) === "false", "Nam Cường did not");
    await shot("awards-07-compliance");
  }
});
