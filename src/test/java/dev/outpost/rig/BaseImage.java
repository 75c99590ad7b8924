package dev.outpost.rig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached base root file system that every gateway overlays, and the client keys that it authorizes.
 *
 * <p>Built once per recipe into {@code <cache>/base-<hash>/}: debootstrap into a temporary folder, provisioning
 * in a chroot without network, then an atomic rename. A file lock keeps two JVMs from building it at once.
 */
final class BaseImage {

    static final String SUITE = "bookworm";
    /**
     * The packages debootstrap installs on top of the minbase variant. The K3s stand-in that tests install uses
     * socat to relay the API port and curl to register its node. avahi-daemon announces the SSH service over mDNS
     * for the discovery tests.
     */
    static final List<String> PACKAGES = List.of("systemd", "systemd-sysv", "dbus", "openssh-server", "iproute2",
            "sudo", "zstd", "iptables", "procps", "kmod", "busybox", "socat", "curl", "avahi-daemon");

    private static final Logger LOG = LoggerFactory.getLogger(BaseImage.class);
    private static final String PROVISION_RESOURCE = "/rig/provision.sh";
    private static final String RECIPE_VERSION = "2";
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration SHORT = Duration.ofMinutes(2);
    private static BaseImage cached;

    private final Path folder;

    private BaseImage(Path folder) {
        this.folder = folder;
    }

    /** Returns the root file system, which is the read-only lower layer of every gateway's overlay. */
    Path rootfs() {
        return folder.resolve("rootfs");
    }

    /** Returns the folder with the client key pairs, named by {@link KeyType#fileName(boolean)}. */
    Path keys() {
        return folder.resolve("keys");
    }

    /** Returns the base for the current recipe, building it first if no JVM has built it yet. */
    static synchronized BaseImage ensure() {
        if (cached == null) {
            cached = new BaseImage(ensureFolder());
        }
        return cached;
    }

