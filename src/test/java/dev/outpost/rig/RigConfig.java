package dev.outpost.rig;

import java.nio.file.Path;
import java.time.Duration;

/** Settings of the rig, read from the environment and from system properties. */
final class RigConfig {

    /** Where lock files that guard slots live; on tmpfs, so a reboot clears them together with the namespaces. */
    static final Path LOCK_ROOT = Path.of("/run/outpost-rig");

    private RigConfig() {
    }

    /** Returns the folder with the base root file system, the client keys and the gateways' overlay folders. */
    static Path cacheRoot() {
        String value = System.getenv("OUTPOST_RIG_CACHE");
        return Path.of(value == null || value.isBlank() ? "/var/tmp/outpost-rig" : value).toAbsolutePath();
    }

    /** Returns the Debian mirror that debootstrap installs from. */
    static String mirror() {
        String value = System.getenv("OUTPOST_RIG_MIRROR");
        return value == null || value.isBlank() ? "http://deb.debian.org/debian" : value;
    }

    /** Checks whether this run is in CI, where a rig that cannot run is a failure rather than a skip. */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns how long a gateway may take from the start of systemd-nspawn until sshd sends its banner. */
    static Duration bootTimeout() {
        return Duration.ofSeconds(Long.getLong("outpost.rig.bootTimeoutSeconds", 60));
    }

    /** Returns the folder that keeps each gateway's systemd-nspawn log after the gateway is gone. */
    static Path logDirectory() {
        String value = System.getProperty("outpost.rig.logDir");
        return (value == null ? Path.of("target", "outpost-rig") : Path.of(value)).toAbsolutePath();
    }
}
