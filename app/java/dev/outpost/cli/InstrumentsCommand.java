package dev.outpost.cli;

import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.install.GatewayPaths;
import dev.outpost.engine.instruments.AdapterCatalog;
import dev.outpost.engine.instruments.GatewaySerialPorts;
import dev.outpost.engine.instruments.InstrumentFinding;
import dev.outpost.engine.instruments.InstrumentInventory;
import dev.outpost.engine.instruments.InstrumentScan;
import dev.outpost.engine.instruments.InventoryJson;
import dev.outpost.engine.instruments.InventoryPublisher;
import dev.outpost.engine.instruments.LineSettings;
import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.ProbeSettings;
import dev.outpost.engine.instruments.SerialAdapter;
import dev.outpost.engine.instruments.SerialPortInfo;
import dev.outpost.engine.instruments.SerialPorts;
import dev.outpost.engine.instruments.UsbIdsDatabase;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.SessionListener;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code outpost instruments}: finds the serial instruments on the laptop or the gateway and identifies them. */
@Command(name = "instruments", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds the serial ports on this laptop (--local) or on the gateway (--host …), probes every"
            + " port at once with read-only requests, and prints what is attached: the adapter, the protocol"
            + " (NMEA 0183, Modbus RTU or SCPI), the line settings and the instrument's identity.",
            "The adapter's USB ids name the cable, not the instrument behind it.",
            "Exit status: 0 when the scan ran, 2 when it could not run or the arguments are wrong."})
