package dev.outpost.rig;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booted system of one gateway: an overlay over the base root file system, and systemd-nspawn running it in
 * the slot's network namespace.
 */
final class RigContainer {

    static final String GUEST_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Logger LOG = LoggerFactory.getLogger(RigContainer.class);
    private static final Pattern RUN_FOLDER = Pattern.compile("gw-(\\d+)-.*");
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final RigSlot slot;
    private final Path runFolder;
    private final Path merged;
    private final Path log;
    private Process nspawn;
    private long leaderPid;

    private RigContainer(RigSlot slot, Path runFolder, Path log) {
        this.slot = slot;
        this.runFolder = runFolder;
        this.merged = runFolder.resolve("merged");
        this.log = log;
    }

    /** Mounts a fresh overlay and boots it. Returns once systemd has finished booting and sshd sends its banner. */
    static RigContainer boot(RigSlot slot, BaseImage base, int diskMegabytes, String label) {
        RigContainer container = create(slot, label);
        try {
            container.mountOverlay(base.rootfs());
            if (diskMegabytes > 0) {
                container.mountDisk(diskMegabytes);
            }
            container.startNspawn();
            container.awaitBoot(RigConfig.bootTimeout(), true);
            return container;
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private static RigContainer create(RigSlot slot, String label) {
        try {
            Path runRoot = Files.createDirectories(runRoot());
            Path folder = Files.createTempDirectory(runRoot, "gw-" + slot.number() + "-");
            slot.put("runDir", folder.toString());
            Path logDir = Files.createDirectories(RigConfig.logDirectory());
            String name = label + "-" + slot.namespace() + "-" + LocalDateTime.now().format(STAMP) + ".log";
            return new RigContainer(slot, folder, logDir.resolve(name));
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not create the folders for gateway " + slot.number() + ".",
                    e);
        }
    }

    Path merged() {
        return merged;
    }

    Path log() {
        return log;
    }

    long leaderPid() {
        return leaderPid;
    }

    private void mountOverlay(Path lower) throws GatewayRigException {
        Path upper = runFolder.resolve("upper");
        Path work = runFolder.resolve("work");
        for (Path path : List.of(lower, upper, work, merged)) {
            if (path.toString().matches(".*[,:\\s].*")) {
                throw new GatewayRigException("The overlay path " + path + " has a comma, colon or space in it.");
            }
        }
        try {
            Files.createDirectories(upper);
            Files.createDirectories(work);
            Files.createDirectories(merged);
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not create the overlay folders in " + runFolder + ".", e);
        }
        HostCommand.require(PROBE_TIMEOUT, Tools.path("mount"), "-t", "overlay", "outpost-rig", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
    }

    /**
     * Mounts a size-limited tmpfs at {@code /var/lib/rancher} in the overlay, from the host. Unlike a tmpfs from
     * systemd-nspawn's {@code --tmpfs}, it keeps its files across {@link #powerOff()} and {@link #powerOn}, as a
     * disk would, and the host can read them under {@link #merged()}. systemd-nspawn bind-mounts the root directory
     * recursively, so the container sees this mount too.
     */
    private void mountDisk(int megabytes) {
        Path mountPoint = merged.resolve("var/lib/rancher");
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not create " + mountPoint + ".", e);
        }
        HostCommand.require(PROBE_TIMEOUT, Tools.path("mount"), "-t", "tmpfs", "-o",
                "mode=0755,size=" + megabytes + "m", "outpost-rig-disk", mountPoint.toString());
    }

    /**
     * Starts systemd-nspawn in a session of its own, so a Ctrl+C on the terminal reaches only the JVM, whose
     * shutdown hook then stops the gateway. {@code --console=read-only} writes the console to the log as it
     * comes; with {@code passive} and standard input at /dev/null, it appeared only at shutdown.
     * {@code --capability=CAP_NET_ADMIN} lets root and sudo inside the gateway change its addresses and routes, as
     * on a real gateway; systemd-nspawn drops that capability by default. It acts on the gateway's own network
     * namespace only.
     */
    private void startNspawn() {
        List<String> argv = List.of(Tools.path("setsid"), Tools.path("systemd-nspawn"), "--boot",
                "--register=no", "--keep-unit", "--network-namespace-path=/run/netns/" + slot.namespace(),
                "--directory=" + merged, "--console=read-only", "--machine=" + slot.namespace(),
                "--hostname=" + RigGateway.HOSTNAME, "--link-journal=no", "--resolv-conf=off", "--timezone=off",
                "--capability=CAP_NET_ADMIN");
        leaderPid = 0;
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().put("TERM", "dumb");
        builder.environment().put("SYSTEMD_COLORS", "0");
        nspawn = HostCommand.start(builder, String.join(" ", argv));
        slot.put("nspawnPid", Long.toString(nspawn.pid()));
        LOG.info("The rig started systemd-nspawn (pid {}) for gateway {}; its log is {}.", nspawn.pid(),
                slot.namespace(), log);
    }

    private void awaitBoot(Duration timeout, boolean withSsh) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = awaitSystemd(deadline);
        if ("degraded".equals(state)) {
            LOG.warn("Gateway {} booted degraded; its failed units:\n{}", slot.namespace(),
                    exec("systemctl --failed --no-legend --plain", PROBE_TIMEOUT).stdout().strip());
        }
        if (withSsh) {
            awaitSsh(deadline, "boot");
        }
    }

