// End-to-end: news and the public search in headless Chromium (Debian's /usr/bin/chromium,
// playwright-core) against a real `anninh serve` (docs/design/0015-news-and-search.md).
// An administrator writes an article in the editor (with a <script> and a javascript: link in
// its body), submits it, publishes it; an anonymous visitor then finds it from the public
// search page typing without diacritics, opens it, and no script ran. A draft never shows.
// Usage (CTest: web_e2e_news):
//   node e2e/news.mjs --anninh build/dev/src/app/anninh --out DIR
import { join } from "node:path";
import { e2e, openScreen } from "./harness.mjs";

e2e("news", async (t) => {
  const check = (cond, msg) => t.check(cond, msg);
  const log = (msg) => t.log(msg);
  t.step = "serve";
  // No camera is needed for news.
  const server = await t.startServer("");
  const setupToken = server.setupToken;
  const base = server.base;
  const browser = await t.launch();
  {
    const staff = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "vi-VN" });
    const page = await staff.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const shot = (name, p = page) => p.screenshot({ path: join(t.shots, `${name}.png`) });

    // The public pages answer before anyone has set the server up, and never redirect.
    t.step = "public before setup";
    await page.goto(`${base}/tin-tuc`);
    await page.waitForSelector("text=Chưa có tin nào.");
    check(new URL(page.url()).pathname === "/tin-tuc", "the public news page stays without an account");

    t.step = "setup";
    await page.goto(`${base}/setup`);
    await page.fill("input[name=setup_token]", setupToken);
    await page.fill("input[name=display_name]", "Nguyễn Văn An");
    await page.fill("input[name=password]", "mật khẩu quản trị dài");
    await page.click("button[type=submit]");
    await page.waitForSelector("header nav a[href='/news']", { state: "attached" });

    t.step = "write";
    await openScreen(page, "/news");
    await page.waitForSelector("[data-testid=news-save]");
    await page.fill("input[name=title]", "Ngày hội toàn dân bảo vệ an ninh Tổ quốc ở Tiền Hải");
    await page.fill("input[name=summary]", "Xã Tiền Hải tổ chức ngày hội năm 2026");
    await page.fill("input[name=category]", "Hoạt động");
    await page.fill("input[name=byline]", "Ban biên tập xã");
    await page.fill(
      "textarea[name=body]",
      "Sáng nay **xã Tiền Hải** tổ chức ngày hội.\n\n<script>window.__pwned = 1</script>\n\n" +
        "<img src=x onerror=\"window.__pwned = 2\">\n\n[bấm vào đây](javascript:window.__pwned=3)",
    );
    await page.click("[data-testid=news-save]");
    await page.waitForSelector("[data-testid=article-state]:has-text('Bản nháp')");
    await shot("01-draft");

    // A draft is invisible to the public, in search too.
    t.step = "draft hidden";
    const anon = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "vi-VN" });
    const visitor = await anon.newPage();
    visitor.on("pageerror", (e) => errors.push(e.message));
    const draftSearch = await (await fetch(`${base}/api/v1/search?q=ngay%20hoi`)).json();
    check(draftSearch.results.every((r) => r.kind !== "news"), "a draft is not in the public search");

    t.step = "submit and publish";
    await page.click("[data-testid=news-to-review]");
    await page.waitForSelector("[data-testid=article-state]:has-text('Chờ duyệt')");
    await page.click("[data-testid=news-to-published]");
    await page.waitForSelector("[data-testid=article-state]:has-text('Đã đăng')");
    // The editor's list shows the article (every state, no filter).
    await page.waitForSelector(".news-columns tr:has-text('Tiền Hải')");
    await shot("02-published");
    log("article written, reviewed and published in the editor");

    // The visitor types without diacritics, in prefixes, as people do on a phone.
    t.step = "public search";
    await visitor.goto(`${base}/tim-kiem`);
    await visitor.fill("[data-testid=search-input]", "ngay hoi tien ha");
    await visitor.press("[data-testid=search-input]", "Enter");
    await visitor.waitForSelector("[data-testid=search-result] a");
    const marked = await visitor.$$eval("[data-testid=search-result] mark", (ms) => ms.map((m) => m.textContent));
    // The typed prefix "ha" marks "Hả" of "Hải": the original characters, marks and all.
    for (const w of ["Ngày", "hội", "Tiền", "Hả"]) check(marked.includes(w), `"${w}" is highlighted as written (${marked.join(", ")})`);
    await shot("03-search", visitor);
    await visitor.click("[data-testid=search-result] a");
    await visitor.waitForSelector("[data-testid=article-title]");
    check((await visitor.textContent("[data-testid=article-title]")).includes("Tiền Hải"), "the article opens");
    check((await visitor.textContent(".news-meta")).includes("Ban biên tập xã"), "the byline is shown");
    check(!(await visitor.textContent("body")).includes("admin"), "no account name on the public page");
    check((await visitor.$$(".news-body script")).length === 0, "no script element in the body");
    const href = await visitor.getAttribute(".news-body a", "href");
    check(!/^\s*javascript:/i.test(href ?? ""), `the link is neutralised (${href})`);
    await visitor.click(".news-body a").catch(() => {});
    check((await visitor.evaluate(() => window.__pwned)) === undefined, "no script from the body ran");
    await shot("04-article", visitor);

    t.step = "feed";
    const feed = await fetch(`${base}/api/v1/public/feed.atom`);
    check(feed.headers.get("content-type").startsWith("application/atom+xml"), "the feed's type");
    check((await feed.text()).includes("Ngày hội toàn dân"), "the article is in the feed");
    check(errors.length === 0, `page errors: ${errors.join("; ")}`);
  }
});
