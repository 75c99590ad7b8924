package dev.outpost.engine.install;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class K3sConfigTest {

    private static SiteSettings site(String name, String pods, String services, List<String> reserved) {
        return new SiteSettings(name, Map.of("outpost.dev/site", name, "region", "north"), pods, services, reserved,
                List.of("gw.store-0042.example"), List.of("traefik"));
    }

    @Test
    void rendersEveryKeyK3sReadsAsQuotedStrings() {
        String yaml = K3sConfig.render(site("store-0042", "10.60.0.0/16", "10.61.0.0/16", List.of()));

        assertThat(yaml).isEqualTo("""
                # Written by Outpost before K3s first starts. Outpost rewrites it on the next install.
                node-name: "store-0042"
                write-kubeconfig-mode: "0600"
                cluster-cidr: "10.60.0.0/16"
                service-cidr: "10.61.0.0/16"
                node-label:
                  - "outpost.dev/site=store-0042"
                  - "region=north"
                tls-san:
                  - "gw.store-0042.example"
                disable:
                  - "traefik"
                """);
    }

    @Test
    void quotingKeepsQuotesBackslashesAndLineBreaksInsideTheValue() {
        assertThat(K3sConfig.quote("a\"b\\c\nd: e")).isEqualTo("\"a\\\"b\\\\c\\x0ad: e\"");
    }

    @Test
    void acceptsTheDefaults() {
        assertThat(K3sConfig.problems(SiteSettings.defaults("site-gw-01"), List.of("192.168.1.20/24"))).isEmpty();
    }

    @Test
    void refusesANodeNameKubernetesRejects() {
        assertThat(K3sConfig.problems(SiteSettings.defaults("Store_42"), List.of()))
                .as("no second sentence about the site label").singleElement().asString().contains("'Store_42' cannot be a node name");
        assertThat(K3sConfig.problems(SiteSettings.defaults("a".repeat(64)), List.of()))
                .anySatisfy(p -> assertThat(p).contains("cannot be a node name"));
    }

    @Test
    void refusesOverlappingPodAndServiceRanges() {
        assertThat(K3sConfig.problems(site("s1", "10.42.0.0/16", "10.42.128.0/17", List.of()), List.of()))
                .singleElement().asString().contains("overlap");
    }

    @Test
    void refusesRangesThatOverlapTheCentralClusterOrTheGatewaysNetwork() {
        List<String> problems = K3sConfig.problems(site("s1", "10.42.0.0/16", "10.43.0.0/16",
                List.of("10.42.0.0/16")), List.of("10.43.7.1/24"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("pod range 10.42.0.0/16 overlaps 10.42.0.0/16")
                .contains("central cluster");
        assertThat(problems.get(1)).contains("service range 10.43.0.0/16 overlaps 10.43.7.0/24")
                .contains("gateway's own network");
    }

    @Test
    void refusesTextThatIsNotARangeWithoutLookingItUp() {
        assertThat(K3sConfig.problems(site("s1", "pods.example", "10.43.0.0/40", List.of()), List.of()))
                .hasSize(2);
        assertThat(K3sConfig.problems(site("s1", "10.42.0.0/16", "10.43.0.0/16", List.of("300.1.1.1/8")),
                List.of())).singleElement().asString().contains("'300.1.1.1/8' is not an address range");
        assertThat(Cidr.parse("10.0.0.0/8").orElseThrow().overlaps(Cidr.parse("fd00::/8").orElseThrow())).isFalse();
        assertThat(Cidr.parse("fd00::/8").orElseThrow().overlaps(Cidr.parse("fd12::1").orElseThrow())).isTrue();
    }

    @Test
    void rejectsRangesK3sCannotUse() {
        assertThat(K3sConfig.problems(site("s1", "10.42.0.0", "10.43.0.0/16", List.of()), List.of()))
                .anySatisfy(p -> assertThat(p).contains("such as 10.42.0.0/16"));
        assertThat(K3sConfig.problems(site("s1", "10.42.0.1/16", "10.43.0.0/16", List.of()), List.of()))
                .singleElement().asString().contains("such as 10.42.0.0/16");
        assertThat(K3sConfig.problems(site("s1", "10.42.0.0/30", "10.43.0.0/16", List.of()), List.of()))
                .singleElement().asString().contains("too small");
        assertThat(K3sConfig.problems(site("s1", "fd00::/48", "10.43.0.0/16", List.of()), List.of()))
                .singleElement().asString().contains("different address families");
        assertThat(K3sConfig.problems(site("s1", "10.42.0.0/16", "127.0.0.0/16", List.of()), List.of()))
                .singleElement().asString().contains("loopback");
        assertThat(K3sConfig.problems(site("s1", "10.42.0.0/16", "10.0.0.0/8", List.of()), List.of()))
                .anySatisfy(p -> assertThat(p).contains("prefix between /12 and /28"));
    }

    @Test
    void rejectsReservedLabelPrefixesAndUnknownComponents() {
        SiteSettings bad = new SiteSettings("s1", Map.of("node-role.kubernetes.io/master", "true"), "10.42.0.0/16",
                "10.43.0.0/16", List.of(), List.of(), List.of("treafik"));

        List<String> problems = K3sConfig.problems(bad, List.of());

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("prefix Kubernetes reserves");
        assertThat(problems.get(1)).contains("'treafik' is not a packaged K3s component");
    }

    @Test
    void refusesLabelsKubernetesRejects() {
        SiteSettings bad = new SiteSettings("s1", Map.of("bad key", "x", "ok", "spaces are bad"), "10.42.0.0/16",
                "10.43.0.0/16", List.of(), List.of(), List.of("traefik"));

        assertThat(K3sConfig.problems(bad, List.of())).hasSize(2);
    }
}
