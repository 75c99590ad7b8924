package dev.outpost.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A serial console for a rig gateway, as a laptop reaches it through a USB console cable: a pseudo-terminal pair on the
 * host made by {@code socat}, whose far end is put into the gateway with {@link RigGateway#attachSerialPort} as
 * {@code /dev/ttyOP0}, where the gateway's own {@code agetty} and {@code login} answer on it. The login is therefore
 * the gateway's: PAM, {@code /etc/shadow} and the rig's users with the passwords in {@link RigGateway}.
 *
 * <p>Inside the gateway two transient systemd units run: {@value #GETTY_UNIT}, which restarts agetty after every
 * logout, and {@value #HOLDER_UNIT}, which keeps the terminal open for writing. Without the holder, the last close
 * of the terminal at a logout makes the relay's socat read EIO and exit, and the port would vanish.
 */
public final class RigConsole implements AutoCloseable {

    /** The console's name inside the gateway, under {@code /dev}. */
    public static final String GUEST_TTY = "ttyOP0";
    static final String GETTY_UNIT = "outpost-console-getty";
    static final String HOLDER_UNIT = "outpost-console-holder";

    private final RigGateway gateway;
    private final Path port;
    private final Process pair;
    private final Process relay;
    private final List<Path> made;

    private RigConsole(RigGateway gateway, Path port, Process pair, Process relay, List<Path> made) {
        this.gateway = gateway;
        this.port = port;
        this.made = made;
        this.pair = pair;
        this.relay = relay;
    }

    /**
     * Wires a console into the gateway and starts agetty on it at 115200 baud, which a pseudo-terminal ignores.
     * Returns once the gateway's login prompt can be had.
     *
     * @param folder a folder on the host for the pseudo-terminal links and socat's log
     */
    public static RigConsole attach(RigGateway gateway, Path folder) throws IOException {
        Path port = folder.resolve("console");
        Path far = folder.resolve("console.gateway");
        Path socatLog = folder.resolve("console.socat.log");
        List<Path> made = List.of(port, far, socatLog);
        Process pair = new ProcessBuilder(Tools.path("socat"), "pty,raw,echo=0,link=" + port,
                "pty,raw,echo=0,link=" + far).redirectErrorStream(true)
                .redirectOutput(socatLog.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!(Files.exists(port) && Files.exists(far))) {
            if (System.nanoTime() > deadline || !pair.isAlive()) {
                pair.destroy();
                deleteQuietly(made);
                throw new GatewayRigException("socat did not make the console's pseudo-terminal pair in " + folder
                        + ".");
            }
            pause();
        }
        Process relay;
        try {
            relay = gateway.attachSerialPort(far, "/dev/" + GUEST_TTY);
        } catch (IOException | RuntimeException e) {
            pair.destroy();
            deleteQuietly(made);
            throw e;
        }
        RigConsole console = new RigConsole(gateway, port, pair, relay, made);
        try {
            console.startUnits();
        } catch (RuntimeException e) {
            console.close();
            throw e;
        }
        return console;
    }

    private void startUnits() {
        // The holder's redirection happens in a background child, which is not the session leader systemd made,
        // so the terminal does not become its controlling terminal and agetty can still take it.
        // A console attached before leaves its units loaded when one failed, and --collect drops them on exit.
        gateway.exec("systemctl reset-failed " + GETTY_UNIT + " " + HOLDER_UNIT + " 2>/dev/null");
        run("systemd-run --collect --unit=" + HOLDER_UNIT + " /bin/sh -c 'sleep infinity > /dev/" + GUEST_TTY
                + " & wait'");
        // agetty 2.38 does no vhangup unless asked (-R), so the relay survives each new login.
        run("systemd-run --collect --unit=" + GETTY_UNIT + " -p Restart=always -p RestartSec=0"
                + " -p StartLimitIntervalSec=0 /sbin/agetty -L 115200 " + GUEST_TTY + " vt100");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (gateway.exec("systemctl is-active --quiet " + GETTY_UNIT).exitCode() != 0) {
            if (System.nanoTime() > deadline) {
                throw new GatewayRigException("agetty did not start on the gateway's console " + GUEST_TTY + ": "
                        + gateway.exec("systemctl status --no-pager " + GETTY_UNIT).stdout());
            }
            pause();
        }
    }

    private void run(String command) {
        ExecResult result = gateway.exec(command);
        if (result.exitCode() != 0) {
            throw new GatewayRigException("The gateway could not run '" + command + "': " + result.stderr());
        }
    }

    /** Returns the host's end of the console, which Outpost opens as the laptop's port. */
    public Path port() {
        return port;
    }

    /** Returns whether the relay into the gateway still runs. */
    public boolean relayAlive() {
        return relay.isAlive();
    }

    /**
     * Stops agetty and the holder in the gateway, ends the relay and the pair, each by its own handle, then deletes
     * the links and the log it made in the folder.
     */
    @Override
    public void close() {
        try {
            gateway.exec("systemctl stop " + GETTY_UNIT + " " + HOLDER_UNIT + "; systemctl reset-failed "
                    + GETTY_UNIT + " " + HOLDER_UNIT + " 2>/dev/null");
        } finally {
            for (Process process : new Process[] {relay, pair}) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            deleteQuietly(made);
        }
    }

    /** Returns the files this console made in its folder, which {@link #close()} deletes. */
    public List<Path> files() {
        return made;
    }

    private static void deleteQuietly(List<Path> paths) {
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // A file left behind in a test's temporary folder does no harm beyond the clutter.
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
