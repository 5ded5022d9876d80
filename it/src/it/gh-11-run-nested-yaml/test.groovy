import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text
def expected = 'deep.yaml (line 1, column 101) nests mappings and lists deeper than 100 levels; fix:' +
        ' check that wasm.envoyConfig names the bootstrap meant and that its brackets are closed' +
        ' (an Envoy bootstrap nests about 15 levels)'
def errors = log.readLines().findAll { it.startsWith('[ERROR]') && it.contains('deep.yaml') }

// One clear line (logged once by the goal, once in Maven's failure summary), no stack trace.
assertThat(errors).hasSizeBetween(1, 2)
assertThat(errors[0]).isEqualTo('[ERROR] ' + expected)
assertThat(log).doesNotContain('StackOverflowError', '\tat ', 'Caused by')
true