    /**
     * Cuts the container's power: kills its init at once with SIGKILL, which ends every process in it without a
     * shutdown, and waits for systemd-nspawn to exit. The overlay, its files and the network namespace stay.
     */
    void powerOff() {
        if (nspawn == null || !nspawn.isAlive()) {
            leaderPid = 0;
            return;
        }
        long pid = leaderPid;
        leaderPid = 0;
        if (pid == 0) {
            LOG.warn("Gateway {} has no init yet, so the rig stops systemd-nspawn instead.", slot.namespace());
            terminate();
        } else {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            if (!waitFor(nspawn.toHandle(), KILL_GRACE)) {
                LOG.warn("systemd-nspawn for gateway {} is still running after its init was killed, so the rig"
                        + " kills it.", slot.namespace());
                HostCommand.killTree(nspawn.toHandle());
                waitFor(nspawn.toHandle(), KILL_GRACE);
            }
        }
        if (nspawn.isAlive()) {
            throw new GatewayRigException("systemd-nspawn (pid " + nspawn.pid() + ") for gateway "
                    + slot.namespace() + " did not exit after its container was killed.");
        }
        appendToLog("--- The rig cut the power of gateway " + slot.namespace() + " here. ---");
    }

    /**
     * Boots the same root file system again after {@link #powerOff()}. Returns once systemd has finished booting
     * and, if {@code withSsh}, once sshd sends its banner to the host.
     */
    void powerOn(boolean withSsh) {
        if (nspawn != null && nspawn.isAlive()) {
            throw new IllegalStateException("Gateway " + slot.namespace() + " is still running.");
        }
        startNspawn();
        awaitBoot(RigConfig.bootTimeout(), withSsh);
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(log, "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.debug("The rig could not write to {}.", log, e);
        }
    }

    private String awaitSystemd(long deadline) {
        String state = "(not checked yet)";
        while (System.nanoTime() < deadline) {
            requireAlive();
            if (leaderPid == 0) {
                leaderPid = findLeader().orElse(0L);
            }
            if (leaderPid != 0) {
                state = exec("systemctl is-system-running", PROBE_TIMEOUT).stdout().strip();
                if ("running".equals(state) || "degraded".equals(state)) {
                    return state;
                }
            }
            pause(200);
        }
        throw bootFailure("systemd did not finish booting within the limit of " + RigConfig.bootTimeout().toSeconds()
                + " s (system property outpost.rig.bootTimeoutSeconds), and its last state was `" + state + "`");
    }

    /** Waits until sshd on the gateway sends its banner to a connection from the host. */
    void awaitSsh(long deadline, String occasion) {
        String lastProblem = "(not tried)";
        while (System.nanoTime() < deadline) {
            requireAlive();
            Optional<String> problem = sshProblem();
            if (problem.isEmpty()) {
                return;
            }
            lastProblem = problem.get();
            pause(200);
        }
        throw bootFailure("sshd timed out after " + occasion + ", and the last attempt failed with " + lastProblem);
    }

