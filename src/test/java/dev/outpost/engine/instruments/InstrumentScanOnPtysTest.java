package dev.outpost.engine.instruments;

import dev.outpost.testing.SerialPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Scans real pseudo-terminals with real peers on their other ends, through jSerialComm as on the laptop. */
class InstrumentScanOnPtysTest {

    static final String IDN = "Keysight Technologies,34461A,MY57200123,A.02.17";

    @TempDir
    Path folder;

    private SerialPeers peers;

    @BeforeEach
    void startPeers() throws Exception {
        assumeTrue(SerialPeers.available(), "socat, python3-gps and python3-pymodbus are needed");
        peers = new SerialPeers(folder);
    }

    @AfterEach
    void stopPeers() {
        if (peers != null) {
            peers.close();
        }
    }

    private static InstrumentScan scan(ProbeSettings settings) {
        return new InstrumentScan(new AdapterCatalog(UsbIdsDatabase.shipped()), settings, Clock.systemUTC());
    }

    private static Map<String, InstrumentFinding> byName(InstrumentInventory inventory) {
        return inventory.findings().stream().collect(Collectors.toMap(f -> f.port().shortName(),
                Function.identity()));
    }

    private static InstrumentInventory scanPaths(ProbeSettings settings, Path... ports) {
        List<String> paths = java.util.Arrays.stream(ports).map(Path::toString).toList();
        LocalSerialPorts local = LocalSerialPorts.only(paths);
        return scan(settings).scan(local, paths.stream().map(p -> SerialPortInfo.named(PortLocation.LAPTOP, p))
                .toList(), null, InstrumentScan.Listener.NONE);
    }

    @Test
    void identifiesGpsModbusAndScpi() throws Exception {
        Path gps = peers.gps("ttyGPS", "garmin48.log");
        Path modbus = peers.modbus("ttyMB", 3, "Outpost Test Meters", "OTM-200", "1.4");
        Path scpi = peers.scpi("ttySCPI", IDN);

        Map<String, InstrumentFinding> found = byName(scanPaths(ProbeSettings.DEFAULT, gps, modbus, scpi));

        InstrumentFinding receiver = found.get("ttyGPS");
        assertThat(receiver.state()).isEqualTo(PortState.IDENTIFIED);
        assertThat(receiver.protocol()).isEqualTo(Protocol.NMEA_0183);
        assertThat(receiver.identity()).contains("Garmin").contains("GP");
        assertThat(receiver.confidence()).isEqualTo(Confidence.HIGH);

        InstrumentFinding meter = found.get("ttyMB");
        assertThat(meter.state()).isEqualTo(PortState.IDENTIFIED);
        assertThat(meter.protocol()).isEqualTo(Protocol.MODBUS_RTU);
        assertThat(meter.identity()).isEqualTo("Outpost Test Meters OTM-200 revision 1.4 (unit 3)");
        assertThat(meter.settings()).isEqualTo(LineSettings.of(9600));
        assertThat(meter.confidence()).isEqualTo(Confidence.HIGH);

        InstrumentFinding multimeter = found.get("ttySCPI");
        assertThat(multimeter.state()).isEqualTo(PortState.IDENTIFIED);
        assertThat(multimeter.protocol()).isEqualTo(Protocol.SCPI);
        assertThat(multimeter.identity()).isEqualTo("Keysight Technologies 34461A, serial number MY57200123,"
                + " firmware A.02.17");
    }

    @Test
    void identifiesMultiConstellationReceiver() throws Exception {
        Path gps = peers.gps("ttyBD", "beidou-gb.log");

        InstrumentFinding found = scanPaths(ProbeSettings.DEFAULT, gps).findings().get(0);

        assertThat(found.protocol()).isEqualTo(Protocol.NMEA_0183);
        assertThat(found.identity()).contains("SiRF").contains("GN");
    }

    @Test
    void modbusUnitOutsideRangeStaysUnknown() throws Exception {
        Path modbus = peers.modbus("ttyMB", 9, "Outpost Test Meters", "OTM-200", "1.4");
        ProbeSettings settings = ProbeSettings.DEFAULT.withModbusUnitIds(List.of(1, 2))
                .withWindows(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(300));

        InstrumentFinding found = scanPaths(settings, modbus).findings().get(0);

        assertThat(found.state()).isEqualTo(PortState.UNKNOWN);
        assertThat(found.evidence()).anyMatch(line -> line.contains("No Modbus unit among [1, 2]"));
    }

