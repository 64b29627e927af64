// End-to-end test of the movement pages (issue 7) in headless Chromium against a real
// `anninh serve`: a village head creates a model for their village, launches it, evaluates
// it twice as "yếu", sees it flagged, retires it, and sees the dashboard's roll-up and the
// report page change; another village's model is neither offered by the console nor
// changeable through the API. Screenshots at 1366×768 and on a 390-px phone.
// Usage (CTest runs it: web_e2e_movement): node e2e/movement.mjs --anninh BIN --out DIR
import { e2e } from "./harness.mjs";
import { sampleUnitsAndVillageHead } from "./movement_world.mjs";

e2e("movement", async (t) => {
  // No camera is needed: the movement's records live on the same server and store.
  const srv = await t.startServer("");
  const admin = await t.createAdmin(srv);

  t.step = "units and accounts";
  // The demo's sample list: xã An Ninh (90001) merged into xã Tiền Hải (12970) on 01/07/2025;
  // its villages Thôn Đông Cao (90001.01) and Thôn Tây Sơn (90001.02) carry on. Another
  // village's model, made by the administrator.
  let other;
  const head = await sampleUnitsAndVillageHead(t, srv, admin, async () => {
    other = await admin.call("POST", "/api/v1/models", { name: "Tự quản thôn Tây Sơn", type: "tu_quan", unit_code: "90001.02" });
  });

  const ctx = await t.browserContext({ signedIn: head });
  const page = await ctx.newPage();
  const waitKpi = (id, value) =>
    page.waitForFunction(
      ([sel, v]) => document.querySelector(sel)?.getAttribute("data-value") === v,
      [id === "mv-kpi-flagged" ? "[data-testid=mv-kpi-flagged] b" : `[data-testid=${id}]`, String(value)],
      { timeout: 10000 },
    );

  t.step = "dashboard before";
  await page.goto(`${srv.base}/movement`);
  await page.waitForSelector("[data-testid=mv-dashboard-unit]");
  t.check((await page.textContent("[data-testid=mv-dashboard-unit]")).includes("Thôn Đông Cao"), "the dashboard opens on the head's village");
  await waitKpi("mv-kpi-models", 0);

  t.step = "another village's model is not offered";
  await page.click("[data-testid=mv-tab-models]");
  await page.waitForSelector("[data-testid=mv-model-list]");
  t.check((await page.$(`tr[data-model='${other.id}']`)) === null, "the other village's model is not listed");
  await page.goto(`${srv.base}/movement/models/${other.id}`);
  await page.waitForSelector("[data-testid=mv-not-found]");
  t.check((await page.$("[data-testid=mv-actions]")) === null, "no lifecycle actions for it");
  // ... and the server refuses the change even when asked directly, with the session's CSRF token.
  const refused = await page.evaluate(async (id) => {
    const s = await (await fetch("/api/v1/session")).json();
    const r = await fetch(`/api/v1/models/${id}/transitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
      body: JSON.stringify({ to: "retired", reason: "thử" }),
    });
    return { status: r.status, body: await r.text() };
  }, other.id);
  t.check(refused.status === 404, `the server refuses another village's model: ${refused.status} ${refused.body}`);
  t.check((await admin.call("GET", `/api/v1/models/${other.id}`)).model.status === "proposed", "the other model is unchanged");

  t.step = "create a model";
  await page.click("[data-testid=mv-tab-models]");
  await page.click("[data-testid=mv-new-model]");
  await page.fill("[data-testid=mv-model-form] input[name=name]", "Tự quản an ninh thôn Đông Cao");
  await page.selectOption("[data-testid=mv-model-form] select[name=type]", "tu_quan");
  await page.fill("[data-testid=mv-model-form] input[name=unit_code]", "90001.01");
  await page.fill("[data-testid=mv-model-form] input[name=points]", "2");
  await t.shot("mv-01-new-model", page);
  await page.click("[data-testid=mv-model-form] button[type=submit]");
  await page.waitForSelector("[data-testid=mv-model][data-status=proposed]");
  const modelId = Number(/\/movement\/models\/(\d+)/.exec(page.url())[1]);

  t.step = "lifecycle";
  // A launch without its decision is refused, and the server's reason is shown.
  await page.click("[data-testid=mv-to-launched]");
  await page.click("[data-testid=mv-step-submit]");
  await page.waitForSelector("[data-testid=mv-refusal]");
  const reason = await page.textContent("[data-testid=mv-refusal]");
  t.check(/decision/i.test(reason), `the refusal says why: ${reason}`);
  await t.shot("mv-02-refusal", page);
  await page.fill("[data-testid=mv-step-form] input[name=decision_no]", "12/QĐ-UBND");
  await page.fill("[data-testid=mv-step-form] input[name=decision_date]", "2026-01-05");
  await page.fill("[data-testid=mv-step-form] input[name=decision_issuer]", "UBND xã Tiền Hải");
  await page.click("[data-testid=mv-step-submit]");
  await page.waitForSelector("[data-testid=mv-model][data-status=launched]");
  await page.click("[data-testid=mv-to-active]");
  await page.click("[data-testid=mv-step-submit]");
  await page.waitForSelector("[data-testid=mv-model][data-status=active]");

  t.step = "evaluate twice as yếu";
  for (const pick of [1, 0]) {
    await page.click("[data-testid=mv-evaluate]");
    await page.waitForSelector("[data-testid=mv-evaluate-form] input[name^=score-]");
    // Consecutive quarters: the previous one, then the current one (the list is newest first).
    const period = await page.$eval("[data-testid=mv-evaluate-form] select[name=period]", (s, i) => s.options[i].value, pick);
    await page.selectOption("[data-testid=mv-evaluate-form] select[name=period]", period);
    for (const input of await page.$$("[data-testid=mv-evaluate-form] input[name^=score-]")) await input.fill("30");
    await page.waitForSelector("[data-testid=mv-preview] [data-class=yeu]");
    await page.fill("[data-testid=mv-evaluate-form] textarea[name=comments]", `Hoạt động cầm chừng (${period})`);
    if (pick === 1) await t.shot("mv-03-evaluation-form", page);
    await page.click("[data-testid=mv-evaluate-submit]");
    await page.waitForSelector(`[data-testid=mv-evaluations] tr[data-class=yeu] >> nth=${1 - pick}`);
  }
  t.check((await page.$$("[data-testid=mv-evaluations] tr[data-class=yeu]")).length === 2, "two yếu evaluations");

  t.step = "flagged";
  await page.click("[data-testid=mv-tab-dashboard]");
  await waitKpi("mv-kpi-models", 1);
  await waitKpi("mv-kpi-flagged", 1);
  await page.waitForSelector("[data-testid=mv-chart-evaluations] rect[data-part=yeu]");
  await t.shot("mv-04-dashboard-flagged", page);
  await page.click("[data-testid=mv-kpi-flagged]"); // one click away
  await page.waitForSelector(`[data-testid=mv-flagged] tr[data-model='${modelId}']`);
  await t.shot("mv-05-flagged", page);

  t.step = "retire";
  await page.click(`[data-testid=mv-flagged] tr[data-model='${modelId}'] a`);
  await page.click("[data-testid=mv-to-under_review]");
  await page.click("[data-testid=mv-step-submit]");
  await page.waitForSelector("[data-testid=mv-model][data-status=under_review]");
  await page.click("[data-testid=mv-to-retired]");
  await page.fill("[data-testid=mv-step-form] input[name=reason]", "Yếu hai quý liên tiếp");
  await page.fill("[data-testid=mv-step-form] input[name=decision_no]", "40/QĐ-BCĐ");
  await page.fill("[data-testid=mv-step-form] input[name=decision_date]", "2026-11-20");
  await page.fill("[data-testid=mv-step-form] input[name=decision_issuer]", "Ban Chỉ đạo xã Tiền Hải");
  await page.click("[data-testid=mv-step-submit]");
  await page.waitForSelector("[data-testid=mv-model][data-status=retired]");
  t.check((await page.$("[data-testid=mv-evaluate]")) === null, "a retired model is not offered for evaluation");
  await t.shot("mv-06-retired", page);

  t.step = "the report changes";
  await page.click("[data-testid=mv-tab-dashboard]");
  await waitKpi("mv-kpi-models", 0);
  await waitKpi("mv-kpi-flagged", 0);
  const retiredBar = await page.getAttribute("[data-testid=mv-chart-status] g[data-key=retired]", "data-value");
  t.check(retiredBar === "1", `the status chart counts the retired model (${retiredBar})`);
  await t.shot("mv-07-dashboard-after", page);
  await page.click("[data-testid=mv-tab-reports]");
  await page.selectOption("[data-testid=mv-report-form] select[name=mode]", "as_of");
  await page.waitForSelector("[data-testid=mv-report-preview][data-models='0']");
  await page.click("[data-testid=mv-report-start]");
  // Either the reports engine runs the job to a file, or this server has none and says so.
  await page.waitForSelector("[data-testid=mv-report-job][data-state=done], [data-testid=mv-report-job][data-state=failed], [data-testid=mv-report-unavailable]", { timeout: 60000 });
  const failed = await page.$("[data-testid=mv-report-job][data-state=failed]");
  t.check(failed === null, `the report job failed: ${failed && (await failed.textContent())}`);
  await t.shot("mv-08-report", page);
  t.log((await page.$("[data-testid=mv-report-unavailable]")) ? "report engine: not on this server (the builder says so)" : "report built");

  t.step = "phone";
  const phone = await (await t.browserContext({ phone: true, signedIn: head })).newPage();
  await phone.goto(`${srv.base}/movement`);
  await phone.waitForSelector("[data-testid=mv-kpi-models][data-value='0']");
  t.check((await t.overflow(phone)) <= 1, "the dashboard fits a 390-px phone");
  await t.shot("mv-09-phone-dashboard", phone);
  await phone.goto(`${srv.base}/movement/models/${modelId}`);
  await phone.waitForSelector("[data-testid=mv-model][data-status=retired]");
  t.check((await t.overflow(phone)) <= 1, "the model page fits a 390-px phone");
  await t.shot("mv-10-phone-model", phone);
});
