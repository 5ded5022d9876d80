import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text

// The validator's problem names the import and the fix, and the build fails with it.
assertThat(log).contains('import env.abort is not provided by Envoy')
assertThat(log).contains('--use abort=abort_proc_exit')
assertThat(log).contains('no-abort.wasm fails the Proxy-Wasm ABI check')
assertThat(log).doesNotContain('\tat io.github.proxywasm4j')
true
