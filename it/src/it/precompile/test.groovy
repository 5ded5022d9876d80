import static org.assertj.core.api.Assertions.assertThat

def base = basedir.toPath()
def log = new File(basedir, 'build.log').text
def classes = base.resolve('target/classes')

// wasm:build -Dwasm.precompile: the default class name from the group and artifact id.
assertThat(classes.resolve('io/github/proxywasm4j/it/PrecompileModule.class')).isRegularFile()
assertThat(classes.resolve('io/github/proxywasm4j/it/PrecompileModule.meta')).isRegularFile()
// wasm:precompile on the built module, under the configured name.
assertThat(classes.resolve('com/example/filters/GoalModule.class')).isRegularFile()
assertThat(classes.resolve('com/example/filters/GoalModule.meta')).isRegularFile()
// No temp files or intermediate sources left behind.
assertThat(base.resolve('target/wasm-state/precompile')).doesNotExist()
def leftovers = []
classes.toFile().eachFileRecurse { if (it.name.endsWith('.tmp')) leftovers << it }
assertThat(leftovers).isEmpty()

// The first build compiled both, the second found both up to date.
assertThat(log).containsPattern(/precompiled optimized\.wasm to io\.github\.proxywasm4j\.it\.PrecompileModule \(\d+ files, \d+ ms\)/)
assertThat(log).containsPattern(/precompiled optimized\.wasm to com\.example\.filters\.GoalModule \(\d+ files, \d+ ms\)/)
assertThat(log).contains('precompiled io.github.proxywasm4j.it.PrecompileModule is up to date')
assertThat(log).contains('precompiled com.example.filters.GoalModule is up to date')

// The JUnit test ran both classes through the embedded host and passed.
def report = base.resolve('target/surefire-reports/TEST-io.github.proxywasm4j.it.PrecompiledFilterTest.xml').toFile()
assertThat(report).isFile()
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
assertThat(suite.getAttribute('tests')).isEqualTo('4')
assertThat(suite.getAttribute('failures')).isEqualTo('0')
assertThat(suite.getAttribute('errors')).isEqualTo('0')
assertThat(suite.getAttribute('skipped')).isEqualTo('0')
true
