import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (src/filters/add-header), shared by the cases.
ItSupport.copySeedFilter(basedir.toPath())
true
