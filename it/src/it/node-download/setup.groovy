import io.github.proxywasm4j.it.ItSupport
import io.github.proxywasm4j.it.NodeMirror

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())

def dir = basedir.toPath()
ItSupport.pathWithoutNode(dir.resolve('no-node-bin'))
// The download must happen: nothing cached in the IT repository.
ItSupport.deleteTree(localRepositoryPath.toPath().resolve('com/github/eirslett/node'))

// The local Node, repackaged in the nodejs.org layout and served on loopback.
def version = ItSupport.nodeVersion()
ItSupport.nodeArchive(dir.resolve('mirror'), version)
def mirror = NodeMirror.serve(dir.resolve('mirror'))
// test.groovy runs in this JVM and stops the server.
System.properties.put('proxywasm4j.it.nodeMirror', mirror)

// Maven reads .mvn/maven.config of the project; the port is only known now.
def mvn = dir.resolve('.mvn')
mvn.toFile().mkdirs()
mvn.resolve("maven.config").toFile().text = "-Dwasm.nodeDownloadRoot=${mirror.url()}\n-Dwasm.nodeVersion=${version}\n"
true
