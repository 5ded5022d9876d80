import io.github.proxywasm4j.it.ItSupport
import java.nio.file.Files
import static org.assertj.core.api.Assertions.assertThat

def base = basedir.toPath()
def log = new File(basedir, 'build.log').text
def wasm = base.resolve('target/deploy-files.wasm')
def sha = java.security.MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(wasm)).encodeHex().toString()

// The OCI image archive, read by skopeo (an independent client): one layer, the compat layout.
def tar = base.resolve('target/deploy-files-oci.tar')
assertThat(tar).isRegularFile()
def inspect = ItSupport.run(['skopeo', 'inspect', 'oci-archive:' + tar], base)
def digest = (inspect =~ /"Digest": "sha256:([0-9a-f]{64})"/)[0][1]
assertThat(inspect).contains('"Layers": [')

// v3 envoy.yaml like the seed's: listener -> wasm filter -> router -> cluster, at the module.
def envoy = base.resolve('target/envoy.yaml').toFile().text
assertThat(envoy)
        .contains('"@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm')
        .contains('root_id: "add_header"')
        .contains('value: "{\\"value\\":\\"what ever you want\\"}"')
        .contains('filename: "' + wasm.toAbsolutePath() + '"')
        .contains('- name: envoy.filters.http.router')
        .doesNotContain('envoy.router\n')

// The Istio WasmPlugin: pluginName = root id, Istio's FAIL_CLOSE, oci:// url with the manifest digest.
def plugin = base.resolve('target/deploy-files-wasmplugin.yaml').toFile().text
assertThat(plugin)
        .contains('apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\n')
        .contains('  name: deploy-files\n')
        .contains('  url: "oci://127.0.0.1:5000/filters/deploy-files:1.0"\n')
        .contains('  sha256: ' + digest + '\n')
        .contains('  pluginName: "add_header"\n')
        .contains('  failStrategy: FAIL_CLOSE\n')
        .contains('  pluginConfig:\n    value: "what ever you want"\n')
// The image names this plugin (not jib-core) in its history and labels, and the filter's name.
def config = ItSupport.run(['skopeo', 'inspect', '--config', 'oci-archive:' + tar], base)
assertThat(config).contains('"created_by": "wasm-maven-plugin:')
        .contains('"io.github.proxywasm4j.built-by": "wasm-maven-plugin:')
        .contains('"org.opencontainers.image.title": "deploy-files"')
        .contains('"org.opencontainers.image.version": "1.0"')
assertThat(log).contains('OCI image 127.0.0.1:5000/filters/deploy-files:1.0 (sha256:' + digest + ')')
assertThat(log).contains('(sha256 ' + sha + ')')
true
