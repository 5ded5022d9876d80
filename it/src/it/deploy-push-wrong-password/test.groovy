import static org.assertj.core.api.Assertions.assertThat

def registry = System.properties.get('proxywasm4j.it.registry')
try {
    def log = new File(basedir, 'build.log').text
    def image = new File(basedir, 'image.txt').text
    def server = image.substring(0, image.indexOf('/'))
    // The registry answered 401 to the credentials of a settings.xml server: said so, by its id.
    assertThat(log).contains("Using the credentials of settings.xml server '" + server + "'")
    assertThat(log).contains('[ERROR] credentials rejected for server ' + server + ': the registry ' + server
            + ' refused ' + image + " with the <username> and <password> of settings.xml server '" + server + "'")
    // not the message for a build that sent no credentials
    assertThat(log).doesNotContain('without credentials')
} finally {
    registry?.destroy()
}
true
