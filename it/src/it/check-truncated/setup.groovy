import io.github.proxywasm4j.it.ItSupport
import java.nio.file.Files

// A cut download: the first 300 bytes of a real add_header module, built here from the seed.
ItSupport.copySeedFilter(basedir.toPath())
def module = ItSupport.compileWithAsc(basedir.toPath(), 'full.wasm', '--optimize', '--use', 'abort=abort_proc_exit')
def bytes = Files.readAllBytes(module)
assert bytes.length > 300
Files.write(basedir.toPath().resolve('truncated.wasm'), Arrays.copyOf(bytes, 300))
true
