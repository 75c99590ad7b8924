package dev.outpost.engine.console;

import com.fazecast.jSerialComm.SerialPort;
import dev.outpost.engine.instruments.LineSettings;
import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.PortLocation;
import dev.outpost.engine.instruments.SerialLine;
import dev.outpost.engine.instruments.SerialPortInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A gateway's serial console on a laptop port: wakes it, logs in with the gateway's own login, reads the network
 * with {@code ip}, and adds a temporary address so that SSH can take over.
 *
 * <p>Threading: every method blocks for up to tens of seconds (a wrong password costs the gateway's own delay of
 * about 3 s, and a speed hunt about 3 s per speed), so call them from a worker thread, never from a user
 * interface's thread. One thread at a time may use a console. {@link #close()} may be called from any thread, and
 * a blocked call then fails with {@link ConsoleException.Kind#PORT_LOST}.
 */
public final class GatewayConsole implements AutoCloseable {

    /** The speed most gateways use, tried first. */
    public static final int FIRST_BAUD = 115_200;
    /** The speeds tried after {@link #FIRST_BAUD}, in order, when no speed is given. */
    public static final List<Integer> OTHER_BAUDS = List.of(9600, 38400, 57600, 19200);

    private static final Logger log = LoggerFactory.getLogger(GatewayConsole.class);
    private static final Duration PASSIVE_LISTEN = Duration.ofMillis(600);
    private static final Duration WAKE_WINDOW = Duration.ofMillis(1500);
    private static final Duration PROMPT_WINDOW = Duration.ofSeconds(10);
    private static final Duration LOGIN_WINDOW = Duration.ofSeconds(20);
    private static final Duration LOGOUT_WINDOW = Duration.ofSeconds(5);
    private static final Pattern LOGOUT_LINE = Pattern.compile("(?m)^logout\\s*$");
    /**
     * How long the console may stay quiet after the login's first printable output, such as the message of the day,
     * before Outpost stops waiting for a prompt it recognises and checks for a shell with a command.
     */
    private static final Duration QUIET_AFTER_LOGIN = Duration.ofSeconds(5);

    private final ConsoleTerminal terminal;
    private final String portPath;
    private final int baud;
    private final ConsoleState state;
    private final List<Integer> baudsTried;
    private volatile String user;
    private volatile boolean loggedOut;
    /** Whether a password was typed at the login, so that a shell may be open even before {@link #user} is set. */
    private volatile boolean passwordTyped;
    private boolean root;

    private GatewayConsole(ConsoleTerminal terminal, String portPath, int baud, ConsoleState state,
            List<Integer> baudsTried) {
        this.terminal = terminal;
        this.portPath = portPath;
        this.baud = baud;
        this.state = state;
        this.baudsTried = List.copyOf(baudsTried);
    }

    /**
     * Opens a laptop port with jSerialComm, finds the line speed and wakes the console with a carriage return.
     * Nothing is typed while a bootloader's autoboot countdown is showing, because a key press would stop it.
     *
     * @param portPath   the port, such as {@code /dev/ttyUSB0} or {@code COM3}
     * @param baud       the line speed; when empty, 115200 is tried first, then 9600, 38400, 57600 and 19200 while
     *                   the console stays garbled or silent
     * @param transcript receives what is typed and received
     * @return the console, with {@link #state()} saying what it showed; a silent, garbled or bootloader console is
     *         returned too, so the caller can show it, and {@link #logIn} then explains what to do
     * @throws ConsoleException {@link ConsoleException.Kind#NO_SUCH_PORT} or
     *                          {@link ConsoleException.Kind#PORT_UNUSABLE} when the port cannot be opened
     */
    public static GatewayConsole open(String portPath, OptionalInt baud, ConsoleTranscript transcript)
            throws ConsoleException {
        ConsolePorts.requireSerialPort(portPath);
        SerialLine line;
        try {
            line = LocalSerialPorts.only(List.of(portPath)).open(SerialPortInfo.named(PortLocation.LAPTOP, portPath));
        } catch (PortException e) {
            log.error("Opening the console port {} failed ({}).", portPath, e.kind(), e.getCause());
            throw openFailure(portPath, e);
        }
        return over(line, portPath, baud, transcript);
    }

    /**
     * Turns a failure to open the port into the console's own message. The port exception's message is the
     * instrument scan's advice, so only its cause is kept.
     */
    private static ConsoleException openFailure(String portPath, PortException e) {
        Throwable cause = e.getCause();
        return switch (e.kind()) {
            case BUSY -> new ConsoleException(ConsoleException.Kind.PORT_UNUSABLE, "Another program has " + portPath
                    + " open, so Outpost left it alone. Close that program, such as a terminal program like screen,"
                    + " picocom or PuTTY, then try again.", cause);
            case NOT_PERMITTED -> new ConsoleException(ConsoleException.Kind.PORT_UNUSABLE, "This user may not open "
                    + portPath + ". On Linux, serial ports belong to the dialout group: run 'sudo usermod -aG dialout"
                    + " $USER', log out and in again, then try again.", cause);
            case LIBRARY_MISSING -> new ConsoleException(ConsoleException.Kind.PORT_UNUSABLE, e.getMessage(), cause);
            case LOST, SETTINGS_REJECTED -> portPath.startsWith("/")
                    ? new ConsoleException(ConsoleException.Kind.PORT_UNUSABLE, "The port " + portPath + " could not"
                    + " be opened. Unplug the console cable, plug it in again, then try again.", cause)
                    : new ConsoleException(ConsoleException.Kind.NO_SUCH_PORT, "There is no port " + portPath
                    + " on this laptop, or it could not be opened. Check that the console cable is plugged in, then"
                    + " give one of this laptop's serial ports. " + ConsolePorts.describeLaptopPorts(), cause);
        };
    }

    /**
     * Wakes a console on a line that is already open, such as a test double's; {@link #open} is this with a
     * jSerialComm port.
     */
    static GatewayConsole over(SerialLine line, String portPath, OptionalInt baud, ConsoleTranscript transcript)
            throws ConsoleException {
        ConsoleTerminal terminal = new ConsoleTerminal(line, portPath, transcript);
        List<Integer> speeds = new ArrayList<>();
        if (baud.isPresent()) {
            speeds.add(baud.getAsInt());
        } else {
            speeds.add(FIRST_BAUD);
            speeds.addAll(OTHER_BAUDS);
        }
        List<Integer> tried = new ArrayList<>();
        ConsoleState firstState = null;
        int firstGarbled = -1;
        try {
            for (int speed : speeds) {
                tried.add(speed);
                ConsoleState state = wake(terminal, speed);
                log.info("The console on {} at {} baud shows: {}.", portPath, speed, state);
                if (state != ConsoleState.GARBLED && state != ConsoleState.SILENT) {
                    return new GatewayConsole(terminal, portPath, speed, state, tried);
                }
                if (firstState == null) {
                    firstState = state;
                }
                if (state == ConsoleState.GARBLED && firstGarbled < 0) {
                    firstGarbled = speed;
                }
                if (tried.size() < speeds.size()) {
                    log.warn("The console on {} is {} at {} baud; trying the next speed.", portPath, state, speed);
                }
            }
        } catch (ConsoleException | RuntimeException e) {
            terminal.close();
            throw e;
        }
        ConsoleState result = firstGarbled >= 0 ? ConsoleState.GARBLED : firstState;
        int keptBaud = firstGarbled >= 0 ? firstGarbled : speeds.get(0);
        return new GatewayConsole(terminal, portPath, keptBaud, result, tried);
    }

    private static ConsoleState wake(ConsoleTerminal terminal, int speed) throws ConsoleException {
        terminal.configure(LineSettings.of(speed));
        ConsoleTerminal.Received passive = terminal.read(PASSIVE_LISTEN, text -> false);
        if (passive.state() == ConsoleState.BOOTLOADER) {
            return ConsoleState.BOOTLOADER;
        }
        ConsoleState state = ConsoleState.SILENT;
        for (int attempt = 0; attempt < 2 && (state == ConsoleState.SILENT || state == ConsoleState.UNRECOGNISED);
                attempt++) {
            terminal.type("\r", "⏎");
            state = terminal.read(WAKE_WINDOW, ConsoleTerminal::endsAtPrompt).state();
        }
        return state;
    }

    /** Returns what the console showed when it was opened. */
    public ConsoleState state() {
        return state;
    }

    /** Returns the line speed in use, in baud. */
    public int baud() {
        return baud;
    }

    /**
     * Logs in with the gateway's own login program. A password prompt left behind is first cleared with an empty
     * password, and a shell someone left open is first logged out, so the session is always the named user's.
     *
     * @param password the user's password; read, never kept, and never typed into the transcript unmasked
     * @throws ConsoleException {@link ConsoleException.Kind#WRONG_CREDENTIALS} on "Login incorrect", and the
     *                          kinds for a silent, garbled, bootloader or unrecognised console
     */
    public void logIn(String user, char[] password) throws ConsoleException {
        requireUsable();
        checkUserName(user);
        terminal.addSecret(password);
        reachLoginPrompt();

        log.info("Logging in on the console {} as {}.", portPath, user);
        terminal.type(user + "\r", user + "⏎");
        String reply = terminal.read(PROMPT_WINDOW, text -> ConsoleScreen.showsPasswordPrompt(text)
                || ConsoleScreen.showsShellPrompt(text)).text();
        if (!ConsoleScreen.showsPasswordPrompt(reply)) {
            throw new ConsoleException(ConsoleException.Kind.COMMAND_FAILED, "The gateway did not ask for a"
                    + " password after the user name. Check the console in the transcript, then try again.");
        }
        passwordTyped = true;
        terminal.typeSecret(password);
        String result = terminal.read(LOGIN_WINDOW, QUIET_AFTER_LOGIN, text -> ConsoleScreen.showsShellPrompt(text)
                || ConsoleScreen.showsLoginPrompt(text) || text.contains("Login incorrect")).text();
        if (result.contains("Login incorrect") || ConsoleScreen.showsLoginPrompt(result)) {
            log.info("The gateway rejected the login of {} on {}.", user, portPath);
            if (!ConsoleScreen.showsLoginPrompt(result)) {
                // login prints its next prompt after "Login incorrect". A carriage return typed before that prompt
                // would start a login attempt with an empty user name, which PAM counts as a failure.
                terminal.read(LOGIN_WINDOW, ConsoleScreen::showsLoginPrompt);
            }
            throw new ConsoleException(ConsoleException.Kind.WRONG_CREDENTIALS, "The gateway replied \"Login"
                    + " incorrect\" for the user " + user + ", so nothing was changed on it. Check the user name"
                    + " and password with the site's contact, then try again.");
        }
        ConsoleTerminal.CommandResult id;
        try {
            if (!ConsoleScreen.showsShellPrompt(result)) {
                log.warn("No shell prompt was recognised on {} after the login; checking for a shell with a command.",
                        portPath);
            }
            id = terminal.run("id -u", PROMPT_WINDOW);
        } catch (ConsoleException e) {
            if (e.kind() == ConsoleException.Kind.STOPPED || e.kind() == ConsoleException.Kind.PORT_LOST) {
                throw e;
            }
            throw new ConsoleException(ConsoleException.Kind.COMMAND_FAILED, "The gateway did not start a shell"
                    + " that runs commands after the login. Look at the transcript for a message from the gateway,"
                    + " then try again.", e);
        }
        this.user = user;
        this.root = id.output().strip().equals("0");
        log.info("Logged in on the console {} as {}.", portPath, user);
    }

    /**
     * Checks a user name before anything is typed: it must not be empty, contain spaces or control characters such
     * as a line break, or start with a dash, which {@code login} would read as an option.
     *
     * @throws ConsoleException {@link ConsoleException.Kind#INVALID_USER} with the expected form
     */
    public static void checkUserName(String user) throws ConsoleException {
        String printable = user == null ? "" : user.replaceAll("\\p{Cntrl}", "?");
        if (user == null || user.isEmpty() || user.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new ConsoleException(ConsoleException.Kind.INVALID_USER, "The user name '" + printable + "' is"
                    + " empty or contains spaces or control characters. Give the gateway user's name, such as tech.");
        }
        if (user.startsWith("-")) {
            throw new ConsoleException(ConsoleException.Kind.INVALID_USER, "The user name '" + printable + "' starts"
                    + " with a dash, which the gateway's login would read as an option. Give the gateway user's"
                    + " name, such as tech.");
        }
    }

    private void requireUsable() throws ConsoleException {
        String tried = baudsTried.stream().map(String::valueOf).collect(Collectors.joining(", "));
        switch (state) {
            case SILENT -> throw new ConsoleException(ConsoleException.Kind.SILENT, "Nothing came back on " + portPath
                    + " at " + tried + " baud. Check that the cable is in the gateway's console port, press the"
                    + " gateway's console button or switch it on, or try another port.");
            case GARBLED -> throw new ConsoleException(ConsoleException.Kind.GARBLED, "Only unreadable characters"
                    + " came back on " + portPath + " at " + tried + " baud, so the line speed is wrong. Find the"
                    + " console speed on the gateway's label or manual and give it with --baud, such as --baud"
                    + " 115200.");
            case BOOTLOADER -> throw new ConsoleException(ConsoleException.Kind.BOOTLOADER, "The gateway is at its"
                    + " bootloader and has not started Linux. Let it boot, or type 'boot' at its prompt in a"
                    + " terminal program, then try again; Outpost does not drive bootloaders.");
            case UNRECOGNISED -> throw new ConsoleException(ConsoleException.Kind.UNRECOGNISED, "The console on "
                    + portPath + " shows text but no login or shell prompt. Wait until the gateway has finished"
                    + " starting, then try again.");
            default -> {
            }
        }
    }

    private void reachLoginPrompt() throws ConsoleException {
        String screen = terminal.lastText();
        if (ConsoleScreen.showsShellPrompt(screen)) {
            log.info("A shell was already open on the console {}; logging it out first.", portPath);
            terminal.type("exit\r", "exit⏎");
            screen = terminal.read(PROMPT_WINDOW, ConsoleScreen::showsLoginPrompt).text();
        } else if (ConsoleScreen.showsPasswordPrompt(screen)) {
            // Someone typed a user name and left; an empty password takes the console back to the login prompt.
            terminal.type("\r", "⏎");
            screen = terminal.read(LOGIN_WINDOW, ConsoleScreen::showsLoginPrompt).text();
        }
        if (!ConsoleScreen.showsLoginPrompt(screen)) {
            screen = terminal.read(WAKE_WINDOW, ConsoleScreen::showsLoginPrompt).text();
        }
        if (!ConsoleScreen.showsLoginPrompt(screen)) {
            terminal.type("\r", "⏎");
            screen = terminal.read(PROMPT_WINDOW, ConsoleScreen::showsLoginPrompt).text();
        }
        if (!ConsoleScreen.showsLoginPrompt(screen)) {
            throw new ConsoleException(ConsoleException.Kind.UNRECOGNISED, "The console on " + portPath + " did not"
                    + " show a login prompt. Look at the transcript, wait until the gateway has started, then try"
                    + " again.");
        }
    }

    /**
     * Reads the host name, interfaces, addresses and default route with {@code hostname}, {@code ip -o link},
     * {@code ip -o addr} and {@code ip route}.
     *
     * @throws ConsoleException {@link ConsoleException.Kind#NOT_LOGGED_IN} before {@link #logIn}, and
     *                          {@link ConsoleException.Kind#COMMAND_FAILED} when a command fails or times out
     */
    public GatewayNetwork readNetwork() throws ConsoleException {
        requireLoggedIn();
        String hostName = checked("hostname");
        String links = checked("ip -o link");
        String addresses = checked("ip -o addr");
        String routes = checked("ip route");
        GatewayNetwork network = GatewayNetwork.parse(hostName, links, addresses, routes);
        log.info("Read the network of {} on the console: {} interfaces.", network.hostName(),
                network.interfaces().size());
        return network;
    }

    private String checked(String command) throws ConsoleException {
        ConsoleTerminal.CommandResult result = terminal.run(command, PROMPT_WINDOW);
        if (result.exitCode() != 0) {
            throw new ConsoleException(ConsoleException.Kind.COMMAND_FAILED, "The command '" + command + "' failed"
                    + " on the gateway with exit status " + result.exitCode() + ". Check that iproute2 is"
                    + " installed on the gateway, then try again.");
        }
        return result.output();
    }

    /**
     * Adds an address to an interface with {@code ip addr add CIDR dev IF}, through {@code sudo -S} unless the user
     * is root. The address is temporary: nothing is written to a configuration file, so it is gone when the
     * gateway restarts. The caller asks the person first. Adding an address that the interface already has with
     * the same prefix length changes nothing.
     *
     * @param cidr          the address with its prefix length, such as {@code 192.168.250.1/24}
     * @param interfaceName the gateway's interface, such as {@code eth0}
     * @param sudoPassword  the user's password for sudo; ignored for root
     * @throws ConsoleException {@link ConsoleException.Kind#INVALID_ADDRESS},
     *                          {@link ConsoleException.Kind#UNKNOWN_INTERFACE} (the message lists the interfaces),
     *                          {@link ConsoleException.Kind#ADDRESS_IN_USE} (also when the interface has the
     *                          address with another prefix length),
     *                          {@link ConsoleException.Kind#SUDO_REFUSED} and
     *                          {@link ConsoleException.Kind#COMMAND_FAILED}
     */
    public void setTemporaryAddress(String cidr, String interfaceName, char[] sudoPassword) throws ConsoleException {
        TemporaryAddress address = TemporaryAddress.parse(cidr);
        requireLoggedIn();
        GatewayNetwork before = readNetwork();
        String names = before.interfaces().stream().map(GatewayNetwork.NetworkInterface::name)
                .collect(Collectors.joining(", "));
        if (!TemporaryAddress.isPlausibleInterfaceName(interfaceName) || before.find(interfaceName).isEmpty()) {
            throw new ConsoleException(ConsoleException.Kind.UNKNOWN_INTERFACE, "The gateway has no interface '"
                    + interfaceName + "'. Its interfaces are " + names + "; pick the one the laptop's cable is"
                    + " plugged into.");
        }
        var holder = before.holderOf(address.address());
        if (holder.isPresent() && !holder.get().name().equals(interfaceName)) {
            throw new ConsoleException(ConsoleException.Kind.ADDRESS_IN_USE, "The address " + address.address()
                    + " is already on the gateway's interface " + holder.get().name() + ", so nothing was changed."
                    + " Pick another address, or use " + holder.get().name() + ".");
        }
        if (holder.isPresent()) {
            GatewayNetwork.Address existing = holder.get().addresses().stream()
                    .filter(a -> a.address().equalsIgnoreCase(address.address())).findFirst().orElseThrow();
            if (existing.prefix() != address.prefix()) {
                throw new ConsoleException(ConsoleException.Kind.ADDRESS_IN_USE, "The gateway's " + interfaceName
                        + " already has " + existing + ", so nothing was changed. Use " + existing + " instead of "
                        + address + ", or remove " + existing + " from the gateway first.");
            }
            log.info("{} already has {}; nothing to change.", interfaceName, address);
            return;
        }

        String command = "ip addr add " + address + " dev " + interfaceName;
        log.info("Adding the temporary address {} to {} on the gateway.", address, interfaceName);
        if (root) {
            ConsoleTerminal.CommandResult result = terminal.run(command, PROMPT_WINDOW);
            if (result.exitCode() != 0) {
                throw commandFailed(command, result);
            }
        } else {
            runWithSudo(command, sudoPassword);
        }

        GatewayNetwork after = readNetwork();
        boolean present = after.find(interfaceName).map(found -> found.addresses().stream()
                .anyMatch(a -> a.address().equalsIgnoreCase(address.address()) && a.prefix() == address.prefix()))
                .orElse(false);
        if (!present) {
            throw new ConsoleException(ConsoleException.Kind.COMMAND_FAILED, "The gateway accepted '" + command
                    + "', but " + interfaceName + " does not show " + address + " afterwards. Look at the"
                    + " transcript, then try again.");
        }
        log.info("The gateway's {} now has the temporary address {}.", interfaceName, address);
    }

    private void runWithSudo(String command, char[] sudoPassword) throws ConsoleException {
        terminal.addSecret(sudoPassword);
        // A user who needs no password, or whose sudo timestamp is still valid, must not get a password line,
        // because the shell would then read it as a command.
        if (terminal.run("sudo -n true 2>/dev/null", PROMPT_WINDOW).exitCode() == 0) {
            ConsoleTerminal.CommandResult result = terminal.run("sudo -n " + command, PROMPT_WINDOW);
            if (result.exitCode() != 0) {
                throw commandFailed(command, result);
            }
            return;
        }
        // NOTE: if sudo ends without reading the password, as when the sudoers rules change between the two lines,
        // the shell reads the password line as a command. Echo is off then, and the transcript masks it, but it
        // may reach the user's shell history on the gateway.
        ConsoleTerminal.CommandResult result = terminal.runFeedingSecret("sudo -S -k -p '' " + command,
                sudoPassword, PROMPT_WINDOW);
        String output = result.output();
        if (output.contains("Sorry, try again") || output.contains("incorrect password")
                || output.contains("not in the sudoers") || output.contains("may not run sudo")
                || output.contains("is not allowed to")) {
            throw new ConsoleException(ConsoleException.Kind.SUDO_REFUSED, "sudo on the gateway rejected the user "
                    + user + ", so nothing was changed. Check the password, or log in as a user who may use sudo"
                    + " (such as one in the sudo group), then try again.");
        }
        if (result.exitCode() != 0) {
            throw commandFailed(command, result);
        }
    }

    private static ConsoleException commandFailed(String command, ConsoleTerminal.CommandResult result) {
        String firstLine = result.output().strip().lines().findFirst().orElse("no message");
        return new ConsoleException(ConsoleException.Kind.COMMAND_FAILED, "The gateway could not run '" + command
                + "' (exit status " + result.exitCode() + ": " + firstLine + "). Nothing was changed; check the"
                + " address and interface, then try again.");
    }

    private void requireLoggedIn() throws ConsoleException {
        if (user == null) {
            throw new ConsoleException(ConsoleException.Kind.NOT_LOGGED_IN, "Outpost is not logged in on the"
                    + " console " + portPath + ". Log in first.");
        }
    }

    /** Returns the user logged in, or {@code null} before {@link #logIn} succeeds. */
    public String user() {
        return user;
    }

    /**
     * Makes the call that is blocked on the console, and every later call except {@link #close()}, fail with
     * {@link ConsoleException.Kind#STOPPED} within about 0.1 s, so that the caller can log out and close. Unlike
     * {@link #close()}, it leaves the port open. May be called from any thread, such as a shutdown hook.
     */
    public void stop() {
        terminal.stop();
    }

    /**
     * Logs out if logged in, then closes the port. Failures while logging out are logged at WARN and not thrown, and
     * a second call only closes the already closed port again. A {@link #stop()} before or during this call does not
     * cut the logout short.
     */
    @Override
    public void close() {
        terminal.finishing();
        if (user != null || passwordTyped && showsShellAfterCutLogin()) {
            try {
                terminal.type("exit\r", "exit⏎");
                String screen = terminal.read(LOGOUT_WINDOW, ConsoleScreen::showsLoginPrompt).text();
                // bash and other login shells print "logout" as they end, before getty shows its prompt again.
                loggedOut = ConsoleScreen.showsLoginPrompt(screen) || LOGOUT_LINE.matcher(screen).find();
                if (loggedOut) {
                    log.info("Logged out of the console {}.", portPath);
                } else {
                    log.warn("The console {} showed neither 'logout' nor a login prompt after 'exit'.", portPath);
                }
            } catch (ConsoleException | RuntimeException e) {
                log.warn("Logging out of the console {} failed; closing the port anyway.", portPath, e);
            }
            user = null;
        }
        terminal.close();
    }

    /**
     * Returns whether a login cut short after the password, as by {@link #stop()}, left a shell open. Waits up to
     * {@link #PROMPT_WINDOW} for a prompt when the screen shows none yet.
     */
    private boolean showsShellAfterCutLogin() {
        String screen = terminal.lastText();
        try {
            if (!ConsoleTerminal.endsAtPrompt(screen) && !screen.contains("Login incorrect")) {
                screen = terminal.read(PROMPT_WINDOW, QUIET_AFTER_LOGIN, ConsoleTerminal::endsAtPrompt).text();
            }
        } catch (ConsoleException e) {
            log.warn("Reading the console {} after a cut login failed.", portPath, e);
            return false;
        }
        return ConsoleScreen.showsShellPrompt(screen);
    }

    /** Returns whether {@link #close()} saw the shell print "logout" or the login prompt again after "exit". */
    public boolean loggedOut() {
        return loggedOut;
    }

    /**
     * Registers a shutdown hook that may still use a console, such as one that logs out after Ctrl-C. jSerialComm
     * closes its ports in its own shutdown hook, which runs the hooks registered with it first and waits for each,
     * whereas hooks registered with {@link Runtime#addShutdownHook} run alongside it and find the port closed. The
     * hook cannot be removed, so it should return at once when there is nothing left to do.
     */
    public static void addShutdownHook(Thread hook) {
        try {
            SerialPort.addShutdownHook(hook);
        } catch (LinkageError e) {
            // Without its native library jSerialComm opens no port, so a plain hook finds nothing to close early.
            log.warn("jSerialComm could not be loaded; registering the shutdown hook with the JVM.", e);
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Wipes a password array the caller no longer needs. */
    public static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