public final class InstrumentsCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(InstrumentsCommand.class);
    static final int EXIT_DONE = 0;
    static final int EXIT_FAILED = 2;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Place place;

    /** Exactly one place: the laptop, or a gateway with its login. */
    static final class Place {
        @Option(names = "--local", required = true, description = "Scan this laptop's serial ports.")
        boolean local;

        @ArgGroup(exclusive = false, multiplicity = "1", heading = "Gateway:%n")
        GatewayOptions gateway;
    }

    @Option(names = "--serial-port", paramLabel = "PATH", description = "Probe only this port, such as /dev/ttyUSB0 or"
            + " COM3. Repeat for several.")
    private List<String> ports = new ArrayList<>();

    @Option(names = "--unit-ids", paramLabel = "IDS", split = ",", description = "The Modbus unit ids to probe, as"
            + " numbers and ranges such as 1-4,247 (default: 1-4,247; at most 32).")
    private List<String> unitIds = new ArrayList<>();

    @Option(names = "--modbus-settings", paramLabel = "SETTINGS", split = ",", description = "The Modbus line"
            + " settings to try, in order, such as '9600 8N1,19200 8E1' (default: 9600 8N1, 19200 8E1, 9600 8E1,"
            + " 19200 8N1).")
    private List<String> modbusSettings = new ArrayList<>();

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "20", description = "The longest each"
            + " port is probed, in seconds (default: ${DEFAULT-VALUE}). Ports are probed at the same time.")
    private int budgetSeconds;

    @Option(names = "--publish", description = "With --host: also write the inventory to the site cluster, as the"
            + " ConfigMap outpost-instruments in the namespace outpost and one node label per protocol found.")
    private boolean publish;

    @Option(names = "--json", description = "Print the inventory as JSON (schemaVersion 1, see"
            + " docs/instruments.md).")
    private boolean json;

    private final Preflight preflight;
    private final Path defaultKnownHosts;
    private final InputStream stdin;

    public InstrumentsCommand(Preflight preflight, Path defaultKnownHosts, InputStream stdin) {
        this.preflight = preflight;
        this.defaultKnownHosts = defaultKnownHosts;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InstrumentScan scan;
        try {
            scan = new InstrumentScan(new AdapterCatalog(UsbIdsDatabase.shipped()), probeSettings(),
                    Clock.systemUTC());
            if (publish && place.local) {
                throw new IllegalArgumentException("--publish needs --host: only a gateway's inventory goes to"
                        + " the site cluster.");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        if (place.local) {
            return scanAndPrint(scan, ports.isEmpty() ? new LocalSerialPorts() : LocalSerialPorts.only(ports), null,
                    null, out, err);
        }
        place.gateway.showLogIfVerbose();
        ConnectionSettings settings;
        try {
            settings = place.gateway.settings(stdin, defaultKnownHosts);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        try (GatewaySession session = preflight.connect(settings, SessionListener.NONE)) {
            return scanAndPrint(scan, new GatewaySerialPorts(session), settings.host(), session, out, err);
        } catch (GatewayException e) {
            log.error("Outpost could not scan the instruments on {}.", settings.host(), e);
            err.println(e.getMessage());
            return EXIT_FAILED;
        } finally {
            settings.credentials().wipe();
        }
    }

    private int scanAndPrint(InstrumentScan scan, SerialPorts place, String host, GatewaySession session,
            PrintWriter out, PrintWriter err) throws GatewayException {
        InstrumentInventory inventory;
        try {
            List<SerialPortInfo> listed = place.list();
            List<SerialPortInfo> chosen = ports.isEmpty() ? listed : ports.stream().map(path -> listed.stream()
                    .filter(p -> p.path().equals(path)).findFirst()
                    .orElse(SerialPortInfo.named(place.location(), path))).toList();
            inventory = scan.scan(place, chosen, host, InstrumentScan.Listener.NONE);
        } catch (PortException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        if (json) {
            out.println(new InventoryJson().write(inventory));
        } else {
            print(inventory, out);
        }
        out.flush();
        if (publish && session != null) {
            try (ClusterAccess cluster = ClusterAccess.open(session, GatewayPaths.KUBECONFIG)) {
                List<String> nodes = new InventoryPublisher(cluster.client()).publish(inventory);
                err.println("Published the inventory to the site cluster and labelled the node(s) "
                        + String.join(", ", nodes) + ".");
            } catch (ClusterException | KubernetesClientException e) {
                log.error("The instrument inventory could not be published.", e);
                err.println(e instanceof ClusterException ? e.getMessage() : "The site cluster did not answer."
                        + " Check that K3s is running on the gateway, then run the command again.");
                return EXIT_FAILED;
            }
        }
        return EXIT_DONE;
    }

    private static void print(InstrumentInventory inventory, PrintWriter out) {
        if (inventory.findings().isEmpty()) {
            out.println("No serial ports were found on the " + inventory.location().label() + ". Plug the"
                    + " instrument's adapter in, then run the command again.");
            return;
        }
        for (InstrumentFinding finding : inventory.findings()) {
            out.println(finding.port().path() + (finding.port().stableName() == null ? ""
                    : " (" + finding.port().stableName() + ")"));
            out.println("  adapter:    " + finding.adapter().name());
            out.println("  protocol:   " + (finding.protocol() == null ? "none recognised"
                    : finding.protocol().displayName()));
            out.println("  settings:   " + (finding.settings() == null ? "-" : finding.settings()));
            out.println("  identity:   " + (finding.identity() == null ? "-" : finding.identity()));
            out.println("  confidence: " + finding.confidence().name().toLowerCase(java.util.Locale.ROOT));
            out.println("  " + finding.summary());
            out.println();
        }
        out.println(SerialAdapter.NAMES_THE_CABLE);
    }

    private ProbeSettings probeSettings() {
        ProbeSettings settings = ProbeSettings.DEFAULT.withPortBudget(Duration.ofSeconds(budgetSeconds));
        if (budgetSeconds < 1 || budgetSeconds > 600) {
            throw new IllegalArgumentException("--budget " + budgetSeconds + " is out of range. Give a number of"
                    + " seconds from 1 to 600.");
        }
        if (!unitIds.isEmpty()) {
            settings = settings.withModbusUnitIds(parseUnitIds(unitIds));
        }
        if (!modbusSettings.isEmpty()) {
            settings = settings.withModbusSettings(modbusSettings.stream().map(LineSettings::parse).toList());
        }
        return settings;
    }

    /** Parses unit ids written as numbers and ranges, such as {@code 1-4} and {@code 247}. */
    static List<Integer> parseUnitIds(List<String> items) {
        List<Integer> ids = new ArrayList<>();
        for (String item : items) {
            String[] range = item.strip().split("-", 2);
            try {
                int first = Integer.parseInt(range[0].strip());
                int last = range.length == 2 ? Integer.parseInt(range[1].strip()) : first;
                if (last - first >= ProbeSettings.MAX_UNIT_IDS) {
                    throw new IllegalArgumentException("The unit id range " + item + " is too long. Name at most "
                            + ProbeSettings.MAX_UNIT_IDS + " unit ids.");
                }
                for (int id = first; id <= last; id++) {
                    ids.add(id);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The unit id '" + item + "' is not a number or a range such as"
                        + " 1-4. Write the unit ids like 1-4,247.", e);
            }
        }
        return ids;
    }
}
