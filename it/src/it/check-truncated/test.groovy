import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text

assertThat(log).contains('truncated.wasm fails the Proxy-Wasm ABI check')
assertThat(log).contains('truncated module')
assertThat(log).doesNotContain('\tat ', 'Caused by')
true
