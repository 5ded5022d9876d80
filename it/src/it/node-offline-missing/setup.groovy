import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())

ItSupport.pathWithoutNode(basedir.toPath().resolve('no-node-bin'))
// Nothing cached: the download case may have left the archive in the shared IT repository.
ItSupport.deleteTree(localRepositoryPath.toPath().resolve('com/github/eirslett/node'))
true
