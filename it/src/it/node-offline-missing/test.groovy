import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text

// One message: what was tried, why nothing can be downloaded, how to fix it.
assertThat(log).contains('No usable Node.js found (no node on PATH) and Maven is offline, so Node v20.20.2 cannot be downloaded')
assertThat(log).contains('fix: put Node >= v18.0.0 on PATH, set -Dwasm.node=/path/to/node, or build once online to cache Node')
assertThat(log).doesNotContain('\tat ', 'Caused by', 'Running npm')
assertThat(basedir.toPath().resolve('target/wasm-node/node/node')).doesNotExist()
true
