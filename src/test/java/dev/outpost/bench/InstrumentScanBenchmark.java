package dev.outpost.bench;

import dev.outpost.engine.instruments.AdapterCatalog;
import dev.outpost.engine.instruments.InstrumentInventory;
import dev.outpost.engine.instruments.InstrumentScan;
import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.instruments.PortLocation;
import dev.outpost.engine.instruments.PortState;
import dev.outpost.engine.instruments.ProbeSettings;
import dev.outpost.engine.instruments.SerialPortInfo;
import dev.outpost.engine.instruments.UsbIdsDatabase;
import dev.outpost.testing.SerialPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scans four pseudo-terminal ports with one real peer each (two replayed GPS logs, a pymodbus server and an SCPI
 * peer): all ports at once, as Outpost does, beside the same ports probed one after another. Prints medians of
 * five runs and the ratio; asserts nothing about time. Run with {@code ./mvnw -Pbench verify
 * -Dit.test=InstrumentScanBenchmark}.
 */
class InstrumentScanBenchmark {

    private static final int RUNS = 5;

    @TempDir
    Path folder;

    @Test
    void fourPortsParallelAndInTurn() throws Exception {
        assumeTrue(SerialPeers.available(), "socat, python3-gps and python3-pymodbus are needed");
        try (SerialPeers peers = new SerialPeers(folder)) {
            List<String> ports = List.of(peers.gps("ttyGPS1", "garmin48.log").toString(),
                    peers.gps("ttyGPS2", "beidou-gb.log").toString(),
                    peers.modbus("ttyMB", 3, "Outpost Test Meters", "OTM-200", "1.4").toString(),
                    peers.scpi("ttySCPI", "Keysight Technologies,34461A,MY57200123,A.02.17").toString());
            InstrumentScan scan = new InstrumentScan(new AdapterCatalog(UsbIdsDatabase.shipped()),
                    ProbeSettings.DEFAULT, Clock.systemUTC());
            LocalSerialPorts local = LocalSerialPorts.only(ports);
            List<SerialPortInfo> infos = ports.stream().map(p -> SerialPortInfo.named(PortLocation.LAPTOP, p))
                    .toList();

            List<Long> parallel = new ArrayList<>();
            List<Long> inTurn = new ArrayList<>();
            int identified = 0;
            for (int run = 0; run < RUNS; run++) {
                long started = System.nanoTime();
                InstrumentInventory all = scan.scan(local, infos, null, InstrumentScan.Listener.NONE);
                parallel.add(System.nanoTime() - started);
                identified = (int) all.findings().stream().filter(f -> f.state() == PortState.IDENTIFIED).count();

                started = System.nanoTime();
                for (SerialPortInfo port : infos) {
                    scan.scan(local, List.of(port), null, InstrumentScan.Listener.NONE);
                }
                inTurn.add(System.nanoTime() - started);
            }
            double parallelSeconds = median(parallel) / 1e9;
            double inTurnSeconds = median(inTurn) / 1e9;
            System.out.printf(Locale.ROOT, "instrument scan, 4 pty ports with one peer each (%d identified),"
                    + " median of %d runs%n", identified, RUNS);
            System.out.printf(Locale.ROOT, "  all ports at once (Outpost):   %6.2f s%n", parallelSeconds);
            System.out.printf(Locale.ROOT, "  one port after another:        %6.2f s%n", inTurnSeconds);
            System.out.printf(Locale.ROOT, "  ratio, in turn / at once:      %6.2f%n", inTurnSeconds / parallelSeconds);
            System.out.printf(Locale.ROOT, "  target for all at once:        < 10 s%n");
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
