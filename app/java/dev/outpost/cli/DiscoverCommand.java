package dev.outpost.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.outpost.engine.discovery.DiscoveredGateway;
import dev.outpost.engine.discovery.DiscoveryException;
import dev.outpost.engine.discovery.DiscoveryResult;
import dev.outpost.engine.discovery.DiscoverySettings;
import dev.outpost.engine.discovery.GatewayDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code outpost discover}: finds the gateways on the laptop's cable with mDNS and the link-local search. */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds the gateways on the laptop's cable: SSH services announced over mDNS, and on a cable"
            + " with no DHCP server the hosts that answer on the link-local addresses. Each one is asked for its"
            + " SSH host key without logging in.",
            "Exit status: 0 when at least one gateway answered, 1 when none did, 2 when the arguments are wrong"
                + " or an interface does not exist or cannot be searched, 130 when interrupted with Ctrl-C."})
public final class DiscoverCommand implements Callable<Integer> {

    static final int EXIT_FOUND = 0;
    static final int EXIT_NONE = 1;
    static final int EXIT_FAILED = 2;
    /** The status of a search stopped with Ctrl-C, as the JVM exits on SIGINT: 128 + 2. */
    static final int EXIT_INTERRUPTED = 130;
    private static final long INTERRUPT_GRACE_SECONDS = 3;
    static final int SCHEMA_VERSION = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--interface", paramLabel = "IF", description = "Search only this network interface, such as"
            + " eth1 or en5. Repeat for several. Without it, the interfaces in the settings, or every connected"
            + " one.")
    private List<String> interfaces = new ArrayList<>();

    @Option(names = "--json", description = "Print the result as JSON (schemaVersion 1, see docs/discovery.md).")
    private boolean json;

    private final Path dataFolder;

    public DiscoverCommand(Path dataFolder) {
        this.dataFolder = dataFolder;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DiscoverySettings settings;
        if (interfaces.isEmpty()) {
            settings = DiscoverySettings.load(dataFolder);
            if (!settings.enabled()) {
                err.println("Searching for gateways is turned off in the settings. Name the interface to search"
                        + " with --interface, or turn the search on in the wizard's settings.");
                return EXIT_FAILED;
            }
        } else {
            if (interfaces.stream().anyMatch(String::isBlank)) {
                throw new ParameterException(spec.commandLine(), "The value of --interface is empty: name a network"
                        + " interface such as eth1, or leave --interface out to search every connected one");
            }
            settings = DiscoverySettings.onInterfaces(interfaces);
        }
        Optional<DiscoveryResult> searched;
        try {
            searched = searchUntilInterrupted(settings, err);
        } catch (DiscoveryException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        if (searched.isEmpty()) {
            return EXIT_INTERRUPTED;
        }

        DiscoveryResult result = searched.get();
        if (json) {
            out.println(toJson(result));
        } else {
            print(result, out);
        }
        out.flush();
        return result.gateways().isEmpty() ? EXIT_NONE : EXIT_FOUND;
    }

    /**
     * Runs the search and returns its result, or empty when Ctrl-C stopped it. On Ctrl-C a shutdown hook cancels
     * the search, waits for it to close its sockets and prints why nothing is listed.
     */
    private static Optional<DiscoveryResult> searchUntilInterrupted(DiscoverySettings settings, PrintWriter err)
            throws DiscoveryException {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            interrupted.set(true);
            awaitQuietly(finished);
            err.println("The search was stopped before it finished, so no gateway is listed. Run outpost discover"
                    + " again to search the cable.");
            err.flush();
        }, "outpost-discover-cancel");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            DiscoveryResult result = new GatewayDiscovery(settings).search(gateway -> { }, interrupted::get);
            return interrupted.get() ? Optional.empty() : Optional.of(result);
        } finally {
            finished.countDown();
            removeQuietly(onInterrupt);
        }
    }

    /** Lets an interrupted search close its sockets before the process ends. */
    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The process is already ending, so the hook runs and prints why.
        }
    }

    private static void print(DiscoveryResult result, PrintWriter out) {
        List<DiscoveredGateway> gateways = result.gateways();
        String searched = String.join(", ", result.interfacesSearched());
        if (gateways.isEmpty()) {
            out.println("No gateway answered on " + (searched.isEmpty() ? "any interface" : searched) + ".");
            result.notes().forEach(note -> out.println("  " + note));
            out.println("Check that the cable is plugged into the gateway and the laptop and that the gateway has"
                    + " power. A gateway needs about a minute after power-on before it answers, so wait and run"
                    + " outpost discover again. If it still does not answer, use outpost console on the gateway's"
                    + " console port.");
            return;
        }
        out.println("Found " + gateways.size() + " gateway" + (gateways.size() == 1 ? "" : "s") + " on " + searched
                + ".");
        out.println();
        printTable(gateways, out);
        out.println();
        if (gateways.size() > 1) {
            out.println("More than one gateway answered. Tell them apart by the host-key fingerprint, which head"
                    + " office or the gateway's label gives you, and by the name; then use the address of the"
                    + " right one.");
        }
        result.notes().forEach(note -> out.println("Note: " + note));
        out.println("Next: check the gateway with");
        for (DiscoveredGateway gateway : gateways) {
            out.println("  outpost check --host " + gateway.address() + (gateway.sshPort() == 22 ? ""
                    : " --port " + gateway.sshPort()) + " --user USER --password-stdin"
                    + gateway.hostKeyFingerprint().map(key -> " --host-key-fingerprint " + key).orElse(""));
        }
    }

    private static void printTable(List<DiscoveredGateway> gateways, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ADDRESS", "PORT", "HOST-KEY FINGERPRINT", "FOUND BY", "INTERFACE"});
        for (DiscoveredGateway gateway : gateways) {
            List<String> addresses = gateway.addresses();
            rows.add(new String[] {gateway.name().orElse("-"), addresses.get(0), Integer.toString(gateway.sshPort()),
                gateway.hostKeyFingerprint().orElse("(no answer)"), foundBy(gateway), gateway.interfaceName()});
            for (String other : addresses.subList(1, addresses.size())) {
                rows.add(new String[] {"", other, "", "", "", ""});
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ",
                        row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String foundBy(DiscoveredGateway gateway) {
        return gateway.foundBy().stream().sorted().map(DiscoverCommand::sourceName)
                .reduce((a, b) -> a + ", " + b).orElse("-");
    }

    private static String sourceName(DiscoveredGateway.Source source) {
        return switch (source) {
            case MDNS -> "mdns";
            case LINK_LOCAL -> "link-local";
        };
    }

    /** Writes the versioned document that docs/discovery.md describes. */
    static String toJson(DiscoveryResult result) throws JsonProcessingException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemaVersion", SCHEMA_VERSION);
        document.put("interfacesSearched", result.interfacesSearched());
        List<Map<String, Object>> gateways = new ArrayList<>();
        for (DiscoveredGateway gateway : result.gateways()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", gateway.name().orElse(null));
            entry.put("address", gateway.address());
            entry.put("addresses", gateway.addresses());
            entry.put("sshPort", gateway.sshPort());
            entry.put("hostKeyFingerprint", gateway.hostKeyFingerprint().orElse(null));
            entry.put("sshBanner", gateway.sshBanner().orElse(null));
            entry.put("foundBy", gateway.foundBy().stream().sorted().map(DiscoverCommand::sourceName).toList());
            entry.put("interface", gateway.interfaceName());
            gateways.add(entry);
        }
        document.put("gateways", gateways);
        document.put("notes", result.notes());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
    }
}
