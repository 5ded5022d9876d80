package io.github.proxywasm4j.maven.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunHintsTest {

    @Test
    void anUnknownCalloutUpstreamNamesTheEnvoyConfigAndTheCluster() {
        var host =
                "proxy_http_call to unknown upstream 'auth' refused (BAD_ARGUMENT); fix: configure"
                        + " it with withHttpUpstream(..)";

        assertThat(RunHints.speakMaven(host))
                .isEqualTo(
                        "proxy_http_call to unknown upstream 'auth' refused (BAD_ARGUMENT); fix:"
                                + " wasm:run sends callouts to the clusters of an Envoy bootstrap:"
                                + " run with -Dwasm.envoyConfig=<file> that has a cluster named"
                                + " 'auth' (start from target/envoy.yaml)");
    }

    @Test
    void aRejectedConfigurationNamesThePomElement() {
        var host =
                "plugin 'gate' did not start: proxy_on_configure: proxy_on_configure returned"
                    + " false: the plugin rejected its configuration (0 bytes); fix: check"
                    + " withPluginConfiguration(..) and the plugin's log; last guest log: no keys";

        assertThat(RunHints.speakMaven(host))
                .isEqualTo(
                        "plugin 'gate' did not start: proxy_on_configure: proxy_on_configure"
                                + " returned false: the plugin rejected its configuration (0"
                                + " bytes); fix: check <pluginConfiguration> in pom.xml (or"
                                + " -Dwasm.pluginConfiguration=...) and the plugin's log; last"
                                + " guest log: no keys");
    }

    @Test
    void otherMessagesStayAsTheyAre() {
        assertThat(RunHints.speakMaven("tick 3 at 3000 ms")).isEqualTo("tick 3 at 3000 ms");
        assertThat(RunHints.speakMaven(null)).isNull();
    }
}
