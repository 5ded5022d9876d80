import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())

// A real registry on loopback that wants a password, and a settings.xml <server> for it with a
// password the registry does not accept.
ItSupport.startPasswordRegistry(basedir.toPath(), 'deploy-push-wrong-password', 'wrong')
true
