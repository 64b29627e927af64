// Camera administration end to end (docs/design/0016-camera-admin.md), in headless Chromium
// against a real `anninh serve` with no camera in its config file: the administrator adds
// the test camera's pedestrian stream through the Cameras screen, tests the connection
// (a wrong path first, then the right one), saves, draws a zone on the live snapshot, adds
// an "enters the zone" rule, saves again, and an event from that zone appears.
// The events review screen (/events) is another lane's; the event is checked through
// GET /api/v1/events until that screen lands.
import { e2e, sleep } from "./harness.mjs";

e2e("cameras", async (t) => {
  const camPort = await t.startTestcam();
  const srv = await t.startServer("");
  const admin = await t.createAdmin(srv);
  const ctx = await t.browserContext({ signedIn: admin });
  const page = await ctx.newPage();

  t.step = "cameras screen";
  await page.goto(`${srv.base}/cameras`);
  await page.waitForSelector("[data-testid=add-camera]");
  await page.click("[data-testid=add-camera]");
  await page.fill("input[name=id]", "pho-di-bo");
  await page.fill("input[name=name]", "Phố đi bộ");
  await page.fill("input[name=area]", "thon-dong");

  t.step = "test connection (wrong path)";
  await page.fill("input[name=main-url]", `rtsp://127.0.0.1:${camPort}/khong-co/main`);
  await page.click("[data-testid=test-button-main]");
  await page.waitForSelector("[data-testid=test-main][data-ok=false]", { timeout: 15000 });
  const wrong = await page.textContent("[data-testid=test-main]");
  t.check(/sai đường dẫn/.test(wrong), `the reason is named: ${wrong}`);

  t.step = "test connection (the pedestrian clip)";
  await page.fill("input[name=main-url]", `rtsp://127.0.0.1:${camPort}/people/main`);
  await page.fill("input[name=sub-url]", `rtsp://127.0.0.1:${camPort}/people/sub`);
  await page.click("[data-testid=test-button-main]");
  await page.waitForSelector("[data-testid=test-main][data-ok=true]", { timeout: 15000 });
  const ok = await page.textContent("[data-testid=test-main]");
  t.check(/1280×720/.test(ok), `codec and size shown: ${ok}`);
  await t.shot("01-camera-form-tested", page);

  t.step = "save";
  await page.click("[data-testid=save-camera]");
  await page.waitForSelector("[data-testid=zone-canvas]");
  const doc = await admin.call("GET", "/api/v1/cameras/pho-di-bo/config");
  t.check(doc.source === "api" && doc.sub.url.endsWith("/people/sub"), "stored through the API");

  t.step = "snapshot";
  await page.waitForFunction(() => {
    const img = document.querySelector("[data-testid=zone-snapshot]");
    return img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 30000 });

  t.step = "draw a zone";
  // The picture is below the form's fields: scrolled into view, since clicks land in the viewport.
  await page.locator("[data-testid=zone-canvas]").evaluate((el) => el.scrollIntoView({ block: "start" }));
  const box = await page.locator("[data-testid=zone-canvas]").boundingBox();
  for (const [x, y] of [[0.02, 0.02], [0.98, 0.02], [0.98, 0.98], [0.02, 0.98]]) {
    await page.mouse.click(box.x + x * box.width, box.y + y * box.height);
  }
  await page.click("[data-testid=finish-shape]");
  await page.waitForSelector("[data-testid=zone-canvas] polygon[data-shape=vung-1]");
  await page.click("[data-testid=add-rule]");
  await page.waitForSelector("tr[data-rule=quy-tac-1]");
  await t.shot("02-zone-drawn", page);
  t.check(await page.inputValue("select[name=decode]") === "adaptive", "decoding shows the default, adaptive");
  await page.selectOption("select[name=decode]", "all");
  await page.click("[data-testid=save-camera]");
  await page.waitForSelector(".cameras-screen p.ok");
  const saved = await admin.call("GET", "/api/v1/cameras/pho-di-bo/config");
  const zone = saved.analytics.zones?.[0];
  t.check(zone?.id === "vung-1" && zone.points.length === 4, `the zone is stored: ${JSON.stringify(saved.analytics)}`);
  t.check(zone.points.every(([x, y]) => x >= 0 && x <= 1 && y >= 0 && y <= 1), "normalised coordinates");
  t.check(saved.analytics.rules?.[0]?.zone === "vung-1", "the rule names the zone");
  t.check(saved.analytics.decode === "all", `the decoding chosen is stored: ${saved.analytics.decode}`);

  t.step = "an event from the zone";
  let events = [];
  for (let i = 0; i < 90 && events.length === 0; i++) {
    await sleep(1000);
    const r = await admin.call("GET", "/api/v1/events?cameras=pho-di-bo");
    events = (r.events ?? []).filter((e) => e.zone === "vung-1");
  }
  t.check(events.length > 0, "an event from the drawn zone within 90 s");
  t.log(`event ${events[0].id}: ${events[0].rule} ${events[0].class} in ${events[0].zone}`);
  // …and the operator finds it in the review list.
  await page.goto(`${srv.base}/events`);
  await page.waitForSelector(`.ev-item[data-event="${events[0].id}"]`, { timeout: 20000 });
  await t.shot("03-event-in-review", page);
  await page.goto(`${srv.base}/cameras`);
  await page.waitForSelector("tr[data-camera=pho-di-bo]");
  await t.shot("04-camera-list", page);

  t.step = "phone width";
  const phone = await (await t.browserContext({ phone: true, signedIn: admin })).newPage();
  await phone.goto(`${srv.base}/cameras`);
  await phone.waitForSelector("tr[data-camera=pho-di-bo]");
  await t.shot("05-phone", phone);
});
