import io.github.proxywasm4j.it.ItSupport

ItSupport.pathWithoutNode(basedir.toPath().resolve('no-node-bin'))
// Nothing cached: the download case may have left the archive in the shared IT repository.
ItSupport.deleteTree(localRepositoryPath.toPath().resolve('com/github/eirslett/node'))
true
