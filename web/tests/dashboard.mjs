// End-to-end test of the dashboard in a real browser (Debian's chromium, driven by
// playwright-core). Run by .ci/run, not by `cargo test`: a fresh machine may lack chromium.
//
//   node web/tests/dashboard.mjs [--bin target/debug/entente] [--chromium /usr/bin/chromium]
//
// It codes our fixture articles into a fresh database with `entente ingest`, starts
// `entente serve` on a free loopback port, loads the dashboard, clicks an edge of the
// network and checks that the evidence sentence appears with source, trigger and target
// marked; opens an article whose text holds HTML and checks it is shown as text; saves a
// screenshot to target/ci-artifacts/dashboard.png and prints the first-load time (a
// measurement, not a pass/fail check).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values: opts } = parseArgs({
  options: {
    bin: { type: "string", default: join(repo, "target/debug/entente") },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    fixture: { type: "string", default: join(repo, "crates/cli/tests/data/serve/articles.jsonl") },
    screenshot: { type: "string", default: join(repo, "target/ci-artifacts/dashboard.png") },
  },
});

const work = mkdtempSync(join(tmpdir(), "entente-e2e-"));
const db = join(work, "fixture.db");
let server = null;
let context = null;
let passed = 0;
let failed = 0;

function check(name, ok, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}

/** Starts `entente serve` on port 0 and resolves with its address once it listens. */
function startServer() {
  return new Promise((resolveUrl, reject) => {
    server = spawn(opts.bin, ["serve", "--db", db, "--listen", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const timer = setTimeout(() => reject(new Error(`entente serve did not start in 20 s:\n${err}`)), 20000);
    server.stderr.on("data", (chunk) => {
      err += chunk;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`entente serve exited (${code}):\n${err}`));
    });
  });
}

async function main() {
  const ingest = spawnSync(opts.bin, ["ingest", opts.fixture, "--db", db], { encoding: "utf8" });
  if (ingest.status !== 0) throw new Error(`entente ingest failed:\n${ingest.stderr}`);
  const url = await startServer();

  context = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath: opts.chromium,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("dialog", (d) => {
    pageErrors.push(`a dialog opened: ${d.message()}`);
    d.dismiss().catch(() => {});
  });

  // First load: navigation start to network idle, on a fresh profile (cold cache).
  const start = performance.now();
  await page.goto(url, { waitUntil: "networkidle" });
  const firstLoad = performance.now() - start;
  await page.waitForSelector("body[data-ready=true]", { timeout: 10000 });
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return { load: nav.loadEventEnd, ready: Number(document.body.dataset.readyMs) };
  });
  // Playwright's network idle waits for 500 ms without requests; "ready" is the page's own
  // clock from navigation start to the dashboard drawn with its data.
  console.log(
    `first load: dashboard ready ${timing.ready} ms after navigation start (load event ${timing.load.toFixed(0)} ms; network idle reached after ${firstLoad.toFixed(0)} ms)`,
  );
  check("the dashboard reports its load time", Number.isFinite(timing.ready) && timing.ready > 0, String(timing.ready));

  const rows = await page.locator("#events tbody tr[data-id]").count();
  check("the event table lists the fixture's events", rows >= 5, `${rows} rows`);
  const edges = await page.evaluate(() => window.entente.network.cy.edges().length);
  check("the network has edges", edges >= 3, `${edges} edges`);

  // Click the busiest edge whose middle no node covers, where it is drawn, as a user would.
  const target = await page.evaluate(() => {
    const cy = window.entente.network.cy;
    const clear = (p) =>
      cy.nodes().every((n) => {
        const b = n.renderedBoundingBox();
        return p.x < b.x1 - 4 || p.x > b.x2 + 4 || p.y < b.y1 - 4 || p.y > b.y2 + 4;
      });
    const edges = cy.edges().sort((a, b) => b.data("events") - a.data("events"));
    const edge = edges.filter((e) => clear(e.renderedMidpoint()))[0] || edges[0];
    const mid = edge.renderedMidpoint();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + mid.x, y: box.top + mid.y, source: edge.data("source"), target: edge.data("target") };
  });
  await page.mouse.click(target.x, target.y);
  await page.waitForSelector("#evidence-sentence", { timeout: 10000 });
  const evidence = await page.evaluate(() => {
    const s = document.getElementById("evidence-sentence");
    const mark = (role) => [...s.querySelectorAll(`mark.${role}`)].map((m) => m.textContent);
    return { text: s.textContent, source: mark("source"), trigger: mark("trigger"), target: mark("target") };
  });
  check(
    `clicking edge ${target.source} → ${target.target} shows the evidence sentence`,
    evidence.text.length > 10 && evidence.source.length > 0 && evidence.trigger.length > 0 && evidence.target.length > 0,
    JSON.stringify(evidence),
  );
  const filterLabel = await page.textContent("#events-filter");
  check("the event table follows the edge", filterLabel.includes(`${target.source} → ${target.target}`), filterLabel);
  await page.screenshot({ path: opts.screenshot, fullPage: true });

  // Search, then open the article whose sentence and title hold HTML: shown as text.
  await page.fill("#search-text", "shelling");
  await page.press("#search-text", "Enter");
  await page.waitForFunction(() => document.getElementById("events-filter").textContent.includes("shelling"));
  await page.locator("#events tbody tr[data-id]").first().click();
  await page.waitForFunction(() => document.getElementById("evidence-sentence")?.textContent.includes("shelling"));
  const escaped = await page.evaluate(() => {
    const ev = document.getElementById("evidence");
    return {
      sentence: document.getElementById("evidence-sentence").textContent,
      injected: ev.querySelectorAll("script, b, i").length,
      text: ev.textContent,
    };
  });
  check("article markup is shown as text", escaped.sentence.includes("<script>alert('x')</script>") && escaped.injected === 0 && escaped.text.includes("<b>Border</b>"), JSON.stringify(escaped));
  check("no script error or dialog in the page", pageErrors.length === 0, pageErrors.join("; "));
}

try {
  mkdirSync(dirname(opts.screenshot), { recursive: true });
  await main();
} catch (e) {
  failed += 1;
  console.log(`FAIL ${e.stack || e}`);
} finally {
  if (context) await context.close().catch(() => {});
  if (server) server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
console.log(`dashboard: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
