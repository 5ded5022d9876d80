// Builds every assembly/*.ts, and the seed's add_header filter from its one source (the second
// argument: the archetype's template), into <outDir>/<name>.wasm with the pinned asc, like a filter
// project's asbuild:optimized script. npm ci runs only when node_modules is missing or stale.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

if (process.argv.length !== 4) {
  throw new Error("usage: node build.cjs <output directory> <seed filter template>");
}
const outDir = path.resolve(process.argv[2]);
const here = __dirname;
const lock = path.join(here, "package-lock.json");
const installed = path.join(here, "node_modules", ".package-lock.json");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  execFileSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit" });
}
fs.mkdirSync(outDir, { recursive: true });
const asc = path.join(here, "node_modules", "assemblyscript", "bin", "asc");

// The seed filter's one source, shared with the other test builds.
const { seedFilter } = require("../../../../build-support/seed-filter.cjs");

const sources = fs.readdirSync(path.join(here, "assembly")).filter((f) => f.endsWith(".ts"))
  .map((f) => path.join(here, "assembly", f))
  .concat([seedFilter(path.resolve(process.argv[3]), path.join(path.dirname(outDir), "seed"))]);
for (const source of sources) {
  const name = path.basename(source, ".ts");
  const out = path.join(outDir, name + ".wasm");
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs > fs.statSync(source).mtimeMs
      && fs.statSync(out).mtimeMs > fs.statSync(lock).mtimeMs) {
    continue;
  }
  execFileSync(process.execPath, [asc, path.relative(here, source), "-o", out,
    "--optimize", "--use", "abort=abort_proc_exit"], { cwd: here, stdio: "inherit" });
  if (!fs.existsSync(out)) {
    throw new Error("asc wrote no module at " + out);
  }
}
