import io.github.proxywasm4j.it.ItSupport
import static org.assertj.core.api.Assertions.assertThat

def mirror = System.properties.remove('proxywasm4j.it.nodeMirror')
mirror.close()
def dir = basedir.toPath()
def log = new File(basedir, 'build.log').text
def version = ItSupport.nodeVersion()
def plain = version.substring(1)

// One download from the loopback mirror, in the nodejs.org layout; the offline build made none.
assertThat(mirror.requests()).containsExactly("/${version}/node-${version}-linux-x64.tar.gz".toString())
assertThat(log.count('Downloading http://127.0.0.1:')).isEqualTo(1)
// The offline build unpacked the cached archive into its own install directory.
assertThat(dir.resolve('target/wasm-node-offline/node/node')).isRegularFile()
assertThat(log.count('Unpacking ')).isEqualTo(2)
// Cached in the local repository where frontend-maven-plugin keeps it.
assertThat(localRepositoryPath.toPath().resolve("com/github/eirslett/node/${plain}/node-${plain}-linux-x64.tar.gz")).isRegularFile()
assertThat(log).contains("No usable Node.js found (no node on PATH); installing Node ${version} under".toString())
assertThat(log).contains("Using Node ${version} installed at".toString())
// The installed Node ran npm and asc: the module is there and valid.
assertThat(log).contains('Running npm ci in')
assertThat(ItSupport.exports(dir.resolve('target/node-download.wasm'))).contains('proxy_abi_version_0_2_0', 'malloc', 'memory')
true
