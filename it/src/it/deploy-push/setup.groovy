import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())

// A real registry on loopback that wants a password (Debian's docker-registry with htpasswd); the
// credentials live in a settings.xml <server> whose id is the registry, the image name holds the port.
ItSupport.startPasswordRegistry(basedir.toPath(), 'deploy-push', 's3cret')
true
