// Builds every assembly/*.ts into <outDir>/<name>.wasm with the pinned asc, like a filter
// project's asbuild:optimized script. npm ci runs only when node_modules is missing or stale.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const outDir = path.resolve(process.argv[2] || "build");
const here = __dirname;
const lock = path.join(here, "package-lock.json");
const installed = path.join(here, "node_modules", ".package-lock.json");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  execFileSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit" });
}
fs.mkdirSync(outDir, { recursive: true });
const asc = path.join(here, "node_modules", "assemblyscript", "bin", "asc");
for (const file of fs.readdirSync(path.join(here, "assembly")).filter((f) => f.endsWith(".ts"))) {
  const name = path.basename(file, ".ts");
  const out = path.join(outDir, name + ".wasm");
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs > fs.statSync(path.join(here, "assembly", file)).mtimeMs
      && fs.statSync(out).mtimeMs > fs.statSync(lock).mtimeMs) {
    continue;
  }
  execFileSync(process.execPath, [asc, path.join("assembly", file), "-o", out,
    "--optimize", "--use", "abort=abort_proc_exit"], { cwd: here, stdio: "inherit" });
  if (!fs.existsSync(out)) {
    throw new Error("asc wrote no module at " + out);
  }
}
