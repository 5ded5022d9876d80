import io.github.proxywasm4j.it.ItSupport
import java.nio.file.Files
import static org.assertj.core.api.Assertions.assertThat

def dir = basedir.toPath()
def registry = System.properties.get('proxywasm4j.it.registry')
try {
    def log = new File(basedir, 'build.log').text
    def image = dir.resolve('image.txt').toFile().text
    assertThat(log).contains("Using the credentials of settings.xml server '" + image.substring(0, image.indexOf('/')) + "'")
    // package wrote the archive; push sent the same manifest.
    def packaged = (log =~ /OCI image \S+ \((sha256:[0-9a-f]{64})\)/)[0][1]
    assertThat(log).contains('Pushed ' + image + ' (' + packaged + ')')

    // skopeo, with the same credentials, sees that digest and pulls the image back.
    def creds = '--creds=pusher:s3cret'
    def inspect = ItSupport.run(['skopeo', 'inspect', '--tls-verify=false', creds, 'docker://' + image], dir)
    assertThat(inspect).contains('"Digest": "' + packaged + '"')
    ItSupport.run(['skopeo', 'copy', '--src-tls-verify=false', '--src-creds=pusher:s3cret',
                   'docker://' + image, 'oci:' + dir.resolve('pulled') + ':1.0'], dir)
    // Anonymous access is refused: the credentials really were needed.
    def anonymous = new ProcessBuilder('skopeo', 'inspect', '--tls-verify=false', 'docker://' + image)
            .redirectErrorStream(true).start()
    assertThat(anonymous.waitFor()).isNotEqualTo(0)

    // The last layer is tar+gzip and holds plugin.wasm, byte for byte the packaged module.
    def index = dir.resolve('pulled/index.json').toFile().text
    def manifestDigest = (index =~ /"digest":"sha256:([0-9a-f]{64})"/)[0][1]
    def manifest = dir.resolve('pulled/blobs/sha256/' + manifestDigest).toFile().text
    def layers = (manifest =~ /"mediaType":"([^"]+)","digest":"sha256:([0-9a-f]{64})"/).collect { [it[1], it[2]] }
    def last = layers.last()
    assertThat(last[0]).isEqualTo('application/vnd.oci.image.layer.v1.tar+gzip')
    def out = dir.resolve('layer')
    out.toFile().mkdirs()
    ItSupport.run(['tar', '-xzf', dir.resolve('pulled/blobs/sha256/' + last[1]).toString(), '-C', out.toString()], dir)
    assertThat(out.resolve('plugin.wasm')).hasSameBinaryContentAs(dir.resolve('target/deploy-push.wasm'))
} finally {
    registry?.destroy()
}
true
