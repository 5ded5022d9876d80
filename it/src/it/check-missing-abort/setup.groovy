import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())

// A module built the way people often start: asc without --use abort=abort_proc_exit.
def module = ItSupport.compileWithAsc(basedir.toPath(), 'no-abort.wasm')
assert ItSupport.imports(module).contains('env.abort')
true
