// End-to-end test of the movement's people register and a mediation model (issue 7, part 3)
// in headless Chromium against a real `anninh serve`: a village head adds a person, finds
// them by a search typed without diacritics, gives them a post, and a member's post in their
// village's "tự hòa giải" model picked by name (listed by name, dated dd/mm/yyyy); records a
// mediation case on that model, closes it reconciled, and sees the dashboard count it. The
// administrator then adds a village through the unit import, whose dry run is worded in
// Vietnamese. Screenshots at 1366×768 and on a 390-px phone.
// Usage (CTest runs it: web_e2e_movement_people): node e2e/movement_people.mjs --anninh BIN --out DIR
import { e2e } from "./harness.mjs";
import { sampleUnitsAndVillageHead } from "./movement_world.mjs";

e2e("movement-people", async (t) => {
  const srv = await t.startServer("");
  const admin = await t.createAdmin(srv);

  t.step = "units, account, mediation model";
  let model;
  const head = await sampleUnitsAndVillageHead(t, srv, admin, async () => {
    model = await admin.call("POST", "/api/v1/models", { name: "Tổ hòa giải thôn Đông Cao", type: "tu_hoa_giai", unit_code: "90001.01" });
  });
  const page = await (await t.browserContext({ signedIn: head })).newPage();

  t.step = "add a person";
  await page.goto(`${srv.base}/movement/people`);
  await page.click("[data-testid=mvx-people-new]");
  await page.fill("[data-testid=mvx-person-form] input[name=name]", "Nguyễn Thị Lan");
  await page.fill("[data-testid=mvx-person-form] input[name=birth_year]", "1975");
  await page.selectOption("[data-testid=mvx-person-form] select[name=gender]", "nu");
  await page.fill("[data-testid=mvx-person-form] input[name=person_unit]", "90001.01");
  await page.press("[data-testid=mvx-person-form] input[name=person_unit]", "Tab");
  t.check((await page.$("[data-testid=mvx-person-form] [name*=religion], [data-testid=mvx-person-form] [name*=ton_giao]")) === null, "no religion field");
  await t.shot("mvx-01-person-form", page);
  await page.click("[data-testid=mvx-person-save]");
  await page.waitForSelector("[data-testid=mvx-person]");

  t.step = "search without diacritics";
  await page.fill("[data-testid=mvx-people-q]", "nguyen thi lan");
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll("[data-testid=mvx-people] tr[data-person]");
    return rows.length === 1 && rows[0].textContent.includes("Nguyễn Thị Lan");
  }, null, { timeout: 10000 });
  await page.fill("[data-testid=mvx-people-q]", "tran van");
  await page.waitForSelector("[data-testid=mvx-people] tr[data-person]", { state: "detached", timeout: 10000 });
  await page.fill("[data-testid=mvx-people-q]", "lan");
  await page.click("[data-testid=mvx-people] tr[data-person] a");

  t.step = "a post";
  await page.selectOption("[data-testid=mvx-post-add] select[name=kind]", "security_team_member");
  await page.click("[data-testid=mvx-post-submit]");
  await page.waitForSelector("[data-testid=mvx-posts] li[data-kind=security_team_member]");

  t.step = "a model post, the model picked by name";
  await page.selectOption("[data-testid=mvx-post-add] select[name=kind]", "model_member");
  t.check((await page.$("[data-testid=mvx-post-add] input[name=model_id]")) === null, "no typed model id");
  // selectOption waits for the option: the models list loads once with the screen.
  await page.selectOption("[data-testid=mvx-post-add] select[name=model_id]", String(model.id));
  const option = await page.textContent(`[data-testid=mvx-post-add] select[name=model_id] option[value='${model.id}']`);
  t.check(option.includes("Tổ hòa giải thôn Đông Cao"), `the model is offered by name: ${option}`);
  await page.click("[data-testid=mvx-post-submit]");
  const post = await page.waitForSelector(`[data-testid=mvx-posts] li[data-kind=model_member][data-model='${model.id}']`);
  const postText = await post.textContent();
  t.check(postText.includes("Tổ hòa giải thôn Đông Cao") && !postText.includes(`#${model.id}`), `the post names its model: ${postText}`);
  t.check(/\d{2}\/\d{2}\/\d{4}/.test(postText) && !/\d{4}-\d{2}-\d{2}/.test(postText), `the post's dates are dd/mm/yyyy: ${postText}`);
  await t.shot("mvx-02-person-posts", page);

  t.step = "a mediation case";
  await page.goto(`${srv.base}/movement/models/${model.id}`);
  await page.waitForSelector("[data-testid=mvx-mediation]");
  // Received today, then closed reconciled (the closing date defaults to today).
  await page.fill("[data-testid=mvx-med-add] input[name=subject]", "Tranh chấp lối đi chung");
  await page.click("[data-testid=mvx-med-add-submit]");
  await page.waitForSelector("[data-testid=mvx-med-cases] tr[data-outcome=pending]");
  await page.click("[data-testid=mvx-med-cases] tr[data-outcome=pending] button");
  await page.selectOption("[data-testid=mvx-med-close-form] select[name=outcome]", "reconciled");
  await page.click("[data-testid=mvx-med-close-submit]");
  await page.waitForSelector("[data-testid=mvx-med-cases] tr[data-outcome=reconciled]");
  const stored = await head.call("GET", `/api/v1/models/${model.id}/mediation-cases`);
  t.check(stored.cases.length === 1 && stored.cases[0].outcome === "reconciled" && stored.cases[0].closed_on !== "", "the case is stored closed");
  await t.shot("mvx-03-mediation", page);

  t.step = "the dashboard counts it";
  await page.goto(`${srv.base}/movement`);
  await page.waitForSelector("[data-testid=mvx-kpi-mediation][data-value='1']", { timeout: 10000 });
  await page.waitForSelector("[data-testid=mvx-kpi-reconciled][data-value='1']");
  await t.shot("mvx-04-dashboard", page);

  t.step = "the unit import's dry run, in Vietnamese";
  // The administrator adds a village: the dry run's table says what will happen in the
  // console's words and dates (not the server's English and ISO dates), then it applies.
  const adminPage = await (await t.browserContext({ signedIn: admin })).newPage();
  await adminPage.goto(`${srv.base}/movement/units`);
  await adminPage.fill("[data-testid=mvx-import] textarea[name=csv]", "code,name,level,parent,effective\n12970.09,Thôn Mới,village,12970,2025-09-01\n");
  await adminPage.click("[data-testid=mvx-import-dry]");
  const row = await adminPage.waitForSelector("[data-testid=mvx-import-changes] tr[data-action=create]");
  const rowText = await row.textContent();
  t.check(rowText.includes("Tạo mới") && rowText.includes("Thôn Mới (thôn/tổ dân phố), thuộc 12970, từ 01/09/2025"), `the change is worded in Vietnamese: ${rowText}`);
  t.check(!/create|from|2025-09-01/.test(rowText), `no English or ISO date in the change: ${rowText}`);
  await t.shot("mvx-05-unit-import-dry-run", adminPage);
  await adminPage.click("[data-testid=mvx-import-apply]");
  await adminPage.waitForSelector("[data-testid=mvx-import-applied]");
  t.check((await admin.call("GET", "/api/v1/units/12970.09")).unit.name === "Thôn Mới", "the village is stored");

  t.step = "phone";
  const phone = await (await t.browserContext({ phone: true, signedIn: head })).newPage();
  await phone.goto(`${srv.base}/movement/people`);
  await phone.waitForSelector("[data-testid=mvx-people] tr[data-person]");
  t.check((await t.overflow(phone)) <= 1, "the people page fits a 390-px phone");
  await t.shot("mvx-06-phone-people", phone);
});
