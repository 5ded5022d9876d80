'use strict';
// Builds the Proxy-Wasm modules the proxy-host-sdk tests run, from the sources beside this file:
//   as/*.ts   AssemblyScript filters (@solo-io/proxy-runtime 0.1.8), compiled by the real asc
//             with the recipe of proxy-runtime's asbuild:optimized script;
//   wat/*.wat hand-written modules shaped like the Go, Rust and C++ SDKs' output, assembled by wabt.
// Usage: node build.cjs <output directory> <seed filter template>. Runs `npm ci` only when package-lock.json changed since
// the last install, and rebuilds a module only when one of its inputs is newer than the output.
// Files whose name starts with "_" are shared includes, not modules.

const childProcess = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const here = __dirname;
const started = Date.now();

function fail(message) {
    console.error('[test-modules] ERROR ' + message);
    process.exit(1);
}

if (process.argv.length !== 4) {
    fail('expected two arguments, the output directory and the seed filter; run: node build.cjs'
        + ' ../../../target/test-modules ../../../../archetype/src/main/resources/archetype-resources/assembly/index.ts');
}
const outDir = path.resolve(process.argv[2]);
fs.mkdirSync(outDir, { recursive: true });
// Leftovers of an interrupted build.
for (const f of fs.readdirSync(outDir).filter((f) => f.startsWith('.') && f.includes('.tmp'))) {
    fs.rmSync(path.join(outDir, f), { force: true });
}

function sha256(file) {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function newestMtime(files) {
    return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

function listDir(dir, ext) {
    return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(dir, f));
}

function isUpToDate(output, inputs) {
    return fs.existsSync(output) && fs.statSync(output).mtimeMs >= newestMtime(inputs);
}

// Same directory, then rename: a reader never sees a half-written module.
function writeAtomically(target, bytes) {
    const tmp = path.join(path.dirname(target), '.' + path.basename(target) + '.' + process.pid + '.tmp');
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, target);
}

function checkParses(file) {
    try {
        new WebAssembly.Module(fs.readFileSync(file));
    } catch (e) {
        fail(file + ' is not a valid WebAssembly module: ' + e.message);
    }
}

// 1. npm ci, skipped when node_modules was installed from this very lock file.
const lockFile = path.join(here, 'package-lock.json');
const stampFile = path.join(here, 'node_modules', '.proxywasm4j-lock.sha256');
const lockHash = sha256(lockFile);
if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === lockHash) {
    console.log('[test-modules] node_modules matches package-lock.json, npm ci skipped');
} else {
    const t = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = childProcess.spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
        cwd: here,
        stdio: 'inherit',
        shell: process.platform === 'win32',
    });
    if (result.status !== 0) {
        fail('npm ci failed in ' + here + ' (exit ' + result.status + '); check network access to the npm registry'
            + ' or run `npm ci` there by hand to see why');
    }
    fs.writeFileSync(stampFile, lockHash + '\n');
    console.log('[test-modules] npm ci took ' + (Date.now() - t) + ' ms');
}

// The seed filter's one source, shared with the other test builds.
const { seedFilter } = require('../../../../build-support/seed-filter.cjs');

// 2. AssemblyScript filters. Shared helpers (as/_*.ts) are inputs of every entry.
const asDir = path.join(here, 'as');
const asSources = listDir(asDir, '.ts');
const asShared = asSources.filter((f) => path.basename(f).startsWith('_')).concat([lockFile, __filename]);
const asEntries = asSources.filter((f) => !path.basename(f).startsWith('_'))
    .concat([seedFilter(path.resolve(process.argv[3]), path.join(path.dirname(outDir), 'seed'))]);
const ascScript = path.join(here, 'node_modules', 'assemblyscript', 'bin', 'asc');

