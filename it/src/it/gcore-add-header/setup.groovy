// The archetype's -Dsdk=gcore files (archetype-resources/gcore), with its two template values set.
def resources = basedir.toPath().toAbsolutePath().normalize().parent.parent.parent.parent
        .resolve("archetype/src/main/resources/archetype-resources/gcore")
for (name in ["package.json", "package-lock.json", "assembly/index.ts"]) {
    def target = new File(basedir, name)
    target.parentFile.mkdirs()
    target.text = resources.resolve(name).toFile().text
            .replace('${artifactId}', 'gcore-add-header').replace('${rootId}', 'add_header')
}
// The configuration reader both SDK templates share.
new File(basedir, "assembly/configuration.ts").text =
        resources.resolveSibling("assembly/configuration.ts").toFile().text
true
