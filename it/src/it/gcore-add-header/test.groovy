import io.github.proxywasm4j.it.ItSupport
import static org.assertj.core.api.Assertions.assertThat

def base = basedir.toPath()
def log = new File(basedir, 'build.log').text

// asc 0.28 with the WASI shim's configuration built it ...
assertThat(log).contains('Compiling assembly/index.ts with asc 0.28.20 (optimized)')
// ... into the shim's shape, which the ABI check accepts ...
def wasm = base.resolve('target/gcore-add-header.wasm')
assertThat(ItSupport.exports(wasm)).contains('_start', 'proxy_abi_version_0_2_1', 'malloc', 'proxy_on_response_headers')
assertThat(ItSupport.imports(wasm)).contains('wasi_snapshot_preview1.fd_write').doesNotContain('env.abort')
assertThat(log).contains('optimized.wasm passes the Proxy-Wasm ABI check (ABI 0.2.1')
// ... and the host runs it (GcoreAddHeaderTest).
assertThat(log).contains('Tests run: 2, Failures: 0, Errors: 0')
true
