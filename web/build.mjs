// Bundles the dashboard into web/dist: index.html, app.js and app.css, minified.
// crates/serve/build.rs runs this (through `npm run build`) and embeds the result in the
// entente binary. The bundle is written to a temporary folder first and then moved into
// place, so a reader never sees half a bundle.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, "dist");
const tmp = join(root, `dist.tmp-${process.pid}`);

rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
try {
  await build({
    entryPoints: { app: join(root, "src/main.js") },
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020"],
    outdir: tmp,
    legalComments: "linked",
    logLevel: "warning",
  });
  copyFileSync(join(root, "src/index.html"), join(tmp, "index.html"));
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
} catch (e) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`dashboard build failed: ${e.message}`);
  process.exit(1);
}