function compileAs(entry) {
    const name = path.basename(entry, '.ts');
    const target = path.join(outDir, name + '.wasm');
    if (isUpToDate(target, asShared.concat([entry]))) {
        return Promise.resolve({ name, skipped: true });
    }
    // asc picks the format from the extension, so the temporary file must end in .wasm.
    const tmp = path.join(outDir, '.' + name + '.' + process.pid + '.tmp.wasm');
    const relEntry = path.relative(here, entry).split(path.sep).join('/');
    // The proxy-runtime recipe: optimized, abort routed to proc_exit (Envoy has no env.abort).
    // Never -b (it means --bindings in newer asc) and no --validate (unknown since asc 0.14).
    const args = [ascScript, relEntry, '-o', tmp, '--optimize', '--use', 'abort=abort_proc_exit'];
    const t = Date.now();
    return new Promise((resolve) => {
        const child = childProcess.spawn(process.execPath, args, { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (code) => {
            if (code !== 0 || !fs.existsSync(tmp)) {
                fs.rmSync(tmp, { force: true });
                fail('asc failed on ' + relEntry + ' (exit ' + code + '):\n' + output);
            }
            fs.renameSync(tmp, target);
            checkParses(target);
            resolve({ name, skipped: false, ms: Date.now() - t, bytes: fs.statSync(target).size });
        });
    });
}

// Two at a time: Binaryen's optimizer is single-threaded and CI has two cores.
async function compileAll(entries, width) {
    const results = [];
    let next = 0;
    async function worker() {
        while (next < entries.length) {
            const entry = entries[next++];
            results.push(await compileAs(entry));
        }
    }
    await Promise.all(Array.from({ length: width }, worker));
    return results;
}

// 3. WAT modules, with two small source conveniences expanded before wabt sees the text:
//   `;; @include _name.wat`      replaced by the module fields in wat/_name.wat;
//   `;; @string name "text"`     a constant string (WAT escapes allowed, e.g. "a\\00b"), placed in a
//                                data segment at the line `;; @strings`; `(i32.const @name)` is its
//                                address and `(i32.const #name)` its length in bytes.
const watDir = path.join(here, 'wat');
const STRINGS_BASE = 1024;

function watStringLength(literal, where) {
    let n = 0;
    for (let i = 0; i < literal.length; i++) {
        if (literal[i] !== '\\') {
            n += Buffer.byteLength(literal[i]);
        } else if (/^[0-9a-fA-F]{2}$/.test(literal.substr(i + 1, 2))) {
            n += 1;
            i += 2;
        } else if ('nt"\'\\'.includes(literal[i + 1])) {
            n += 1;
            i += 1;
        } else {
            fail(where + ': unsupported escape in string "' + literal + '"');
        }
    }
    return n;
}

function preprocessWat(file) {
    const where = path.relative(here, file);
    let text = fs.readFileSync(file, 'utf8').replace(/^\s*;;\s*@include\s+(\S+)\s*$/gm, (line, inc) => {
        const incFile = path.join(watDir, inc);
        if (!fs.existsSync(incFile)) {
            fail(where + ': included file ' + inc + ' does not exist in ' + watDir);
        }
        return fs.readFileSync(incFile, 'utf8');
    });
    const strings = new Map();
    let offset = STRINGS_BASE;
    text = text.replace(/^\s*;;\s*@string\s+(\w+)\s+"((?:[^"\\]|\\.)*)"\s*$/gm, (line, name, literal) => {
        if (strings.has(name)) {
            fail(where + ': string @' + name + ' is declared twice');
        }
        const length = watStringLength(literal, where);
        strings.set(name, { offset, length, literal });
        offset += (length + 4) & ~3;
        return '';
    });
    text = text.replace(/\(i32\.const ([@#])(\w+)\)/g, (m, kind, name) => {
        const s = strings.get(name);
        if (s === undefined) {
            fail(where + ': ' + m + ' names no `;; @string ' + name + '` declaration');
        }
        return '(i32.const ' + (kind === '@' ? s.offset : s.length) + ')';
    });
    const segments = Array.from(strings.values())
        .map((s) => '  (data (i32.const ' + s.offset + ') "' + s.literal + '")')
        .join('\n');
    if (strings.size > 0 && !/^\s*;;\s*@strings\s*$/m.test(text)) {
        fail(where + ': declares strings but has no `;; @strings` line to place them');
    }
    return text.replace(/^\s*;;\s*@strings\s*$/m, segments);
}

async function assembleWat() {
    const watFiles = listDir(watDir, '.wat');
    const watInputs = watFiles.concat([lockFile, __filename]);
    const entries = watFiles.filter((f) => !path.basename(f).startsWith('_'));
    const results = [];
    let wabt = null;
    for (const file of entries) {
        const name = path.basename(file, '.wat');
        const target = path.join(outDir, name + '.wasm');
        if (isUpToDate(target, watInputs)) {
            results.push({ name, skipped: true });
            continue;
        }
        const t = Date.now();
        if (wabt === null) {
            wabt = await require(path.join(here, 'node_modules', 'wabt'))();
        }
        let module;
        try {
            // MVP only (every post-MVP feature off except mutable globals), like asc 0.17 output.
            module = wabt.parseWat(path.basename(file), preprocessWat(file), { mutable_globals: true, bulk_memory: false, reference_types: false, sign_extension: false, sat_float_to_int: false, multi_value: false, simd: false });
            module.resolveNames();
            module.validate();
        } catch (e) {
            fail('wat2wasm failed on ' + path.relative(here, file) + ': ' + e.message);
        }
        const binary = module.toBinary({ write_debug_names: true }).buffer;
        module.destroy();
        writeAtomically(target, Buffer.from(binary));
        checkParses(target);
        results.push({ name, skipped: false, ms: Date.now() - t, bytes: binary.length });
    }
    return results;
}

(async () => {
    const asResults = await compileAll(asEntries, 2);
    const watResults = await assembleWat();
    for (const r of asResults.concat(watResults).sort((a, b) => a.name.localeCompare(b.name))) {
        console.log('[test-modules] ' + r.name + '.wasm '
            + (r.skipped ? 'up to date' : 'built in ' + r.ms + ' ms, ' + r.bytes + ' bytes'));
    }
    console.log('[test-modules] done in ' + (Date.now() - started) + ' ms -> ' + outDir);
})().catch((e) => fail(e.stack || String(e)));
