import io.github.proxywasm4j.it.ItSupport
import java.nio.file.Files
import static org.assertj.core.api.Assertions.assertThat

def base = basedir.toPath()
def log = new File(basedir, 'build.log').text

// The artifact: the optimized module, with the Proxy-Wasm exports Envoy looks for.
def wasm = base.resolve('target/add-header.wasm')
assertThat(wasm).isRegularFile()
assertThat(ItSupport.exports(wasm)).contains('proxy_abi_version_0_2_0', 'malloc', 'memory', 'proxy_on_response_headers')
// Built with --use abort=abort_proc_exit: no env.abort, proc_exit instead.
assertThat(ItSupport.imports(wasm)).doesNotContain('env.abort').contains('wasi_unstable.proc_exit')
assertThat(base.resolve('target/wasm/optimized.wasm.map')).isRegularFile()
// The options: the debug module next to it, and the text format of both.
assertThat(ItSupport.exports(base.resolve('target/wasm/untouched.wasm'))).contains('proxy_abi_version_0_2_0', 'malloc', 'memory')
assertThat(base.resolve('target/wasm/optimized.wat').toFile().text).startsWith('(module')
assertThat(base.resolve('target/wasm/untouched.wat')).isRegularFile()
assertThat(log).contains('Compiling assembly/index.ts with asc 0.17.14 (debug)')

// Its checksum in sha256sum format.
def sha = java.security.MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(wasm)).encodeHex().toString()
assertThat(base.resolve('target/add-header.wasm.sha256').toFile().text).isEqualTo(sha + '  add-header.wasm\n')

// The lifecycle of the wasm packaging ran npm ci, asc, the ABI check and installed the module.
assertThat(log).contains('Running npm ci in')
assertThat(log).contains('Compiling assembly/index.ts with asc 0.17.14 (optimized)')
assertThat(log).contains('optimized.wasm passes the Proxy-Wasm ABI check (ABI 0.2.0')
def installed = localRepositoryPath.toPath().resolve('io/github/proxywasm4j/it/add-header/1.0/add-header-1.0.wasm')
assertThat(installed).hasSameBinaryContentAs(wasm)
true
