package dev.outpost.engine.instruments;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.SerialPeers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Probes a serial port of the real gateway over SSH with sh, stty, timeout and dd: a pymodbus server and an SCPI
 * peer on host pseudo-terminals appear inside the gateway as /dev/ttyUSB0 and /dev/ttyUSB1. The inventory is then
 * published to the fabric8 mock API server, the test double of the site cluster.
 */
@ExtendWith(GatewayRigExtension.class)
class InstrumentsOnGatewayIT {

    @TempDir
    Path folder;

    private static ConnectionSettings login(RigGateway rig, Path folder, String user, String password) {
        return ConnectionSettings.of(rig.address(), user, new Credentials.Password(password.toCharArray()),
                new HostKeyPolicy.AcceptNew(), folder.resolve("known_hosts"));
    }

    @Test
    void identifiesAndPublishes(RigGateway rig) throws Exception {
        assumeTrue(SerialPeers.available(), "socat, python3-gps and python3-pymodbus are needed");
        try (SerialPeers peers = new SerialPeers(folder);
             GatewaySession session = new GatewayConnector().connect(login(rig, folder, RigGateway.ROOT_USER,
                     RigGateway.ROOT_PASSWORD))) {
            Process modbus = rig.attachSerialPort(peers.modbus("hostMB", 1, "Outpost Test Meters", "OTM-200",
                    "1.4"), "/dev/ttyUSB0");
            Process scpi = rig.attachSerialPort(peers.scpi("hostSCPI", "Fluke,8846A,1234567,08/02/10-11:53"),
                    "/dev/ttyUSB1");
            try {
                GatewaySerialPorts ports = new GatewaySerialPorts(session);
                InstrumentScan scan = new InstrumentScan(new AdapterCatalog(UsbIdsDatabase.shipped()),
                        ProbeSettings.DEFAULT, Clock.systemUTC());

                InstrumentInventory inventory = scan.scan(ports, rig.address(), InstrumentScan.Listener.NONE);

                var byPath = inventory.findings().stream().collect(java.util.stream.Collectors.toMap(
                        f -> f.port().path(), f -> f));
                assertThat(byPath).containsKeys("/dev/ttyUSB0", "/dev/ttyUSB1");
                InstrumentFinding multimeter = byPath.get("/dev/ttyUSB1");
                assertThat(multimeter.protocol()).as(multimeter.summary() + " " + multimeter.evidence())
                        .isEqualTo(Protocol.SCPI);
                assertThat(multimeter.identity()).startsWith("Fluke 8846A");
                InstrumentFinding meter = byPath.get("/dev/ttyUSB0");
                assertThat(meter.protocol()).as(meter.summary() + " " + meter.evidence())
                        .isEqualTo(Protocol.MODBUS_RTU);
                assertThat(meter.identity()).isEqualTo("Outpost Test Meters OTM-200 revision 1.4 (unit 1)");
                assertThat(meter.settings()).isEqualTo(LineSettings.of(9600));

                try (MockKubeApiServer api = MockKubeApiServer.start("127.0.0.1")) {
                    api.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("site-gw-01")
                            .addToLabels("instruments.outpost.dev/nmea0183", "true").endMetadata().build()).create();

                    List<String> labelled = new InventoryPublisher(api.client()).publish(inventory);

                    assertThat(labelled).containsExactly("site-gw-01");
                    var labels = api.client().nodes().withName("site-gw-01").get().getMetadata().getLabels();
                    assertThat(labels).containsEntry("instruments.outpost.dev/modbus-rtu", "true")
                            .containsEntry("instruments.outpost.dev/scpi", "true")
                            .doesNotContainKey("instruments.outpost.dev/nmea0183");
                    ConfigMap map = api.client().configMaps().inNamespace("outpost").withName("outpost-instruments")
                            .get();
                    assertThat(map.getData().get("inventory.json")).contains("\"protocol\" : \"modbus-rtu\"");
                }
            } finally {
                modbus.destroy();
                scpi.destroy();
            }
        }
    }

    @Test
    void visitorMayNotOpenPort(RigGateway rig) throws Exception {
        assumeTrue(SerialPeers.available(), "socat, python3-gps and python3-pymodbus are needed");
        try (SerialPeers peers = new SerialPeers(folder);
             GatewaySession session = new GatewayConnector().connect(login(rig, folder, RigGateway.VISITOR_USER,
                     RigGateway.VISITOR_PASSWORD))) {
            Process relay = rig.attachSerialPort(peers.peer("hostSilent", "silent"), "/dev/ttyUSB2");
            try {
                rig.exec("chmod 0660 $(readlink -f /dev/ttyUSB2); chgrp dialout $(readlink -f /dev/ttyUSB2)");
                InstrumentScan scan = new InstrumentScan(new AdapterCatalog(UsbIdsDatabase.shipped()),
                        ProbeSettings.DEFAULT, Clock.systemUTC());

                InstrumentFinding found = scan.scan(new GatewaySerialPorts(session), List.of(
                        SerialPortInfo.named(PortLocation.GATEWAY, "/dev/ttyUSB2")), rig.address(),
                        InstrumentScan.Listener.NONE).findings().get(0);

                assertThat(found.state()).isEqualTo(PortState.NOT_PERMITTED);
                assertThat(found.summary()).contains("sudo usermod -aG dialout visitor");
            } finally {
                relay.destroy();
            }
        }
    }
}
