import io.github.proxywasm4j.it.ItSupport
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())

// A real registry on loopback that wants a password: Debian's docker-registry with htpasswd.
def dir = basedir.toPath()
def port = new ServerSocket(0).withCloseable { it.localPort }
def hash = ItSupport.run(['python3', '-W', 'ignore', '-c',
        "import crypt; print(crypt.crypt('s3cret', crypt.mksalt(crypt.METHOD_BLOWFISH)))"], dir).trim()
dir.resolve('htpasswd').toFile().text = "pusher:${hash}\n"
dir.resolve('registry.yml').toFile().text = """version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: ${dir.resolve('registry-storage')}
http:
  addr: 127.0.0.1:${port}
auth:
  htpasswd:
    realm: it
    path: ${dir.resolve('htpasswd')}
"""
def registry = new ProcessBuilder('docker-registry', 'serve', dir.resolve('registry.yml').toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve('registry.log').toFile()).start()
// test.groovy runs in this JVM and stops the registry.
System.properties.put('proxywasm4j.it.registry', registry)
def client = HttpClient.newHttpClient()
def status = 0
for (int i = 0; i < 100 && status != 401; i++) {
    try {
        status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()
    } catch (IOException e) {
        Thread.sleep(100)
    }
}
assert status == 401 : "the registry did not come up: " + dir.resolve('registry.log').toFile().text

// A settings.xml <server> for the registry, with a password the registry does not accept.
def image = "127.0.0.1:${port}/filters/deploy-push-wrong-password:1.0"
dir.resolve('servers.xml').toFile().text = """<settings><servers><server>
  <id>127.0.0.1:${port}</id><username>pusher</username><password>wrong</password>
</server></servers></settings>
"""
dir.resolve('image.txt').toFile().text = image
def mvn = dir.resolve('.mvn')
mvn.toFile().mkdirs()
mvn.resolve('maven.config').toFile().text = "-Dwasm.image=${image}\n-gs\nservers.xml\n"
true
