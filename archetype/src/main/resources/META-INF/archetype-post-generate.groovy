// Runs after generation. Batch mode (-B) does not apply the validationRegex of
// archetype-metadata.xml, so the values that end up in source code are checked here.
def project = new File(request.outputDirectory, request.artifactId)
def props = request.properties

def checks = [
    [key: "rootId", regex: /[A-Za-z0-9_.\-]+/,
     example: "add_header", why: "it is written into a TypeScript and a Java string literal"],
    [key: "package", regex: /[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/,
     example: "com.acme.filters", why: "it is the Java package of the generated test"],
]
for (check in checks) {
    def value = props.getProperty(check.key)
    if (!(value ==~ check.regex)) {
        project.deleteDir()
        throw new IllegalArgumentException("Property " + check.key + " has an invalid value '" + value
                + "' (" + check.why + "); generate again with e.g. -D" + check.key + "=" + check.example)
    }
}

// Generation does not keep file modes, so the Maven wrapper would not run as ./mvnw.
def wrapper = new File(project, "mvnw")
if (!wrapper.setExecutable(true, false)) {
    throw new IllegalStateException("Could not make " + wrapper + " executable; run: chmod +x mvnw")
}
