import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text
def line = new File(basedir, 'mistake-line.txt').text.trim()

// asc's diagnostic as a Maven error with file:line:column, and the failure names it too.
assertThat(log).contains("[ERROR] assembly/index.ts:" + line + ":25: TS2322 Type '~lib/string/String' is not assignable to type 'i32'.")
assertThat(log).contains('asc found 1 error(s) in assembly/index.ts')
assertThat(log).doesNotContain('\tat io.github.proxywasm4j')
assertThat(basedir.toPath().resolve('target/wasm/optimized.wasm')).doesNotExist()
true
