package dev.outpost.engine.checks;

import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.facts.GatewayFacts.DiskSpace;

import java.util.ArrayList;
import java.util.List;

/** Checks of the machine itself: processor, memory, disk and init system. */
final class SystemChecks {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final long MIB = 1024L * 1024;
    /**
     * K3s's resource profiling (docs.k3s.io, "Resource Profiling", K3s v1.26.5) measured about 1.6 GB for a server
     * with a workload; Linkerd's control plane and proxies come on top. Memory totals read slightly under the
     * board's nominal size, so a 2 GB board passes the minimum.
     */
    private static final long MINIMUM_MEMORY = 3 * GIB / 2;
    private static final long RECOMMENDED_MEMORY = 7 * GIB / 2;
    /** Estimates for the K3s data folder: images unpacked by containerd, Linkerd, and room for site workloads. */
    private static final long MINIMUM_DATA_SPACE = 4 * GIB;
    private static final long RECOMMENDED_DATA_SPACE = 10 * GIB;
    /** The K3s binary is about 70 MB; the limit leaves room for the tools the install script links beside it. */
    private static final long MINIMUM_BINARY_SPACE = 200 * MIB;

    private SystemChecks() {
    }

    static Verdict architecture(GatewayFacts facts) {
        String machine = facts.machine();
        return switch (facts.architecture()) {
            case AMD64, ARM64, ARMV7 -> Verdict.passed("The gateway's processor (" + machine + ") is one K3s"
                    + " supports.", machine);
            case UNSUPPORTED -> Verdict.failed("The gateway's processor (" + machine + ") cannot run K3s, which"
                    + " supports 64-bit Intel or AMD (x86_64), 64-bit Arm (aarch64) and 32-bit Armv7 only.",
                    "Use a gateway with one of those processors. Head office can tell you which models qualify.",
                    machine);
            case UNKNOWN -> Facts.notReported("its processor architecture");
        };
    }

    static Verdict memory(GatewayFacts facts) {
        Long total = facts.memory().totalBytes();
        if (total == null) {
            return Facts.notReported("its memory size");
        }
        String observed = Facts.bytes(total) + " total";
        if (total < MINIMUM_MEMORY) {
            return Verdict.failed("The gateway has " + Facts.bytes(total) + " of memory. K3s and Linkerd need at"
                    + " least " + Facts.bytes(MINIMUM_MEMORY) + " to run the site's services.",
                    "Use a gateway with at least 2 GB of memory, or ask head office about a larger model.",
                    observed);
        }
        if (total < RECOMMENDED_MEMORY) {
            return Verdict.passed("The gateway has " + Facts.bytes(total) + " of memory: enough to install, but"
                    + " little room for the site's own services (4 GB is recommended).", observed);
        }
        return Verdict.passed("The gateway has " + Facts.bytes(total) + " of memory.", observed);
    }

    static Verdict cpu(GatewayFacts facts) {
        Integer cpus = facts.cpuCount();
        if (cpus == null) {
            return Facts.notReported("its number of processor cores");
        }
        if (cpus < 2) {
            return Verdict.failed("The gateway has one processor core. K3s runs, but starting up and updates"
                    + " will be slow.", "Nothing to do now. For new sites, choose a gateway with two or more"
                    + " cores.", cpus + " core");
        }
        return Verdict.passed("The gateway has " + cpus + " processor cores.", cpus + " cores");
    }

    static Verdict disk(GatewayFacts facts) {
        DiskSpace data = find(facts, "/var/lib/rancher");
        DiskSpace binaries = find(facts, "/usr/local/bin");
        if (data == null || data.availableBytes() == null) {
            return Facts.notReported("the free space under /var/lib/rancher");
        }
        String observed = describe(data) + (binaries == null ? "" : "; " + describe(binaries));
        List<String> shortages = new ArrayList<>();
        if (data.availableBytes() < MINIMUM_DATA_SPACE) {
            shortages.add(Facts.bytes(data.availableBytes()) + " free for K3s's data (/var/lib/rancher on "
                    + data.mountPoint() + "), which needs at least " + Facts.bytes(MINIMUM_DATA_SPACE));
        }
        if (binaries != null && binaries.availableBytes() != null
                && binaries.availableBytes() < MINIMUM_BINARY_SPACE) {
            shortages.add(Facts.bytes(binaries.availableBytes()) + " free for programs (/usr/local/bin on "
                    + binaries.mountPoint() + "), which needs at least " + Facts.bytes(MINIMUM_BINARY_SPACE));
        }
        if (!shortages.isEmpty()) {
            return Verdict.failed("The gateway has " + String.join(", and ", shortages) + ".",
                    "Free space on the gateway (old logs, unused files) or fit a larger disk, then run the checks"
                            + " again. Head office can help decide what to remove.", observed);
        }
        if (data.availableBytes() < RECOMMENDED_DATA_SPACE) {
            return Verdict.passed("There is " + Facts.bytes(data.availableBytes()) + " free for K3s: enough to"
                    + " install, with little room for the site's own services.", observed);
        }
        return Verdict.passed("There is " + Facts.bytes(data.availableBytes()) + " free for K3s.", observed);
    }

    private static DiskSpace find(GatewayFacts facts, String target) {
        return facts.disks().stream().filter(d -> d.target().equals(target)).findFirst().orElse(null);
    }

    private static String describe(DiskSpace disk) {
        String free = disk.availableBytes() == null ? "unknown" : Facts.bytes(disk.availableBytes());
        return disk.target() + ": " + free + " free on " + disk.mountPoint();
    }

    static Verdict init(GatewayFacts facts) {
        return switch (facts.init()) {
            case SYSTEMD -> Verdict.passed("The gateway uses systemd, which the K3s installer supports.",
                    "systemd");
            case OPENRC -> Verdict.passed("The gateway uses OpenRC, which the K3s installer supports.", "openrc");
            case OTHER -> Verdict.failed("The gateway starts its services with a system the K3s installer does"
                    + " not support, so K3s would not start again after a power cut.",
                    "Use a gateway image with systemd or OpenRC. Head office can provide one.", "other");
            case UNKNOWN -> Facts.notReported("its init system");
        };
    }
}
