package dev.outpost.engine.checks;

import dev.outpost.engine.facts.FactsFixtures;
import dev.outpost.engine.facts.FactsParser;
import dev.outpost.engine.facts.GatewayFacts;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCatalogTest {

    private static final long LAPTOP_CLOCK = 1_764_000_000L;
    private static final String PI = FactsFixtures.load("raspberry-pi-bookworm.txt");

    private static CheckResult evaluate(String probeOutput, String checkId) {
        GatewayFacts facts = FactsParser.parse(probeOutput, LAPTOP_CLOCK);
        return CheckCatalog.standard().evaluate(facts).stream()
                .filter(r -> r.id().equals(checkId)).findFirst().orElseThrow();
    }

    /** Replaces one block of the probe output with other lines. */
    private static String withBlock(String output, String block, String... lines) {
        int start = output.indexOf("@begin " + block + "\n");
        int end = output.indexOf("@end " + block + "\n");
        return output.substring(0, start) + "@begin " + block + "\n" + String.join("\n", lines)
                + (lines.length == 0 ? "" : "\n") + output.substring(end);
    }

    @Test
    void catalogIdsAreUniqueAndStable() {
        List<PreflightCheck> checks = CheckCatalog.standard().checks();
        Set<String> ids = new HashSet<>();
        checks.forEach(c -> assertThat(ids.add(c.id())).as("duplicate id %s", c.id()).isTrue());

        assertThat(ids).contains("system.architecture", "system.memory", "system.disk", "kernel.cgroup-memory",
                "system.init", "conflict.kubernetes", "network.ports", "network.default-route", "clock.skew",
                "network.hostname", "system.swap", "kernel.modules", "access.sudo");
    }

    @Test
    void everyFailureHasAFix() {
        GatewayFacts facts = FactsParser.parse(PI.replace("hostname=shop-0142-gw", "hostname=Shop_0142"),
                LAPTOP_CLOCK);

        for (CheckResult result : CheckCatalog.standard().evaluate(facts)) {
            if (result.status() == CheckStatus.FAILED) {
                assertThat(result.fix()).as(result.id()).isNotBlank();
            }
            assertThat(result.explanation()).as(result.id()).isNotBlank().endsWith(".");
        }
    }

    @Test
    void piMemoryCgroupFixNamesBootFile() {
        CheckResult result = evaluate(PI, "kernel.cgroup-memory");

        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.blocks()).isTrue();
        assertThat(result.fix()).contains("/boot/firmware/cmdline.txt").contains("cgroup_memory=1 cgroup_enable=memory");
    }

    @Test
    void olderPiFixNamesBootCmdline() {
        CheckResult result = evaluate(PI.replace("/boot/firmware/cmdline.txt", "/boot/cmdline.txt"),
                "kernel.cgroup-memory");

        assertThat(result.fix()).contains("/boot/cmdline.txt").doesNotContain("/boot/firmware");
    }

    @Test
    void pcFixUsesGrub() {
        String pc = PI.replace("boot.cmdline.file=/boot/firmware/cmdline.txt\n", "")
                .replace("cgroup_enable=memory", "").replace("rootwait", "rootwait cgroup_disable=memory");

        CheckResult result = evaluate(pc, "kernel.cgroup-memory");

        assertThat(result.fix()).contains("GRUB_CMDLINE_LINUX").contains("Remove \"cgroup_disable=memory\"");
    }

    @Test
    void memoryControllerPresentPasses() {
        String enabled = withBlock(PI, "cgroup-controllers", "cpuset cpu io memory pids");

        assertThat(evaluate(enabled, "kernel.cgroup-memory").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void missingDefaultRouteBlocks() {
        String noRoute = withBlock(PI, "proc-net-route",
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0");

        CheckResult result = evaluate(noRoute, "network.default-route");

        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.mark()).isEqualTo(CheckResult.Mark.FAIL);
        assertThat(result.explanation()).contains("no default route");
    }

    @Test
    void defaultRoutePasses() {
        CheckResult result = evaluate(PI, "network.default-route");

        assertThat(result.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.observed()).isEqualTo("default via 192.168.1.1 dev eth0");
    }

    @Test
    void busyApiPortBlocks() {
        String busy = withBlock(PI, "proc-net-tcp", "  sl  local_address rem_address   st",
                "   0: 00000000:192B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1");

        CheckResult result = evaluate(busy, "network.ports");

        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.explanation()).contains("6443/tcp");
    }

    @Test
    void busyVxlanPortBlocks() {
        String busy = withBlock(PI, "proc-net-udp", "header",
                "  10: 00000000:2118 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 9 2");

        assertThat(evaluate(busy, "network.ports").explanation()).contains("8472/udp");
    }

    @Test
    void freePortsPass() {
        assertThat(evaluate(PI, "network.ports").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void invalidHostnamesFail() {
        for (String name : List.of("Shop_0142", "-gw", "gw-", "localhost", "a".repeat(64), "GW01")) {
            CheckResult result = evaluate(PI.replace("hostname=shop-0142-gw", "hostname=" + name),
                    "network.hostname");

            assertThat(result.status()).as(name).isEqualTo(CheckStatus.FAILED);
        }
    }

    @Test
    void validHostnamesPass() {
        for (String name : List.of("gw", "shop-0142-gw", "gw1.store.example", "a".repeat(63))) {
            CheckResult result = evaluate(PI.replace("hostname=shop-0142-gw", "hostname=" + name),
                    "network.hostname");

            assertThat(result.status()).as(name).isEqualTo(CheckStatus.PASSED);
        }
    }

    @Test
    void hostnameFixSuggestsValidName() {
        CheckResult result = evaluate(PI.replace("hostname=shop-0142-gw", "hostname=Shop_0142"),
                "network.hostname");

        assertThat(result.fix()).contains("hostnamectl set-hostname shop-0142");
    }

    @Test
    void clockFarAheadBlocks() {
        CheckResult result = evaluate(PI.replace("clock.epoch=1764000012", "clock.epoch=1764090000"),
                "clock.skew");

        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.explanation()).contains("25 hours ahead of");
    }

    @Test
    void clockFarBehindBlocks() {
        CheckResult result = evaluate(PI.replace("clock.epoch=1764000012", "clock.epoch=1700000000"),
                "clock.skew");

        assertThat(result.explanation()).contains("740 days behind");
    }

    @Test
    void swapOnWarns() {
        CheckResult result = evaluate(PI, "system.swap");

        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.mark()).isEqualTo(CheckResult.Mark.WARNING);
        assertThat(result.blocks()).isFalse();
    }

    @Test
    void smallMemoryBlocks() {
        CheckResult result = evaluate(PI.replace("MemTotal:        3885720 kB", "MemTotal:         948304 kB"),
                "system.memory");

        assertThat(result.blocks()).isTrue();
        assertThat(result.explanation()).contains("926 MiB");
    }

    @Test
    void smallDiskBlocks() {
        String small = withBlock(PI, "disk",
                "/var/lib/rancher tmpfs 262144 0 262144 0% /var/lib/rancher",
                "/usr/local/bin /dev/mmcblk0p2       30497784   7506672  21474836      26% /");

        CheckResult result = evaluate(small, "system.disk");

        assertThat(result.blocks()).isTrue();
        assertThat(result.explanation()).contains("256 MiB free for K3s's data");
    }

    @Test
    void unsupportedArchitectureBlocks() {
        CheckResult result = evaluate(PI.replace("machine=aarch64", "machine=riscv64"), "system.architecture");

        assertThat(result.blocks()).isTrue();
        assertThat(result.explanation()).contains("riscv64");
    }

    @Test
    void foreignK3sBlocks() {
        String k3s = withBlock(PI, "existing", "binary k3s /usr/local/bin/k3s", "path /var/lib/rancher/k3s",
                "service k3s active");

        assertThat(evaluate(k3s, "conflict.kubernetes").blocks()).isTrue();
    }

    @Test
    void outpostK3sIsReused() {
        String ours = withBlock(PI, "existing", "binary k3s /usr/local/bin/k3s", "path /var/lib/rancher/k3s",
                "path /var/lib/outpost", "service k3s active");

        assertThat(evaluate(ours, "conflict.kubernetes").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void runningDockerWarns() {
        String docker = withBlock(PI, "existing", "binary dockerd /usr/bin/dockerd", "service docker active");

        CheckResult result = evaluate(docker, "conflict.container-runtime");

        assertThat(result.mark()).isEqualTo(CheckResult.Mark.WARNING);
        assertThat(result.explanation()).contains("Docker");
    }

    @Test
    void missingOverlayBlocks() {
        String noOverlay = withBlock(withBlock(withBlock(withBlock(PI, "modules-loaded", "nf_conntrack"),
                "kernel-features", "br_netfilter", "nf_conntrack"), "sys-module", "nf_conntrack"),
                "modules-available", "br_netfilter");

        CheckResult result = evaluate(noOverlay, "kernel.modules");

        assertThat(result.blocks()).isTrue();
        assertThat(result.explanation()).contains("overlay");
    }

    @Test
    void sudoDeniedBlocks() {
        String denied = PI.replace("sudo.exit=0\n@begin sudo-error\n",
                "sudo.exit=1\n@begin sudo-error\nvisitor is not in the sudoers file.  This incident will be reported.\n");

        CheckResult result = evaluate(denied, "access.sudo");

        assertThat(result.blocks()).isTrue();
        assertThat(result.explanation()).contains("may not act as administrator");
    }

    @Test
    void activeFirewalldWarns() {
        String firewalld = PI.replace("service firewalld inactive", "service firewalld active");

        assertThat(evaluate(firewalld, "network.firewall").mark()).isEqualTo(CheckResult.Mark.WARNING);
    }

    @Test
    void emptyFactsGiveUnknownsNotBlocks() {
        GatewayFacts facts = FactsParser.parse("", LAPTOP_CLOCK);

        List<CheckResult> results = CheckCatalog.standard().evaluate(facts);

        assertThat(results).noneMatch(CheckResult::blocks);
        assertThat(results).filteredOn(r -> r.status() == CheckStatus.PASSED).isEmpty();
    }
}
