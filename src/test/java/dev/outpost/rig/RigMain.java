package dev.outpost.rig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Boots one rig gateway for trying Outpost by hand, prints how to reach it, and keeps it running until standard input
 * ends (Ctrl-D) or the process is stopped. Needs Linux, root and the packages that {@code .ci/run} installs.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.outpost.rig.RigMain
 *     [-Dexec.args="--no-default-route --disk-megabytes 256 --cable --console"]</pre>
 *
 * <p>{@code --cable} plugs the gateway into a link-local segment of its own, for {@code outpost discover}, and
 * {@code --console} gives it a serial console with its own agetty, for {@code outpost console}.
 */
public final class RigMain {

    private RigMain() {
    }

    public static void main(String[] args) throws IOException {
        List<String> options = List.of(args);
        boolean defaultRoute = !options.contains("--no-default-route");
        int disk = 0;
        int diskOption = options.indexOf("--disk-megabytes");
        if (diskOption >= 0 && diskOption + 1 < options.size()) {
            disk = Integer.parseInt(options.get(diskOption + 1));
        }
        RigGateway gateway = RigGateway.start(defaultRoute, disk, "manual use");
        RigSegment segment = null;
        RigConsole console = null;
        Path consoleFolder = null;
        try {
            System.out.printf("Gateway %s is running at %s, port %d.%n", RigGateway.HOSTNAME, gateway.address(),
                    gateway.sshPort());
            System.out.printf("Users: root / %s, tech (sudo) / %s, visitor (no sudo) / %s%n",
                    RigGateway.ROOT_PASSWORD, RigGateway.TECH_PASSWORD, RigGateway.VISITOR_PASSWORD);
            System.out.printf("Host key: %s%n", gateway.hostKeyFingerprintSha256());
            for (KeyType type : KeyType.values()) {
                System.out.printf("Key %s: %s, and with passphrase '%s': %s%n", type, gateway.keyFile(type, false),
                        RigGateway.KEY_PASSPHRASE, gateway.keyFile(type, true));
            }
            if (options.contains("--cable")) {
                segment = RigSegment.create();
                String address = gateway.plugInto(segment);
                System.out.printf("Cable: the laptop's side is %s (%s); the gateway's eth1 is %s and %s.%n",
                        segment.interfaceName(), segment.hostAddress(), address, gateway.segmentIpv6Address());
                System.out.printf("Try: outpost discover --interface %s%n", segment.interfaceName());
            }
            if (options.contains("--console")) {
                consoleFolder = Files.createTempDirectory("outpost-rig-console");
                console = RigConsole.attach(gateway, consoleFolder);
                System.out.printf("Console: %s (the gateway's own agetty).%n", console.port());
                System.out.printf("Try: outpost console --port %s --user tech --show-network%n", console.port());
            }
            System.out.println("Press Ctrl-D to stop the gateway.");
            InputStream in = System.in;
            while (in.read() != -1) {
                // Wait for the end of standard input.
            }
        } finally {
            if (console != null) {
                console.close();
            }
            if (consoleFolder != null) {
                // Empty once the console has deleted its links and log.
                Files.deleteIfExists(consoleFolder);
            }
            if (segment != null) {
                segment.close();
            }
            gateway.close();
        }
    }
}
