package dev.outpost.engine.install;

import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.GatewayRigOptions;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInK3s;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway whose {@code /var/lib/rancher} is a 64 MB file system cannot take a 100 MB image archive. */
@ExtendWith(GatewayRigExtension.class)
@GatewayRigOptions(diskMegabytes = 64)
class FullDiskInstallIT {

    @TempDir
    Path home;

    @Test
    void stopsWithThePlainShortfallBeforeAnythingChanges(RigGateway rig) throws Exception {
        try (MockKubeApiServer api = MockKubeApiServer.start(rig.hostAddress())) {
            Path bundle = K3sTestBundle.of(StandInK3s.forServer(api)).withImagesSize(100L * 1024 * 1024, 3)
                    .build(java.nio.file.Files.createDirectories(home.resolve("bundle")));

            InstallResult result = new InstallFixture(rig, api, home).install(bundle);

            assertThat(result.succeeded()).isFalse();
            assertThat(result.failedStep()).isEqualTo("check-gateway");
            assertThat(result.message()).startsWith("The gateway needs ").contains("more free space on /var/lib/rancher")
                    .contains("Free space there, then install again. Nothing was changed.");
            assertThat(rig.exec("test -e /var/lib/outpost || test -e /usr/local/bin/k3s"
                    + " || test -e /var/lib/rancher/k3s").exitCode()).isNotZero();
        }
    }
}
