package dev.outpost.engine.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The messages for interfaces that Java does not return, read from a copy of Linux's {@code /sys/class/net}. */
class LinkStateTest {

    @TempDir
    Path sys;

    private Optional<LinkState> linux() {
        return Optional.of(new LinkState(sys));
    }

    /** Writes an interface as the kernel shows it; a null carrier is one the kernel rejects reading. */
    private void link(String name, String flags, String carrier) throws IOException {
        Path folder = Files.createDirectories(sys.resolve(name));
        Files.writeString(folder.resolve("flags"), flags + "\n");
        if (carrier != null) {
            Files.writeString(folder.resolve("carrier"), carrier + "\n");
        }
    }

    @Test
    void turnedOffInterfaceIsDown() throws IOException {
        link("op-ll-7", "0x1002", null);

        assertThat(GatewayDiscovery.missingInterface("op-ll-7", linux()))
                .startsWith("The network interface op-ll-7 is down: it is turned off or has no cable.");
    }

    @Test
    void interfaceWithoutCarrierIsDown() throws IOException {
        link("op-ll-7", "0x1003", "0");

        assertThat(GatewayDiscovery.missingInterface("op-ll-7", linux()))
                .startsWith("The network interface op-ll-7 is down: it is turned off or has no cable.");
        assertThat(new LinkState(sys).reportsNoCarrier("op-ll-7")).isTrue();
    }

    @Test
    void connectedInterfaceWithoutAddress() throws IOException {
        link("op-ll-7-g1", "0x1003", "1");

        assertThat(GatewayDiscovery.missingInterface("op-ll-7-g1", linux()))
                .startsWith("The network interface op-ll-7-g1 is connected but has no IP address")
                .contains("name the bridge instead");
        assertThat(new LinkState(sys).reportsNoCarrier("op-ll-7-g1")).isFalse();
    }

    @Test
    void absentInterfaceIsNamed() {
        assertThat(GatewayDiscovery.missingInterface("op-ll-none", linux()))
                .startsWith("There is no network interface called op-ll-none on this laptop.");
        assertThat(GatewayDiscovery.missingInterface("..", linux()))
                .startsWith("There is no network interface called .. on this laptop.");
    }

    @Test
    void otherSystemsCoverBothCases() {
        assertThat(GatewayDiscovery.missingInterface("en5", Optional.empty()))
                .startsWith("No connected network interface called en5 was found on this laptop: it does not exist,"
                        + " is turned off or has no cable.");
    }

    @Test
    void emptyNameIsRejected() {
        assertThatThrownBy(() -> GatewayDiscovery.namedInterfaces(List.of(" "), linux()))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageStartingWith("A network interface name is empty.");
    }
}
