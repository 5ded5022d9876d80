package io.github.proxywasm4j.maven.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpProxyTest {
    @Test
    void shouldPutEncodedCredentialsIntoTheUrl() {
        var p = new HttpProxy("corp", "http", "proxy.corp", 3128, "me", "p@ss:w", null);

        assertThat(p.url()).isEqualTo("http://me:p%40ss%3Aw@proxy.corp:3128");
    }

    @Test
    void shouldLeaveCredentialsOutWhenThereAreNone() {
        var p = new HttpProxy("corp", "HTTPS", "proxy.corp", 8443, null, null, null);

        assertThat(p.url()).isEqualTo("https://proxy.corp:8443");
        assertThat(p.isSecure()).isTrue();
    }

    @Test
    void shouldTranslateMavensNonProxyHostsToNpmsNoProxy() {
        var p = new HttpProxy("c", "http", "h", 1, null, null, "localhost|*.corp.example|10.0.0.1");

        assertThat(p.npmNoProxy()).isEqualTo("localhost,.corp.example,10.0.0.1");
    }

    @Test
    void shouldNeverPrintThePassword() {
        var p = new HttpProxy("c", "http", "h", 1, "me", "secret", null);

        assertThat(p.toString()).doesNotContain("secret").contains("me");
    }
}
