package dev.outpost.ui.connect;

import dev.outpost.engine.console.ConsoleException;
import dev.outpost.engine.console.ConsoleTranscript;
import dev.outpost.engine.console.GatewayNetwork;
import dev.outpost.engine.console.TemporaryAddress;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.GatewayConsoles;
import dev.outpost.ui.common.GatewayConsoles.ConsoleSession;
import dev.outpost.ui.common.RunningTask;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The console dialog: logs in over the gateway's serial console, shows its network, and, once the person has
 * confirmed, gives one of its interfaces a temporary address so that the SSH connection can go on. Everything typed
 * and received is kept as a transcript with passwords masked. The login password is kept, as characters, until the
 * dialog closes, because sudo reads it again when the address is set. Every public method is called on the FX
 * thread.
 */
public final class ConsoleViewModel {

    /** The speeds offered besides finding it, fastest first. */
    public static final List<Integer> SPEEDS = List.of(115_200, 57_600, 38_400, 19_200, 9_600);
    static final String SUGGESTED_ADDRESS = "169.254.77.1/16";
    static final int TRANSCRIPT_LIMIT = 20_000;
    static final String PORT_MISSING = "Choose the laptop's port that the console cable is in.";
    static final String USER_MISSING = "Type the gateway's login user, for example root.";
    static final String PASSWORD_MISSING = "Type the password of that user.";
    static final String NO_PORTS = "This laptop has no serial port. Plug in the console cable, then choose Find"
            + " ports again.";
    static final String LOGGING_IN = "Opening %s and logging in…";
    static final String LOGGED_IN = "Logged in to %s as %s at %d baud. Its network is shown below.";
    static final String SETTING = "Setting %s on %s…";
    static final String ADDRESS_SET = "%s now has %s on %s until it restarts. Give this laptop's cable port an"
            + " address in the same network, such as %s, then choose Use this address.";
    static final String INTERFACE_MISSING = "Choose the gateway interface that the network cable is in.";
    static final String UNEXPECTED = "The console stopped because of an unexpected error. Try again; if it keeps"
            + " happening, save the diagnostics for head office.";

    private static final Logger log = LoggerFactory.getLogger(ConsoleViewModel.class);

