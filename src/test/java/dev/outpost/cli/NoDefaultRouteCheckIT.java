package dev.outpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.rig.GatewayRigOptions;
import dev.outpost.rig.RigGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway booted without a default route and with a small disk for K3s fails those checks and exits 1. */
@GatewayRigOptions(defaultRoute = false, diskMegabytes = 256)
class NoDefaultRouteCheckIT {

    @TempDir
    Path home;

    @Test
    void missingRouteAndSmallDiskBlock(RigGateway rig) throws Exception {
        OutpostProcess.Result result = new OutpostProcess(home).run(RigGateway.ROOT_PASSWORD + "\n", "check",
                "--host", rig.address(), "--user", "root", "--password-stdin", "--accept-new-host-key", "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr().lines().toList()).singleElement().asString()
                .contains("network.default-route").contains("system.disk");
        JsonNode report = new ObjectMapper().readTree(result.stdout());
        assertThat(report.path("summary").path("ready").asBoolean()).isFalse();
        JsonNode route = CheckCommandIT.findCheck(report, "network.default-route");
        assertThat(route.path("status").asText()).isEqualTo("failed");
        assertThat(route.path("mark").asText()).isEqualTo("fail");
        assertThat(route.path("fix").asText()).contains("default route");
        JsonNode disk = CheckCommandIT.findCheck(report, "system.disk");
        assertThat(disk.path("status").asText()).isEqualTo("failed");
        assertThat(disk.path("observed").asText()).contains("/var/lib/rancher");
    }

    @Test
    void humanOutputShowsTheFix(RigGateway rig) throws Exception {
        OutpostProcess.Result result = new OutpostProcess(home).run(RigGateway.ROOT_PASSWORD + "\n", "check",
                "--host", rig.address(), "--user", "root", "--password-stdin", "--accept-new-host-key");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("FAIL  network.default-route").contains("Fix: Give the gateway a"
                + " default route");
        assertThat(result.stdout()).contains("Fix the failed checks above, then run the checks again.");
    }
}
