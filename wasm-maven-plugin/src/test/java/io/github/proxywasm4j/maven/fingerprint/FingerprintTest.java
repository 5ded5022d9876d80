package io.github.proxywasm4j.maven.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
    @TempDir Path dir;

    Path sources;

    @BeforeEach
    void project() throws Exception {
        sources = Files.createDirectories(dir.resolve("assembly"));
        Files.writeString(sources.resolve("index.ts"), "export * from 'x';\n");
        Files.writeString(dir.resolve("package.json"), "{}");
    }

    private String fingerprint() {
        return Fingerprint.builder()
                .withValue("asc", "0.17.14")
                .withFile("package.json", dir.resolve("package.json"))
                .withFile("package-lock.json", dir.resolve("package-lock.json"))
                .withTree("sources", sources)
                .build();
    }

    @Test
    void shouldBeStableForUnchangedInputs() {
        assertThat(fingerprint()).isEqualTo(fingerprint()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void shouldChangeWhenASourceChanges() throws Exception {
        var before = fingerprint();
        Files.writeString(sources.resolve("index.ts"), "export * from 'y';\n");

        assertThat(fingerprint()).isNotEqualTo(before);
    }

    @Test
    void shouldChangeWhenASourceIsAddedInASubfolder() throws Exception {
        var before = fingerprint();
        Files.createDirectories(sources.resolve("lib"));
        Files.writeString(sources.resolve("lib/util.ts"), "");

        assertThat(fingerprint()).isNotEqualTo(before);
    }

    @Test
    void shouldChangeWhenASourceIsRenamed() throws Exception {
        var before = fingerprint();
        Files.move(sources.resolve("index.ts"), sources.resolve("main.ts"));

        assertThat(fingerprint()).isNotEqualTo(before);
    }

    @Test
    void shouldTellAnEmptyFileFromAMissingOne() throws Exception {
        var before = fingerprint();
        Files.writeString(dir.resolve("package-lock.json"), "");

        assertThat(fingerprint()).isNotEqualTo(before);
    }

    @Test
    void shouldNotMixUpBytesMovedBetweenEntries() {
        var a = Fingerprint.builder().withValue("x", "ab").withValue("y", "c").build();
        var b = Fingerprint.builder().withValue("x", "a").withValue("y", "bc").build();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldChangeWithAToolVersion() {
        var a = Fingerprint.builder().withValue("asc", "0.17.14").build();
        var b = Fingerprint.builder().withValue("asc", "0.17.13").build();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void storeShouldRememberTheLastFingerprint() {
        var store = FingerprintStore.at(dir.resolve("target/state/build.sha256"));
        assertThat(store.matches("abc")).isFalse();

        store.write("abc");

        assertThat(store.matches("abc")).isTrue();
        store.clear();
        assertThat(store.read()).isEmpty();
    }
}