    private static Path ensureFolder() {
        String key = recipeKey();
        Path cache = RigConfig.cacheRoot();
        Path folder = cache.resolve("base-" + key);
        if (Files.isDirectory(folder)) {
            return folder;
        }
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve("base-" + key + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockWaiting(channel);
                try {
                    if (!Files.isDirectory(folder)) {
                        build(cache, key, folder);
                    }
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not prepare its cache in " + cache + ".", e);
        }
        return folder;
    }

    private static FileLock lockWaiting(FileChannel channel) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            LOG.info("Another process is building the gateway base, so the rig waits for it.");
            lock = channel.lock();
        }
        return lock;
    }

    private static void build(Path cache, String key, Path folder) throws IOException {
        removeFailedBuilds(cache, key);
        Path work = Files.createTempDirectory(cache, ".build-" + key + "-");
        long started = System.nanoTime();
        LOG.info("The rig builds the gateway base {} in {}; this takes a minute or two.", key, work);
        try {
            generateKeys(work.resolve("keys"));
            debootstrap(work);
            provision(work.resolve("rootfs"), work.resolve("keys"));
            Files.writeString(work.resolve("recipe.txt"), recipeText(), StandardCharsets.UTF_8);
            Files.move(work, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException | IOException e) {
            discard(work);
            throw e;
        }
        LOG.info("The rig built the gateway base {} in {} s.", key, (System.nanoTime() - started) / 1_000_000_000);
    }

    private static void removeFailedBuilds(Path cache, String key) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(cache, ".build-" + key + "-*")) {
            for (Path leftover : leftovers) {
                LOG.info("The rig removes {}, left by a build that did not finish.", leftover);
                discard(leftover);
            }
        }
    }

    private static void discard(Path work) {
        try {
            RigFiles.unmountAtOrBelow(work);
            RigFiles.deleteTree(work);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The rig could not remove the unfinished build {}.", work, e);
        }
    }

    private static void generateKeys(Path keys) throws IOException {
        Files.createDirectories(keys);
        for (KeyType type : KeyType.values()) {
            for (boolean withPassphrase : new boolean[] {false, true}) {
                List<String> argv = new ArrayList<>(List.of(Tools.path("ssh-keygen"), "-q"));
                argv.addAll(type.keygenArguments());
                argv.addAll(List.of("-N", withPassphrase ? RigGateway.KEY_PASSPHRASE : "",
                        "-C", "outpost-rig-" + type.fileName(withPassphrase),
                        "-f", keys.resolve(type.fileName(withPassphrase)).toString()));
                HostCommand.run(SHORT, argv, Map.of()).requireSuccess();
            }
        }
    }

    private static void debootstrap(Path work) {
        Path log = work.resolve("debootstrap.log");
        List<String> argv = List.of(Tools.path("debootstrap"), "--variant=minbase", "--components=main",
                "--include=" + String.join(",", PACKAGES), SUITE, work.resolve("rootfs").toString(),
                RigConfig.mirror());
        int status = HostCommand.runLogged(DEBOOTSTRAP_TIMEOUT, argv, log);
        if (status != 0) {
            throw new GatewayRigException("debootstrap exited with status " + status + ". The end of its log:\n"
                    + RigFiles.tail(log, 30) + "\nThe end of its own log in the target:\n"
                    + RigFiles.tail(work.resolve("rootfs/debootstrap/debootstrap.log"), 30));
        }
    }

    private static void provision(Path rootfs, Path keys) throws IOException {
        Path script = rootfs.resolve("tmp/outpost-rig-provision.sh");
        Path authorized = rootfs.resolve("tmp/outpost-rig-authorized_keys");
        Files.writeString(script, provisionScript(), StandardCharsets.UTF_8);
        Files.writeString(authorized, authorizedKeys(keys), StandardCharsets.UTF_8);
        List<String> argv = List.of(Tools.path("unshare"), "--net", Tools.path("chroot"), rootfs.toString(),
                "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C",
                "ROOT_PASSWORD=" + RigGateway.ROOT_PASSWORD, "TECH_PASSWORD=" + RigGateway.TECH_PASSWORD,
                "VISITOR_PASSWORD=" + RigGateway.VISITOR_PASSWORD, "HOST_NAME=" + RigGateway.HOSTNAME,
                "MACHINE_ID=" + UUID.randomUUID().toString().replace("-", ""),
                "/bin/sh", "/tmp/outpost-rig-provision.sh");
        HostCommand.run(Duration.ofMinutes(5), argv, Map.of()).requireSuccess();
        Files.delete(script);
        Files.delete(authorized);
    }

    private static String authorizedKeys(Path keys) throws IOException {
        StringBuilder text = new StringBuilder();
        for (KeyType type : KeyType.values()) {
            for (boolean withPassphrase : new boolean[] {false, true}) {
                text.append(Files.readString(keys.resolve(type.fileName(withPassphrase) + ".pub")).strip())
                        .append('\n');
            }
        }
        return text.toString();
    }

    private static String provisionScript() {
        try (InputStream in = BaseImage.class.getResourceAsStream(PROVISION_RESOURCE)) {
            if (in == null) {
                throw new GatewayRigException("The test class path lacks " + PROVISION_RESOURCE + ".");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String recipeText() {
        return "recipe " + RECIPE_VERSION + "\nsuite " + SUITE + "\npackages " + String.join(",", PACKAGES)
                + "\nhostname " + RigGateway.HOSTNAME + "\npasswords " + RigGateway.ROOT_PASSWORD + ","
                + RigGateway.TECH_PASSWORD + "," + RigGateway.VISITOR_PASSWORD + "," + RigGateway.KEY_PASSPHRASE
                + "\n--- provision.sh\n" + provisionScript();
    }

    /** Computes the cache key: the first 16 hex digits of the SHA-256 of everything that shapes the base. */
    static String recipeKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(recipeText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