    @Test
    void parityIsSkippedOnPseudoTerminals() throws Exception {
        Path modbus = peers.modbus("ttyMB", 1, "Outpost Test Meters", "OTM-200", "1.4");
        ProbeSettings settings = ProbeSettings.DEFAULT.withModbusSettings(List.of(LineSettings.parse("19200 8E1"),
                LineSettings.of(19200)));

        InstrumentFinding found = scanPaths(settings, modbus).findings().get(0);

        assertThat(found.protocol()).isEqualTo(Protocol.MODBUS_RTU);
        assertThat(found.settings()).isEqualTo(LineSettings.of(19200));
        assertThat(found.evidence()).contains("The port cannot be set to 19200 8E1, so that setting was skipped.");
    }

    @Test
    void badInputIsUnknownNeverIdentified() throws Exception {
        Path random = peers.peer("ttyRandom", "random");
        Path echo = peers.peer("ttyEcho", "echo");
        Path silent = peers.peer("ttySilent", "silent");
        Path truncated = peers.peer("ttyCut", "truncated");
        Path badChecksum = peers.peer("ttyBadSum", "bad-checksum");
        Map<String, InstrumentFinding> found = byName(scanPaths(ProbeSettings.DEFAULT, random, echo, silent, truncated,
                badChecksum));

        assertThat(found.get("ttyRandom").state()).isEqualTo(PortState.UNKNOWN);
        assertThat(found.get("ttyRandom").summary()).contains("sent nothing");
        assertThat(found.get("ttyEcho").state()).isEqualTo(PortState.UNKNOWN);
        assertThat(found.get("ttyEcho").summary()).contains("sends back whatever it receives");
        assertThat(found.get("ttySilent").state()).isEqualTo(PortState.UNKNOWN);
        assertThat(found.get("ttySilent").summary()).contains("No instrument answered");
        assertThat(found.get("ttyCut").state()).isEqualTo(PortState.UNKNOWN);
        assertThat(found.get("ttyCut").evidence()).anyMatch(line -> line.contains("cut short or with a wrong"));
        assertThat(found.get("ttyBadSum").state()).isEqualTo(PortState.UNKNOWN);
        assertThat(found.get("ttyBadSum").protocol()).isNull();
    }

    @Test
    void portUnpluggedMidProbeIsLost() throws Exception {
        Path silent = peers.peer("ttyGone", "silent");
        CompletableFuture<InstrumentInventory> scanning = CompletableFuture.supplyAsync(
                () -> scanPaths(ProbeSettings.DEFAULT, silent));
        Thread.sleep(300);

        peers.unplug(silent);

        InstrumentFinding found = scanning.get().findings().get(0);
        assertThat(found.state()).isEqualTo(PortState.LOST);
        assertThat(found.summary()).contains("went away");
    }

    @Test
    void missingPortIsLost() {
        InstrumentFinding found = scanPaths(ProbeSettings.DEFAULT, folder.resolve("ttyNothing")).findings().get(0);

        assertThat(found.state()).isEqualTo(PortState.LOST);
    }

    @Test
    void portHeldByAnotherProgramIsBusy() throws Exception {
        Path port = peers.scpi("ttyHeld", IDN);
        Process holder = new ProcessBuilder("sleep", "60").redirectInput(port.toFile()).start();
        try {
            InstrumentFinding found = scanPaths(ProbeSettings.DEFAULT, port).findings().get(0);

            assertThat(found.state()).isEqualTo(PortState.BUSY);
            assertThat(found.summary()).contains("sleep (process " + holder.pid() + ")");
        } finally {
            holder.destroy();
        }
    }

    @Test
    void silentPortStopsAtItsBudget() throws Exception {
        Path silent = peers.peer("ttyQuiet", "silent");
        ProbeSettings settings = ProbeSettings.DEFAULT.withPortBudget(Duration.ofSeconds(1))
                .withModbusUnitIds(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16));

        InstrumentFinding found = scanPaths(settings, silent).findings().get(0);

        assertThat(found.summary()).contains("time budget of 1 s");
        assertThat(found.state()).isEqualTo(PortState.UNKNOWN);
    }
}
