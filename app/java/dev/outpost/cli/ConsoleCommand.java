package dev.outpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.outpost.engine.console.ConsoleException;
import dev.outpost.engine.console.ConsolePorts;
import dev.outpost.engine.console.ConsoleState;
import dev.outpost.engine.console.ConsoleTranscript;
import dev.outpost.engine.console.GatewayConsole;
import dev.outpost.engine.console.GatewayNetwork;
import dev.outpost.engine.console.TemporaryAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code outpost console}: logs in on the gateway's serial console when its network cannot be reached, shows its
 * network, and can add a temporary address so that SSH can take over.
 */
@Command(name = "console", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Logs in on the gateway's serial console through a port on this laptop, for when the"
            + " gateway's network cannot be reached. Shows the gateway's interfaces and addresses"
            + " (--show-network), or adds a temporary address to one interface (--set-address), which is gone"
            + " when the gateway restarts, so the laptop can reach it over SSH.",
            "Exit status: 0 when done, 1 when the console or the gateway refused or failed, 2 when the arguments"
                + " are wrong or the port cannot be found or opened, 130 when stopped with Ctrl-C (Outpost logs out"
                + " of the console first)."})
public final class ConsoleCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ConsoleCommand.class);
    static final int EXIT_DONE = 0;
    static final int EXIT_REFUSED = 1;
    static final int EXIT_ARGUMENTS = 2;
    /** The status the JVM exits with after SIGINT (128 + 2), as shells report a command ended by Ctrl-C. */
    static final int EXIT_STOPPED = 130;
    /** How long the shutdown hook waits for the logout after Ctrl-C. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "The laptop's port the console"
            + " cable is in, such as /dev/ttyUSB0 or COM3.")
    private String port;

    @Option(names = "--baud", paramLabel = "N", description = "The console's line speed in baud. Without it,"
            + " Outpost tries 115200, then 9600, 38400, 57600 and 19200.")
    private Integer baud;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The gateway user to log in as,"
            + " such as tech.")
    private String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input;"
            + " sudo gets the same password. Without it, Outpost asks at the terminal without echo.")
    private boolean passwordFromStdin;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Action action;

    /** Exactly one thing to do. */
    static final class Action {
        @Option(names = "--show-network", required = true, description = "Print the gateway's interfaces,"
                + " addresses and default route.")
        boolean showNetwork;

        @Option(names = "--set-address", required = true, paramLabel = "CIDR", description = "Add this address"
                + " with its prefix length, such as 192.168.250.1/24, to --interface until the gateway restarts.")
        String address;
    }

    @Option(names = "--interface", paramLabel = "IF", description = "With --set-address: the gateway's interface,"
            + " such as eth0.")
    private String interfaceName;

    @Option(names = "--yes", description = "With --set-address: do not ask before adding the address.")
    private boolean yes;

    @Option(names = "--json", description = "Print the result as JSON (schemaVersion 1, see docs/console.md).")
    private boolean json;

    private final InputStream stdin;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile StandardErrorTranscript transcript;
    private volatile GatewayConsole console;
    private volatile boolean stopped;
    private volatile boolean loggedIn;
    private volatile TemporaryAddress addressRequested;
    private volatile boolean addressAdded;
    private volatile boolean asking;

    public ConsoleCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConsole.addShutdownHook(new Thread(() -> onStop(err), "console-stop"));
        try {
            return run(out, err);
        } finally {
            finished.countDown();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws Exception {
        TemporaryAddress address;
        char[] password = null;
        try {
            address = checkArguments();
            password = readPassword();
        } catch (ConsoleException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_ARGUMENTS;
        }

        OptionalInt speed = baud == null ? OptionalInt.empty() : OptionalInt.of(baud);
        transcript = json ? null : new StandardErrorTranscript(err);
        Outcome outcome;
        try {
            try (GatewayConsole opened = GatewayConsole.open(port, speed,
                    transcript == null ? ConsoleTranscript.NONE : transcript)) {
                console = opened;
                outcome = work(opened, address, password, out, err);
            }
        } catch (ConsoleException e) {
            if (stopped) {
                log.info("The console command on {} was stopped.", port);
                return EXIT_STOPPED;
            }
            log.error("The console command on {} failed.", port, e);
            say(err, e.getMessage());
            return switch (e.kind()) {
                case NO_SUCH_PORT, PORT_UNUSABLE, INVALID_ADDRESS, INVALID_USER, UNKNOWN_INTERFACE -> EXIT_ARGUMENTS;
                default -> EXIT_REFUSED;
            };
        } finally {
            GatewayConsole.wipe(password);
        }
        if (stopped) {
            // Ctrl-C came during the logout, and the shutdown hook prints what was done instead of the success.
            return EXIT_STOPPED;
        }
        outcome.report().run();
        return outcome.status();
    }

    /** The exit status of a run and what to print once the console is closed. */
    private record Outcome(int status, Runnable report) {
    }

    /** Checks every argument before the port is opened, and returns the address for --set-address. */
    private TemporaryAddress checkArguments() throws ConsoleException {
        TemporaryAddress address = null;
        ConsolePorts.requireSerialPort(port);
        GatewayConsole.checkUserName(user);
        if (action.address != null) {
            address = TemporaryAddress.parse(action.address);
            if (interfaceName == null) {
                throw new IllegalArgumentException("--set-address needs --interface: name the gateway's"
                        + " interface the laptop's cable is plugged into, such as --interface eth0.");
            }
            if (!TemporaryAddress.isPlausibleInterfaceName(interfaceName)) {
                throw new IllegalArgumentException("'" + interfaceName + "' is not an interface name. Give the"
                        + " gateway's interface in letters, digits, dots, dashes and underscores, at most 15"
                        + " characters, such as --interface eth0.");
            }
            if (!yes && System.console() == null) {
                throw new IllegalArgumentException("Outpost cannot ask before changing the gateway because"
                        + " there is no terminal. Add --yes to confirm on the command line.");
            }
        } else if (interfaceName != null || yes) {
            throw new IllegalArgumentException("--interface and --yes go with --set-address only.");
        }
        if (baud != null && (baud < 50 || baud > 4_000_000)) {
            throw new IllegalArgumentException("--baud " + baud + " is out of range. Give the console's speed"
                    + " in baud, such as 115200 or 9600.");
        }
        return address;
    }

    /**
     * Logs in and does the requested action. Returns what to print once the console is closed, so that nothing
     * claims success when Ctrl-C cuts the logout short.
     */
    private Outcome work(GatewayConsole opened, TemporaryAddress address, char[] password, PrintWriter out,
            PrintWriter err) throws Exception {
        if (opened.state() == ConsoleState.LOGIN_PROMPT || opened.state() == ConsoleState.PASSWORD_PROMPT
                || opened.state() == ConsoleState.SHELL) {
            say(err, "The console on " + port + " responds at " + opened.baud() + " baud.");
        }
        opened.logIn(user, password);
        loggedIn = true;
        if (action.showNetwork) {
            GatewayNetwork network = opened.readNetwork();
            String document = json ? json(network, null, null) : null;
            return new Outcome(EXIT_DONE, () -> {
                if (json) {
                    out.println(document);
                } else {
                    printNetwork(network, out);
                }
            });
        }
        if (!yes && !confirm(address, err)) {
            return new Outcome(EXIT_REFUSED, () -> say(err, "Nothing was changed on the gateway."));
        }
        addressRequested = address;
        opened.setTemporaryAddress(address.toString(), interfaceName, password);
        addressAdded = true;
        GatewayNetwork network = opened.readNetwork();
        String document = json ? json(network, address, interfaceName) : null;
        return new Outcome(EXIT_DONE, () -> {
            if (json) {
                out.println(document);
            } else {
                printAddressAdded(address, network, out);
            }
        });
    }

    /**
     * Runs in a shutdown hook after Ctrl-C or SIGTERM: makes the blocked console call fail, waits for the command to
     * log out and close the port, then prints what was done.
     */
    private void onStop(PrintWriter err) {
        if (finished.getCount() == 0) {
            return;
        }
        stopped = true;
        GatewayConsole current = console;
        if (current != null && asking) {
            // The command waits for the reply at the terminal and not on the console, so the hook logs out.
            current.close();
        } else if (current != null) {
            current.stop();
            try {
                if (!finished.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    log.warn("The console command on {} did not finish within {} after the stop.", port, STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        say(err, stopSentence(current));
        log.info("Stopped the console command on {}: {}", port, stopSentence(current));
    }

    private String stopSentence(GatewayConsole current) {
        boolean loggedOut = current != null && current.loggedOut();
        String logout = loggedOut ? "Outpost logged out of the console."
                : "Outpost may still be logged in on the console, so run the console command again, which logs out"
                        + " a shell left open first.";
        if (addressAdded) {
            return "Stopped after the gateway's " + interfaceName + " got " + addressRequested + " until it"
                    + " restarts. " + logout;
        }
        if (addressRequested != null) {
            return "Stopped while adding " + addressRequested + " to the gateway's " + interfaceName + ". " + logout
                    + " Run the console command with --show-network to see whether the address is there.";
        }
        if (loggedIn) {
            return "Stopped before anything was changed on the gateway. " + logout;
        }
        return "Stopped before logging in on the console; nothing was changed on the gateway.";
    }

    /** Prints a sentence on standard error on a line of its own, after the transcript's open line if any. */
    private void say(PrintWriter err, String sentence) {
        StandardErrorTranscript standardError = transcript;
        if (standardError != null) {
            standardError.endLine();
        }
        err.println(sentence);
        err.flush();
    }

    private char[] readPassword() throws java.io.IOException {
        if (passwordFromStdin) {
            return new StdinSecrets(stdin).readLine("password");
        }
        Console terminal = System.console();
        if (terminal == null) {
            throw new IllegalArgumentException("There is no terminal to ask for the password. Pipe it in with"
                    + " --password-stdin, for example: printf '%s\\n' \"$PASSWORD\" | outpost console ...");
        }
        char[] password = terminal.readPassword("Password for %s on the gateway: ", user);
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("No password was given. Run the command again and type the gateway"
                    + " user's password.");
        }
        return password;
    }

    private boolean confirm(TemporaryAddress address, PrintWriter err) {
        StandardErrorTranscript standardError = transcript;
        if (standardError != null) {
            standardError.endLine();
        }
        err.flush();
        Console terminal = System.console();
        asking = true;
        try {
            String answer = terminal.readLine("Set %s on %s of the gateway until it restarts? [y/N] ", address,
                    interfaceName);
            return answer != null && answer.strip().equalsIgnoreCase("y");
        } finally {
            asking = false;
        }
    }

    private static void printNetwork(GatewayNetwork network, PrintWriter out) {
        out.println("Gateway " + network.hostName());
        for (GatewayNetwork.NetworkInterface link : network.interfaces()) {
            String addresses = link.addresses().isEmpty() ? "no address"
                    : link.addresses().stream().map(GatewayNetwork.Address::toString).collect(Collectors.joining(", "));
            out.printf("  %-10s %-5s %-11s %-17s %s%n", link.name(), link.up() ? "up" : "down",
                    link.carrier() ? "carrier" : "no carrier", link.mac() == null ? "-" : link.mac(), addresses);
        }
        out.println("  default route: " + network.defaultRoute().map(route -> (route.via() == null ? "on the link"
                : "via " + route.via()) + " on " + route.device()).orElse("none"));
        String reachable = network.interfaces().stream().filter(link -> !link.name().equals("lo"))
                .flatMap(link -> link.addresses().stream()).filter(a -> !a.ipv6()).map(GatewayNetwork.Address::address)
                .findFirst().orElse(null);
        if (reachable == null) {
            out.println("Next: the gateway has no IPv4 address outside loopback. Add one with 'outpost console"
                    + " --set-address CIDR --interface IF', or run 'outpost discover' once its network is up.");
        } else {
            out.println("Next: connect the laptop to that network and run 'outpost check --host " + reachable
                    + "', or run 'outpost discover' to find the gateway on the site LAN.");
        }
    }

    private void printAddressAdded(TemporaryAddress address, GatewayNetwork network, PrintWriter out) {
        out.println("The gateway " + network.hostName() + " now has " + address + " on " + interfaceName + " until it"
                + " restarts.");
        String laptop = address.neighbour().orElse(null);
        if (laptop == null) {
            out.println("Next: give the laptop's Ethernet port another address in the same network as " + address
                    + ", plug it into " + interfaceName + ", then run 'outpost check --host " + address.address()
                    + "'.");
        } else {
            out.println("Next: give the laptop's Ethernet port the address " + laptop + ", plug it into "
                    + interfaceName + ", then run 'outpost check --host " + address.address() + "'.");
        }
    }

    private static String json(GatewayNetwork network, TemporaryAddress added, String interfaceName)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemaVersion", 1);
        document.put("hostName", network.hostName());
        document.put("interfaces", network.interfaces().stream().map(link -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", link.name());
            entry.put("up", link.up());
            entry.put("carrier", link.carrier());
            entry.put("mac", link.mac());
            entry.put("addresses", link.addresses().stream().map(GatewayNetwork.Address::toString).toList());
            return entry;
        }).toList());
        document.put("defaultRoute", network.defaultRoute().map(route -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("via", route.via());
            entry.put("device", route.device());
            return entry;
        }).orElse(null));
        if (added != null) {
            document.put("addedAddress", Map.of("address", added.toString(), "interface", interfaceName,
                    "laptopAddress", added.neighbour().orElse("")));
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
    }

    /** Shows the console's transcript on standard error, typed lines marked {@code >} and received ones {@code <}. */
    private static final class StandardErrorTranscript implements ConsoleTranscript {

        private final PrintWriter err;
        private boolean lineOpen;

        StandardErrorTranscript(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void typed(String text) {
            endLine();
            err.println("> " + text);
        }

        /** Ends the last received line if it had no line break, so that the next output starts a line. */
        synchronized void endLine() {
            if (lineOpen) {
                err.println();
                lineOpen = false;
            }
        }

        @Override
        public synchronized void received(String text) {
            for (String part : List.of(text.split("(?<=\n)"))) {
                if (part.isEmpty()) {
                    continue;
                }
                err.print((lineOpen ? "" : "< ") + part);
                lineOpen = !part.endsWith("\n");
            }
            err.flush();
        }
    }
}
