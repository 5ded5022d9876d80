'use strict';
// Builds the benchmark modules into the directory given as the first argument:
//   as/<name>.ts   -> <name>.wasm           asc with proxy-runtime's asbuild:optimized recipe
//                  -> <name>-stripped.wasm  the same plus the wasm-maven-plugin's strip-debug-logs
//                                           transform (proxy-runtime's debug log statements removed)
//   wat/<name>.wat -> <name>.wasm           wabt's wat2wasm
// Runs `npm ci` when node_modules is missing or older than package-lock.json; rebuilds a module
// only when an input is newer than its output. Outputs are written to a temp file and renamed.

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const here = __dirname;
const transform = path.resolve(here, '../../../../wasm-maven-plugin/src/main/resources/'
    + 'io/github/proxywasm4j/maven/strip/strip-debug-logs.cjs');

function fail(message) {
    console.error('[benchmark-modules] ERROR ' + message);
    process.exit(1);
}

function run(command, args) {
    const result = childProcess.spawnSync(command, args, { cwd: here, stdio: 'inherit' });
    if (result.status !== 0) {
        fail(command + ' ' + args.join(' ') + ' failed with exit code ' + result.status);
    }
}

function mtime(file) {
    return fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1;
}

if (process.argv.length !== 4) {
    fail('expected two arguments, the output directory and the seed filter; run: node build.cjs'
        + ' ../../../target/wasm ../../../../archetype/src/main/resources/archetype-resources/assembly/index.ts');
}
const outDir = path.resolve(process.argv[2]);
fs.mkdirSync(outDir, { recursive: true });

const lock = path.join(here, 'package-lock.json');
const installed = path.join(here, 'node_modules', '.package-lock.json');
if (mtime(installed) < mtime(lock)) {
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}

const asc = path.join(here, 'node_modules', 'assemblyscript', 'bin', 'asc');
const wat2wasm = path.join(here, 'node_modules', 'wabt', 'bin', 'wat2wasm');

function build(output, inputs, command, args) {
    if (inputs.every((f) => mtime(f) <= mtime(output))) {
        return;
    }
    const tmp = path.join(outDir, '.' + path.basename(output) + '.' + process.pid + '.tmp.wasm');
    run(command, args.concat([tmp]));
    new WebAssembly.Module(fs.readFileSync(tmp)); // throws on a broken module
    fs.renameSync(tmp, output);
    console.log('[benchmark-modules] built ' + path.basename(output)
        + ' (' + fs.statSync(output).size + ' bytes)');
}

// The seed filter's one source, shared with the other test builds.
const { seedFilter } = require('../../../../build-support/seed-filter.cjs');

const runtimeSources = fs.readdirSync(path.join(here, 'node_modules/@solo-io/proxy-runtime/assembly'))
    .map((f) => path.join(here, 'node_modules/@solo-io/proxy-runtime/assembly', f));
const asSources = fs.readdirSync(path.join(here, 'as')).filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(here, 'as', f))
    .concat([seedFilter(path.resolve(process.argv[3]), path.join(path.dirname(outDir), 'seed'))]);
for (const source of asSources) {
    const name = path.basename(source, '.ts');
    const recipe = [source, '--optimize', '--use', 'abort=abort_proc_exit'];
    build(path.join(outDir, name + '.wasm'), [source, lock, ...runtimeSources],
        process.execPath, [asc, ...recipe, '-o']);
    build(path.join(outDir, name + '-stripped.wasm'), [source, lock, transform, ...runtimeSources],
        process.execPath, [asc, ...recipe, '--transform', transform, '-o']);
}
for (const wat of fs.readdirSync(path.join(here, 'wat')).filter((f) => f.endsWith('.wat'))) {
    const source = path.join(here, 'wat', wat);
    build(path.join(outDir, path.basename(wat, '.wat') + '.wasm'), [source, lock],
        process.execPath, [wat2wasm, source, '-o']);
}
