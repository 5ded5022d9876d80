import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text
def errors = log.readLines().findAll { it.startsWith('[ERROR]') && it.contains('not-a-module.wasm') }

// One clear line (logged once by the goal, once in Maven's failure summary), no stack trace.
assertThat(log).contains('not-a-module.wasm fails the Proxy-Wasm ABI check')
assertThat(log).contains('magic bytes')
assertThat(errors).hasSizeBetween(1, 2)
assertThat(log).doesNotContain('\tat ', 'Caused by')
true
