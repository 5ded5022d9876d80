import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text

// npm's own explanation, as Maven errors, then one failure with the fix.
assertThat(log).contains('[ERROR] npm error')
assertThat(log).contains('in sync')
assertThat(log).contains('npm ci failed with exit code')
assertThat(log).contains('fix: correct package.json/package-lock.json')
assertThat(log).doesNotContain('Compiling assembly/index.ts', '\tat ')
true
