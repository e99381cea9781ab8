// Checks PANDA's reference page (/docs/, Swagger UI served from the binary)
// in headless Chromium, as a person would see it, with no internet access:
//   - the page answers 200;
//   - it renders the operations (at least DOCS_MIN_OPERATIONS `.opblock`
//     elements, default 35) and names registerPatient or /api/v1/patients;
//   - nothing goes wrong on the way: no console error (a CSP violation is
//     one), no uncaught exception, no failed request, no answer of 400 or
//     more, and no request to any host but 127.0.0.1 (such requests are
//     aborted, as they would be on a machine with no internet).
// Prints what it found and each failure; exits 1 on any failure.
//
//   node scripts/docs/check.mjs http://127.0.0.1:PORT/docs/ [SCREENSHOT.png]
//
// Environment: PANDA_PLAYWRIGHT_DIR, the directory where `npm install
// playwright-core` was run (scripts/docs_page.sh sets it); CHROMIUM
// [/usr/bin/chromium]; DOCS_MIN_OPERATIONS [35].
import { createRequire } from "node:module";
import path from "node:path";

const [url, screenshot] = process.argv.slice(2);
if (!url || !process.env.PANDA_PLAYWRIGHT_DIR) {
    console.error("usage: PANDA_PLAYWRIGHT_DIR=DIR node check.mjs URL [SCREENSHOT.png]");
    process.exit(2);
}
const require = createRequire(path.join(process.env.PANDA_PLAYWRIGHT_DIR, "package.json"));
const { chromium } = require("playwright-core");
const minOperations = Number(process.env.DOCS_MIN_OPERATIONS ?? 35);
const allowedHost = "127.0.0.1";

const failures = [];
const fail = (what) => {
    failures.push(what);
    console.log(`FAIL: ${what}`);
};

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
    headless: true,
    timeout: 60_000,
});
try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 2000 } });
    // No internet: a request to any other host is aborted, and is a failure.
    await context.route("**/*", (route) => {
        const target = new URL(route.request().url());
        if (["http:", "https:", "ws:", "wss:"].includes(target.protocol) && target.hostname !== allowedHost) {
            fail(`request to another host: ${route.request().method()} ${route.request().url()}`);
            return route.abort("blockedbyclient");
        }
        return route.continue();
    });
    const page = await context.newPage();
    page.on("console", (message) => {
        if (message.type() === "error") {
            const where = message.location()?.url ? ` (${message.location().url})` : "";
            fail(`console error: ${message.text()}${where}`);
        }
    });
    page.on("pageerror", (error) => fail(`uncaught exception: ${error.message}`));
    page.on("requestfailed", (request) => {
        const target = new URL(request.url());
        if (target.hostname === allowedHost || !["http:", "https:"].includes(target.protocol)) {
            fail(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
        }
    });
    page.on("response", (response) => {
        if (response.status() >= 400) {
            fail(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
        }
    });

    const response = await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    const status = response?.status();
    console.log(`page: HTTP ${status} ${response?.headers()["content-type"] ?? ""} (${url})`);
    if (status !== 200) fail(`the page answered HTTP ${status}, not 200`);

    // Swagger UI fetches the document, then renders one .opblock per operation.
    await page.waitForSelector(".opblock", { timeout: 30_000 }).catch(() => {});
    await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
    const operations = await page.locator(".opblock").count();
    console.log(`operations rendered: ${operations} (.opblock elements; at least ${minOperations} wanted)`);
    if (operations < minOperations) fail(`only ${operations} operations rendered, fewer than ${minOperations}`);

    const title = await page.locator(".info .title").first().textContent({ timeout: 5_000 }).catch(() => null);
    console.log(`title: ${title?.trim() ?? "(none)"}`);
    const text = await page.locator("body").innerText();
    const html = await page.content();
    const named = ["registerPatient", "/api/v1/patients"].filter((s) => text.includes(s) || html.includes(s));
    console.log(`names: ${named.length ? named.join(", ") : "neither registerPatient nor /api/v1/patients"}`);
    if (!named.length) fail("the page names neither registerPatient nor /api/v1/patients");

    const errors = await page.locator(".swagger-ui .errors-wrapper").count();
    if (errors) fail(`Swagger UI shows ${errors} error box(es): ${await page.locator(".swagger-ui .errors-wrapper").first().innerText()}`);

    if (screenshot) {
        await page.screenshot({ path: screenshot, fullPage: false });
        console.log(`screenshot: ${screenshot}`);
    }
} catch (error) {
    fail(`the check stopped: ${error.message.split("\n")[0]}`);
} finally {
    await browser.close();
}

console.log(`docs page: ${failures.length ? `FAILED, ${failures.length} failure(s)` : "PASSED"}`);
process.exit(failures.length ? 1 : 0);
