// End-to-end: news and the public search in headless Chromium (Debian's /usr/bin/chromium,
// playwright-core) against a real `anninh serve` (docs/design/0015-news-and-search.md).
// An administrator writes an article in the editor (with a <script> and a javascript: link in
// its body), submits it, publishes it; an anonymous visitor then finds it from the public
// search page typing without diacritics, opens it, and no script ran. A draft never shows.
// Usage (CTest: web_e2e_news):
//   node e2e/news.mjs --anninh build/dev/src/app/anninh --out DIR
// Written stand-alone like run.mjs; move onto web/e2e/harness.mjs when it lands.
import { spawn } from "node:child_process";
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
const out = resolve(args.out ?? join(repo, "build/dev/web-e2e-news"));
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

let step = "start";
const log = (msg) => console.log(`[e2e-news ${new Date().toISOString().slice(11, 19)}] ${msg}`);
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

let browser;
async function main() {
  check(existsSync(join(webRoot, "index.html")), `no ${webRoot}/index.html: build web/ first`);
  check(existsSync(anninh), `no ${anninh}`);

  step = "serve";
  const site = join(out, "site");
  mkdirSync(site, { recursive: true });
  // No camera is needed for news.
  writeFileSync(
    join(site, "anninh.toml"),
    `[server]\ndata_dir = "data"\nlog_level = "info"\n[http]\nlisten = "127.0.0.1:0"\nweb_root = "${webRoot}"\n`,
  );
  const server = await startAndWait(anninh, ["serve", "--config", join(site, "anninh.toml")], /setup token (\S+)[\s\S]*?POST http:\/\/([\d.:]+)\//, join(out, "anninh.log"));
  const setupToken = server.match[1];
  const base = `http://${server.match[2]}`;
  log(`anninh serve at ${base}`);

  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const staff = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "vi-VN" });
    const page = await staff.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const shot = (name, p = page) => p.screenshot({ path: join(shots, `${name}.png`) });

    // The public pages answer before anyone has set the server up, and never redirect.
    step = "public before setup";
    await page.goto(`${base}/tin-tuc`);
    await page.waitForSelector("text=Chưa có tin nào.");
    check(new URL(page.url()).pathname === "/tin-tuc", "the public news page stays without an account");

    step = "setup";
    await page.goto(`${base}/setup`);
    await page.fill("input[name=setup_token]", setupToken);
    await page.fill("input[name=display_name]", "Nguyễn Văn An");
    await page.fill("input[name=password]", "mật khẩu quản trị dài");
    await page.click("button[type=submit]");
    await page.waitForSelector("header nav a[href='/news']");

    step = "write";
    await page.click("header nav a[href='/news']");
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
    step = "draft hidden";
    const anon = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "vi-VN" });
    const visitor = await anon.newPage();
    visitor.on("pageerror", (e) => errors.push(e.message));
    const draftSearch = await (await fetch(`${base}/api/v1/search?q=ngay%20hoi`)).json();
    check(draftSearch.results.every((r) => r.kind !== "news"), "a draft is not in the public search");

    step = "submit and publish";
    await page.click("[data-testid=news-to-review]");
    await page.waitForSelector("[data-testid=article-state]:has-text('Chờ duyệt')");
    await page.click("[data-testid=news-to-published]");
    await page.waitForSelector("[data-testid=article-state]:has-text('Đã đăng')");
    // The editor's list shows the article (every state, no filter).
    await page.waitForSelector(".news-columns tr:has-text('Tiền Hải')");
    await shot("02-published");
    log("article written, reviewed and published in the editor");

    // The visitor types without diacritics, in prefixes, as people do on a phone.
    step = "public search";
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

    step = "feed";
    const feed = await fetch(`${base}/api/v1/public/feed.atom`);
    check(feed.headers.get("content-type").startsWith("application/atom+xml"), "the feed's type");
    check((await feed.text()).includes("Ngày hội toàn dân"), "the article is in the feed");
    check(errors.length === 0, `page errors: ${errors.join("; ")}`);
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

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (e) => {
    console.error(`[e2e-news] FAILED at ${step}: ${e.stack ?? e}`);
    try {
      console.error(readFileSync(join(out, "anninh.log"), "utf8").split("\n").slice(-30).join("\n"));
    } catch {}
    cleanup();
    process.exit(1);
  },
);
