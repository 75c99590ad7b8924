package dev.outpost.engine.facts;

import java.util.List;
import java.util.Set;

/**
 * The facts one probe gathered about a gateway. A value the probe could not read, or read in a form it did not expect, is
 * {@code null} (for numbers and text) or {@link TriState#UNKNOWN}; it never stops the parse.
 *
 * @param hostname        the kernel's host name
 * @param os              the operating system as {@code /etc/os-release} names it
 * @param kernelRelease   {@code uname -r}
 * @param machine         {@code uname -m} as printed
 * @param architecture    the machine mapped to the names K3s bundles use
 * @param cpuCount        online processors
 * @param memory          memory and swap
 * @param disks           free space at each place K3s writes to
 * @param cgroup          control-group version and the memory controller
 * @param init            the init system running as PID 1
 * @param existing        Kubernetes or container runtimes already present
 * @param listening       sockets in the listening state
 * @param route           the default routes
 * @param clock           the gateway's clock and its time synchronisation
 * @param modules         kernel modules, loaded, built in or available to load
 * @param firewall        firewall tools and services
 * @param serialDevices   serial device nodes present under {@code /dev}
 * @param user            the login user and whether it can become root
 * @param complete        whether the probe ran to its last line
 */
public record GatewayFacts(String hostname, OsRelease os, String kernelRelease, String machine,
                           Architecture architecture, Integer cpuCount, Memory memory, List<DiskSpace> disks,
                           Cgroup cgroup, InitSystem init, ExistingSoftware existing,
                           List<ListeningSocket> listening, Routes route, Clock clock, KernelModules modules,
                           Firewall firewall, List<String> serialDevices, LoginUser user, boolean complete) {

    /** A yes-or-no fact that may not be known. */
    public enum TriState { YES, NO, UNKNOWN }

    /** The processor architectures K3s publishes, plus the two cases the checks must name. */
    public enum Architecture {
        AMD64, ARM64, ARMV7, UNSUPPORTED, UNKNOWN;

        /** Maps {@code uname -m} output to a K3s architecture. */
        public static Architecture fromMachine(String machine) {
            if (machine == null || machine.isBlank()) {
                return UNKNOWN;
            }
            return switch (machine.trim()) {
                case "x86_64", "amd64" -> AMD64;
                case "aarch64", "arm64", "armv8l", "aarch64_be" -> ARM64;
                case "armv7l", "armv7", "armhf" -> ARMV7;
                default -> UNSUPPORTED;
            };
        }
    }

    /** The init system running as PID 1. */
    public enum InitSystem { SYSTEMD, OPENRC, OTHER, UNKNOWN }

    /** The control-group hierarchy the kernel mounts. */
    public enum CgroupVersion { V1, V2, UNKNOWN }

    /** Operating system identity from {@code os-release}. */
    public record OsRelease(String id, String versionId, String prettyName) {
    }

    /** Memory and swap in bytes. */
    public record Memory(Long totalBytes, Long availableBytes, Long swapTotalBytes, Integer swapDevices) {
    }

    /**
     * Free space for one place K3s writes to.
     *
     * @param target         the folder K3s will write, such as {@code /var/lib/rancher}
     * @param mountPoint     the mount point of the file system holding it
     * @param availableBytes space available to unprivileged writers
     * @param totalBytes     the file system's size
     */
    public record DiskSpace(String target, String mountPoint, Long availableBytes, Long totalBytes) {
    }

    /**
     * Control groups.
     *
     * @param version                 v1 or v2
     * @param memoryController        whether the memory controller is present and enabled
     * @param kernelCommandLine       {@code /proc/cmdline}
     * @param bootCommandLineFile     the boot file with the kernel command line on Raspberry Pi style boards, or
     *                                {@code null} when there is none
     */
    public record Cgroup(CgroupVersion version, TriState memoryController, String kernelCommandLine,
                         String bootCommandLineFile) {
    }

    /**
     * Kubernetes distributions and container runtimes already on the gateway.
     *
     * @param binaries       program name to its path, for the programs found on the PATH
     * @param paths          data and configuration folders or sockets that exist
     * @param activeServices services that systemd reports as active
     * @param reported       whether the probe reported on existing software at all
     */
    public record ExistingSoftware(java.util.Map<String, String> binaries, Set<String> paths,
                                   Set<String> activeServices, boolean reported) {
    }

    /** One listening socket: {@code tcp} or {@code udp}, its local address and port. */
    public record ListeningSocket(String protocol, String address, int port) {
    }

    /**
     * Default routes.
     *
     * @param ipv4Gateway   the IPv4 default route's next hop, or {@code null} when there is no IPv4 default route
     * @param ipv4Interface the interface of the IPv4 default route
     * @param ipv6Default   whether an IPv6 default route exists
     */
    public record Routes(String ipv4Gateway, String ipv4Interface, TriState ipv6Default) {

        public boolean hasDefault() {
            return ipv4Interface != null || ipv6Default == TriState.YES;
        }
    }

    /**
     * The gateway's clock.
     *
     * @param gatewayEpochSeconds the gateway's UTC clock when the probe ran
     * @param skewSeconds         the gateway's clock minus the laptop's, corrected for half the round trip
     * @param ntpSynchronized     systemd's view of whether the clock is synchronised
     * @param timeService         the time synchronisation service or process that runs, or {@code null}
     */
    public record Clock(Long gatewayEpochSeconds, Long skewSeconds, TriState ntpSynchronized, String timeService) {
    }

    /**
     * Kernel modules.
     *
     * @param loaded             modules in {@code /proc/modules}
     * @param builtin            modules compiled into the kernel, from {@code modules.builtin}
     * @param available          modules K3s needs that exist as files and can be loaded
     * @param present            modules or features the running kernel shows in {@code /sys/module},
     *                           {@code /proc/filesystems} and {@code /proc/sys/net}, loaded or built in
     * @param moduleTreePresent  whether {@code /lib/modules/<release>} exists
     */
    public record KernelModules(Set<String> loaded, Set<String> builtin, Set<String> available, Set<String> present,
                                TriState moduleTreePresent) {

        /** Returns whether the module can be used; {@code UNKNOWN} when the probe found no evidence either way. */
        public TriState usable(String module) {
            if (loaded.contains(module) || builtin.contains(module) || available.contains(module)
                    || present.contains(module)) {
                return TriState.YES;
            }
            boolean anyEvidence = !loaded.isEmpty() || !builtin.isEmpty() || !present.isEmpty();
            return anyEvidence ? TriState.NO : TriState.UNKNOWN;
        }
    }

    /**
     * Firewall tooling.
     *
     * @param tools            firewall programs found on the PATH
     * @param iptablesVersion  {@code iptables --version}, which names the backend (legacy or nf_tables)
     * @param activeServices   firewall services reported active (firewalld, ufw)
     * @param reported         whether the probe reported on the firewall at all
     */
    public record Firewall(Set<String> tools, String iptablesVersion, Set<String> activeServices,
                           boolean reported) {
    }

    /** Whether the login user can act as root. */
    public enum SudoAccess { ROOT, ALLOWED, PASSWORD_REQUIRED, WRONG_PASSWORD, DENIED, NOT_INSTALLED, UNKNOWN }

    /**
     * The login user.
     *
     * @param name        the user name
     * @param uid         the numeric user id
     * @param sudo        whether the user can act as root
     * @param sudoMessage sudo's own words when it refused, for the log and the check's detail
     */
    public record LoginUser(String name, Integer uid, SudoAccess sudo, String sudoMessage) {
    }
}