    private Optional<String> sshProblem() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(slot.gatewayAddress(), RigGateway.SSH_PORT), 1000);
            socket.setSoTimeout(2000);
            String banner = readLine(socket.getInputStream());
            return banner.startsWith("SSH-") ? Optional.empty() : Optional.of("the banner was `" + banner + "`");
        } catch (IOException e) {
            return Optional.of(e.toString());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n' && line.length() < 256; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private void requireAlive() {
        if (!nspawn.isAlive()) {
            throw bootFailure("systemd-nspawn exited with status " + nspawn.exitValue());
        }
    }

    private GatewayRigException bootFailure(String problem) {
        return new GatewayRigException("Gateway " + slot.namespace() + " did not come up: " + problem
                + ". The end of the systemd-nspawn log " + log + ":\n" + RigFiles.tail(log, 40));
    }

    /** Finds the container's PID 1, which is the child of systemd-nspawn that has become systemd. */
    private Optional<Long> findLeader() {
        return nspawn.toHandle().children().map(ProcessHandle::pid)
                .filter(pid -> "systemd".equals(comm(pid))).findFirst();
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs a shell command as root inside the container, in all of its namespaces. */
    ExecResult exec(String shellCommand, Duration timeout) {
        if (leaderPid == 0) {
            throw new GatewayRigException("Gateway " + slot.namespace() + " has no running system, so it cannot run `"
                    + shellCommand + "`.");
        }
        List<String> argv = List.of(Tools.path("nsenter"), "--target", Long.toString(leaderPid), "--all",
                "--root", "--wd", "/usr/bin/env", "-i", GUEST_PATH, "HOME=/root", "LANG=C", "TERM=dumb",
                "/bin/sh", "-c", shellCommand);
        ExecResult result = HostCommand.run(timeout, argv, Map.of());
        return new ExecResult(shellCommand, result.exitCode(), result.stdout(), result.stderr());
    }

    /** Shuts the container down, unmounts the overlay and removes the run folder. Safe to call twice. */
    void stop() {
        if (nspawn != null && nspawn.isAlive()) {
            terminate();
        }
        removeRunFolder(runFolder);
    }

    /**
     * Stops systemd-nspawn: a first SIGTERM makes it shut the container down cleanly, a second one (after
     * {@code STOP_GRACE}) makes nspawn end it at once, and SIGKILL follows after {@code KILL_GRACE}. The second
     * signal matters for a container stopped early in its boot, whose systemd has not yet set up its handler.
     */
    private void terminate() {
        long started = System.nanoTime();
        nspawn.destroy();
        if (waitFor(nspawn.toHandle(), STOP_GRACE)) {
            LOG.info("Gateway {} shut down in {} ms.", slot.namespace(), (System.nanoTime() - started) / 1_000_000);
            return;
        }
        LOG.warn("Gateway {} did not shut down within {} s, so the rig asks systemd-nspawn to end it at once.",
                slot.namespace(), STOP_GRACE.toSeconds());
        nspawn.destroy();
        if (waitFor(nspawn.toHandle(), KILL_GRACE)) {
            return;
        }
        LOG.warn("systemd-nspawn for gateway {} is still running, so the rig kills it.", slot.namespace());
        if (leaderPid != 0) {
            ProcessHandle.of(leaderPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        HostCommand.killTree(nspawn.toHandle());
        waitFor(nspawn.toHandle(), KILL_GRACE);
    }

    private static boolean waitFor(ProcessHandle handle, Duration grace) {
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !handle.isAlive();
        }
    }

    static Path runRoot() {
        return RigConfig.cacheRoot().resolve("run");
    }

    /** Unmounts and deletes one gateway's run folder. */
    static void removeRunFolder(Path folder) {
        if (!folder.normalize().startsWith(runRoot()) || !Files.exists(folder)) {
            return;
        }
        try {
            RigFiles.unmountAtOrBelow(folder);
            RigFiles.deleteTree(folder);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The rig could not remove the gateway folder {}.", folder, e);
        }
    }

    /** Removes every run folder of a slot. Call it only for a slot that this JVM has just locked. */
    static void removeRunFolders(int number) {
        for (Path folder : runFolders()) {
            Matcher matcher = RUN_FOLDER.matcher(folder.getFileName().toString());
            if (matcher.matches() && Integer.parseInt(matcher.group(1)) == number) {
                removeRunFolder(folder);
            }
        }
    }

    static Set<Integer> slotsWithRunFolder() {
        Set<Integer> found = new TreeSet<>();
        for (Path folder : runFolders()) {
            Matcher matcher = RUN_FOLDER.matcher(folder.getFileName().toString());
            if (matcher.matches()) {
                found.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return found;
    }

    private static List<Path> runFolders() {
        List<Path> folders = new ArrayList<>();
        if (!Files.isDirectory(runRoot())) {
            return folders;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(runRoot(), "gw-*")) {
            stream.forEach(folders::add);
        } catch (IOException e) {
            LOG.warn("The rig could not list {}.", runRoot(), e);
        }
        return folders;
    }

    /**
     * Ends a systemd-nspawn that a dead run of the rig started for this slot. The pid comes from the slot's lock
     * file; the process is ended only if its command line shows it is that very container.
     */
    static void stopLeftover(String recordedPid, String namespace) {
        if (recordedPid == null) {
            return;
        }
        long pid = Long.parseLong(recordedPid);
        String cmdline = cmdline(pid);
        if (!cmdline.contains("systemd-nspawn") || !cmdline.contains("/run/netns/" + namespace + " ")) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(handle -> {
            LOG.warn("The rig ends systemd-nspawn (pid {}) that a dead run left for {}.", pid, namespace);
            List<ProcessHandle> container = handle.children().toList();
            handle.destroy();
            if (!waitFor(handle, STOP_GRACE)) {
                container.forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
                waitFor(handle, KILL_GRACE);
            }
        });
    }

    private static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayRigException("The rig was interrupted while it waited for a gateway.", e);
        }
    }
}