    private final GatewayConsoles consoles;
    private final BackgroundTasks tasks;
    private final Consumer<String> useAddress;
    private final ObservableList<String> ports = FXCollections.observableArrayList();
    private final StringProperty port = new SimpleStringProperty(this, "port", "");
    private final ObjectProperty<Integer> speed = new SimpleObjectProperty<>(this, "speed");
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final StringProperty interfaceName = new SimpleStringProperty(this, "interfaceName", "");
    private final StringProperty address = new SimpleStringProperty(this, "address", SUGGESTED_ADDRESS);
    private final ReadOnlyStringWrapper transcript = new ReadOnlyStringWrapper(this, "transcript", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyObjectWrapper<GatewayNetwork> network = new ReadOnlyObjectWrapper<>(this, "network");
    private final ReadOnlyStringWrapper usableAddress = new ReadOnlyStringWrapper(this, "usableAddress");
    private final StringBuilder transcriptText = new StringBuilder();
    private ConsoleSession session;
    private char[] password = new char[0];
    private RunningTask<?> running;

    /**
     * @param consoles   opens the console
     * @param tasks      runs the console work off the FX thread
     * @param useAddress receives the address to connect to, when the person chooses Use this address
     */
    public ConsoleViewModel(GatewayConsoles consoles, BackgroundTasks tasks, Consumer<String> useAddress) {
        this.consoles = consoles;
        this.tasks = tasks;
        this.useAddress = useAddress;
    }

    /** Lists the laptop's serial ports again and picks the first one if none is chosen. */
    public void findPorts() {
        if (tasks.isBusy()) {
            return;
        }
        error.set(null);
        running = tasks.run(consoles::ports, found -> {
            ports.setAll(found);
            if (found.isEmpty()) {
                error.set(NO_PORTS);
            } else if (blank(port.get()) || !found.contains(port.get())) {
                port.set(found.get(0));
            }
        }, failure -> failed("Listing the laptop's serial ports failed.", failure));
    }

    /**
     * Opens the console, logs in and reads the network. The password is copied; the caller wipes its own array.
     * A console opened before is closed first.
     */
    public void logIn(char[] typedPassword) {
        if (tasks.isBusy()) {
            return;
        }
        error.set(null);
        String problem = blank(port.get()) ? PORT_MISSING : blank(user.get()) ? USER_MISSING
                : typedPassword.length == 0 ? PASSWORD_MISSING : null;
        if (problem != null) {
            error.set(problem);
            return;
        }
        closeSession();

        Arrays.fill(password, '\0');
        password = typedPassword.clone();
        network.set(null);
        usableAddress.set(null);
        String portPath = port.get().strip();
        String login = user.get().strip();
        OptionalInt baud = speed.get() == null ? OptionalInt.empty() : OptionalInt.of(speed.get());
        char[] secret = password;

        status.set(LOGGING_IN.formatted(portPath));
        log.info("Logging in over the console on {} as {}.", portPath, login);
        running = tasks.run(() -> {
            ConsoleSession opened = consoles.open(portPath, baud, transcriptListener());
            try {
                opened.logIn(login, secret);
                return new Opened(opened, opened.readNetwork());
            } catch (ConsoleException | RuntimeException e) {
                opened.close();
                throw e;
            }
        }, opened -> {
            session = opened.session();
            network.set(opened.network());
            suggestInterface(opened.network());
            status.set(LOGGED_IN.formatted(opened.network().hostName(), login, opened.session().baud()));
        }, failure -> {
            status.set(null);
            failed("Logging in over the console failed.", failure);
        });
    }

    /** Returns the question the person confirms before {@link #setAddress()} runs, or empty when a field is blank. */
    public Optional<String> confirmation() {
        GatewayNetwork shown = network.get();
        if (shown == null || blank(interfaceName.get()) || blank(address.get())) {
            return Optional.empty();
        }
        return Optional.of("Set " + address.get().strip() + " on " + interfaceName.get() + " of "
                + shown.hostName() + "? The address lasts until the gateway restarts; nothing is saved on it."
                + " Outpost types: ip addr add " + address.get().strip() + " dev " + interfaceName.get());
    }

    /** Sets the temporary address; called after the person confirmed {@link #confirmation()}. */
    public void setAddress() {
        if (tasks.isBusy() || session == null) {
            return;
        }
        error.set(null);
        if (blank(interfaceName.get())) {
            error.set(INTERFACE_MISSING);
            return;
        }
        String cidr = address.get().strip();
        String device = interfaceName.get();
        ConsoleSession open = session;
        char[] secret = password;
        status.set(SETTING.formatted(cidr, device));
        running = tasks.run(() -> {
            open.setTemporaryAddress(cidr, device, secret);
            return open.readNetwork();
        }, read -> {
            network.set(read);
            String bare = cidr.substring(0, cidr.indexOf('/'));
            usableAddress.set(bare);
            status.set(ADDRESS_SET.formatted(read.hostName(), cidr, device, laptopExample(cidr)));
            log.info("The gateway {} has the temporary address {} on {}.", read.hostName(), cidr, device);
        }, failure -> {
            status.set(null);
            failed("Setting a temporary address over the console failed.", failure);
        });
    }

    /** Hands the address set to the connect page. */
    public void useSetAddress() {
        if (usableAddress.get() != null) {
            useAddress.accept(usableAddress.get());
        }
    }

    /** Stops any running step, logs out, closes the port and wipes the kept password. */
    public void close() {
        if (running != null && !running.isEnded()) {
            running.cancel(result -> {
                if (result instanceof Opened opened) {
                    opened.session().close();
                }
            });
        }
        closeSession();
        Arrays.fill(password, '\0');
        password = new char[0];
    }

    private void closeSession() {
        ConsoleSession open = session;
        session = null;
        if (open != null) {
            try {
                tasks.worker().execute(open::close);
            } catch (RejectedExecutionException e) {
                // The wizard is closing and its workers are gone; logging out is short, so it runs here.
                open.close();
            }
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private void suggestInterface(GatewayNetwork read) {
        List<GatewayNetwork.NetworkInterface> candidates = read.interfaces().stream()
                .filter(candidate -> !candidate.name().equals("lo")).toList();
        candidates.stream()
                .filter(candidate -> candidate.carrier() && candidate.addresses().stream().allMatch(
                        GatewayNetwork.Address::ipv6))
                .findFirst()
                .or(() -> candidates.stream().filter(GatewayNetwork.NetworkInterface::carrier).findFirst())
                .or(() -> candidates.stream().findFirst())
                .ifPresent(candidate -> interfaceName.set(candidate.name()));
    }

    /** Returns an example address for the laptop in the network of the gateway's new address. */
    static String laptopExample(String cidr) {
        try {
            return TemporaryAddress.parse(cidr).neighbour().orElse("one in " + cidr);
        } catch (ConsoleException e) {
            return "one in " + cidr;
        }
    }

    private ConsoleTranscript transcriptListener() {
        return new ConsoleTranscript() {
            @Override
            public void typed(String text) {
                tasks.fxThread().execute(() -> append("› " + text + "\n"));
            }

            @Override
            public void received(String text) {
                tasks.fxThread().execute(() -> append(text));
            }
        };
    }

    private void append(String text) {
        transcriptText.append(text);
        if (transcriptText.length() > TRANSCRIPT_LIMIT) {
            transcriptText.delete(0, transcriptText.length() - TRANSCRIPT_LIMIT);
        }
        transcript.set(transcriptText.toString());
    }

    private void failed(String logLine, Exception failure) {
        log.error(logLine, failure);
        if (failure instanceof ConsoleException console) {
            error.set(console.getMessage());
        } else {
            error.set(UNEXPECTED);
        }
    }

    private record Opened(ConsoleSession session, GatewayNetwork network) {
    }

    public ObservableList<String> ports() {
        return ports;
    }

    public StringProperty portProperty() {
        return port;
    }

    /** Returns the chosen line speed, or {@code null} to find it. */
    public ObjectProperty<Integer> speedProperty() {
        return speed;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty interfaceNameProperty() {
        return interfaceName;
    }

    public StringProperty addressProperty() {
        return address;
    }

    /** Everything typed and received so far, passwords masked, trimmed to the last {@link #TRANSCRIPT_LIMIT}. */
    public ReadOnlyStringProperty transcriptProperty() {
        return transcript.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Returns the gateway's network as last read, or {@code null} before a login. */
    public ReadOnlyObjectProperty<GatewayNetwork> networkProperty() {
        return network.getReadOnlyProperty();
    }

    /** Returns the address set on the gateway, without its prefix, or {@code null} before one is set. */
    public ReadOnlyStringProperty usableAddressProperty() {
        return usableAddress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }
}
