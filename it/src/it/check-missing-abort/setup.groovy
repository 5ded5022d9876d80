import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())

// A module built the way people often start: asc without --use abort=abort_proc_exit.
def dir = basedir.toPath()
def node = ItSupport.nodeOnPath().toString()
def npmCli = ItSupport.nodeOnPath().toRealPath().parent.parent.resolve('lib/node_modules/npm/bin/npm-cli.js').toString()
ItSupport.run([node, npmCli, 'ci', '--no-audit', '--no-fund', '--prefer-offline'], dir)
ItSupport.run([node, 'node_modules/assemblyscript/bin/asc', 'assembly/index.ts', '-o', 'no-abort.wasm'], dir)
assert ItSupport.imports(dir.resolve('no-abort.wasm')).contains('env.abort')
true
