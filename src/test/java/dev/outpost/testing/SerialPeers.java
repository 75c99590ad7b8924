package dev.outpost.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real serial peers on pseudo-terminal pairs made by {@code socat}: the receiver logs replayed with gpsfake's log
 * reader, a pymodbus Modbus RTU server, and the small peers of {@code serial_peer.py}. Each method returns the
 * path the code under test opens; the peer sits on the other end. Needs socat, python3-gps (from gpsd-clients)
 * and python3-pymodbus from Debian, run by Debian's {@code /usr/bin/python3}.
 */
public final class SerialPeers implements AutoCloseable {

    public static final String PYTHON = "/usr/bin/python3";
    private static final long START_SECONDS = 15;

    private final Path folder;
    private final List<Process> processes = new ArrayList<>();
    private final Map<Path, Process> pairs = new HashMap<>();

    /** @param folder an empty folder for the links and the peers' scripts */
    public SerialPeers(Path folder) throws IOException {
        this.folder = folder;
        for (String resource : List.of("nmea_replay.py", "modbus_server.py", "serial_peer.py", "console_peer.py", "garmin48.log",
                "beidou-gb.log", "bu353s4-excerpt.log")) {
            try (InputStream in = SerialPeers.class.getResourceAsStream("/serial/" + resource)) {
                Files.copy(in, folder.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Returns whether socat, Debian's Python and its gps and pymodbus modules are all installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/socat")) && Files.isExecutable(Path.of(PYTHON))
                && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/gps"))
                && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/pymodbus"));
    }

    /** A GNSS receiver replaying one of the logs: {@code garmin48.log}, {@code beidou-gb.log} or the BU-353. */
    public Path gps(String name, String log) throws IOException {
        Path[] ends = pair(name);
        start(PYTHON, folder.resolve("nmea_replay.py").toString(), folder.resolve(log).toString(),
                ends[1].toString());
        return ends[0];
    }

    /** A Modbus RTU server at {@code unit} that reports the three basic identification objects. */
    public Path modbus(String name, int unit, String vendor, String product, String revision) throws IOException {
        Path[] ends = pair(name);
        start(PYTHON, folder.resolve("modbus_server.py").toString(), ends[1].toString(), Integer.toString(unit),
                vendor, product, revision);
        return ends[0];
    }

    /** An SCPI instrument that answers {@code *IDN?} with {@code idn}. */
    public Path scpi(String name, String idn) throws IOException {
        Path[] ends = pair(name);
        start(PYTHON, folder.resolve("serial_peer.py").toString(), "scpi", ends[1].toString(), idn);
        return ends[0];
    }

    /** One of the small peers: {@code echo}, {@code random}, {@code silent}, {@code truncated}, {@code bad-checksum}. */
    public Path peer(String name, String mode) throws IOException {
        Path[] ends = pair(name);
        start(PYTHON, folder.resolve("serial_peer.py").toString(), mode, ends[1].toString());
        return ends[0];
    }

    /** Returns whether socat and Debian's Python are installed, which is all the console peer needs. */
    public static boolean consoleAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/socat")) && Files.isExecutable(Path.of(PYTHON));
    }

    /**
     * Starts a test double of a gateway's console from {@code console_peer.py}: {@code login}, {@code login-echo}, {@code odd-prompt},
     * {@code shell}, {@code uboot}, {@code uboot-prompt}, {@code grub}, {@code garbage} or {@code silent}. Every
     * byte it receives is appended to {@code received}.
     *
     * @param password the password its login accepts, for the login modes
     */
    public Path console(String name, String mode, String password, Path received) throws IOException {
        Path[] ends = pair(name);
        ProcessBuilder builder = new ProcessBuilder(PYTHON, folder.resolve("console_peer.py").toString(), mode,
                ends[1].toString(), password);
        builder.environment().put("CONSOLE_PEER_LOG", received.toString());
        start(builder);
        return ends[0];
    }

    /** A pseudo-terminal pair with nothing on the other end; returns both ends, the port first. */
    public Path[] pair(String name) throws IOException {
        Path port = folder.resolve(name);
        Path peer = folder.resolve(name + ".peer");
        Process socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + port,
                "pty,raw,echo=0,link=" + peer).redirectErrorStream(true)
                .redirectOutput(folder.resolve(name + ".socat.log").toFile()).start();
        processes.add(socat);
        pairs.put(port, socat);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!(Files.exists(port) && Files.exists(peer))) {
            if (System.nanoTime() > deadline || !socat.isAlive()) {
                throw new IOException("socat did not make the pseudo-terminal pair " + port + ".");
            }
            sleep(10);
        }
        return new Path[] {port, peer};
    }

    /** Ends the socat of a port, so the port disappears as an unplugged adapter does. */
    public void unplug(Path port) {
        Process socat = pairs.get(port);
        socat.destroy();
        try {
            socat.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(String... argv) throws IOException {
        start(new ProcessBuilder(argv));
    }

    private void start(ProcessBuilder builder) throws IOException {
        List<String> argv = builder.command();
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            throw new IOException("The serial peer " + String.join(" ", argv) + " did not start: " + line);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends every peer and socat this object started, each by its own process handle. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
