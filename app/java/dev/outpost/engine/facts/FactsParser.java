package dev.outpost.engine.facts;

import dev.outpost.engine.facts.GatewayFacts.Architecture;
import dev.outpost.engine.facts.GatewayFacts.Cgroup;
import dev.outpost.engine.facts.GatewayFacts.CgroupVersion;
import dev.outpost.engine.facts.GatewayFacts.Clock;
import dev.outpost.engine.facts.GatewayFacts.DiskSpace;
import dev.outpost.engine.facts.GatewayFacts.ExistingSoftware;
import dev.outpost.engine.facts.GatewayFacts.Firewall;
import dev.outpost.engine.facts.GatewayFacts.InitSystem;
import dev.outpost.engine.facts.GatewayFacts.KernelModules;
import dev.outpost.engine.facts.GatewayFacts.ListeningSocket;
import dev.outpost.engine.facts.GatewayFacts.LoginUser;
import dev.outpost.engine.facts.GatewayFacts.Memory;
import dev.outpost.engine.facts.GatewayFacts.OsRelease;
import dev.outpost.engine.facts.GatewayFacts.SudoAccess;
import dev.outpost.engine.facts.GatewayFacts.TriState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the facts probe's output into {@link GatewayFacts}. Every field is read on its own, so a missing or odd
 * value becomes unknown without affecting the others.
 */
public final class FactsParser {

    private FactsParser() {
    }

    /**
     * Parses the probe output.
     *
     * @param text                the probe's standard output
     * @param laptopEpochSeconds  the laptop's UTC clock halfway through the probe's round trip, to measure skew
     */
    public static GatewayFacts parse(String text, long laptopEpochSeconds) {
        ProbeOutput out = ProbeOutput.parse(text == null ? "" : text);
        String machine = out.value("machine");
        return new GatewayFacts(
                out.value("hostname"),
                osRelease(out.block("os-release")),
                out.value("kernel.release"),
                machine,
                Architecture.fromMachine(machine),
                positiveInteger(out.value("cpu.count")),
                memory(out),
                disks(out.block("disk")),
                cgroup(out),
                init(out),
                existing(out.block("existing")),
                listening(out),
                ProcNet.defaultRoutes(out.block("proc-net-route"), out.block("ipv6-route")),
                clock(out, laptopEpochSeconds),
                modules(out),
                firewall(out.block("firewall")),
                out.block("serial"),
                user(out),
                "yes".equals(out.value("facts.complete")));
    }

    private static OsRelease osRelease(List<String> lines) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines) {
            int split = line.indexOf('=');
            if (split > 0) {
                fields.put(line.substring(0, split).trim(), unquote(line.substring(split + 1).trim()));
            }
        }
        return new OsRelease(fields.get("ID"), fields.get("VERSION_ID"), fields.get("PRETTY_NAME"));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static Memory memory(ProbeOutput out) {
        Map<String, Long> kib = new LinkedHashMap<>();
        for (String line : out.block("meminfo")) {
            String[] fields = line.trim().split("[:\\s]+");
            if (fields.length >= 2) {
                Long value = nonNegativeLong(fields[1]);
                if (value != null) {
                    kib.put(fields[0], value);
                }
            }
        }
        List<String> swaps = out.block("swaps");
        Integer swapDevices = swaps.isEmpty() ? null : Math.max(0, swaps.size() - 1);
        return new Memory(bytesFromKib(kib.get("MemTotal")), bytesFromKib(kib.get("MemAvailable")),
                bytesFromKib(kib.get("SwapTotal")), swapDevices);
    }

    private static Long bytesFromKib(Long kib) {
        return kib == null ? null : kib * 1024;
    }

    private static List<DiskSpace> disks(List<String> lines) {
        List<DiskSpace> disks = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 7) {
                if (fields.length >= 1 && fields[0].startsWith("/")) {
                    disks.add(new DiskSpace(fields[0], null, null, null));
                }
                continue;
            }
            int n = fields.length;
            disks.add(new DiskSpace(fields[0], fields[n - 1], bytesFromKib(nonNegativeLong(fields[n - 3])),
                    bytesFromKib(nonNegativeLong(fields[n - 5]))));
        }
        return disks;
    }

    private static Cgroup cgroup(ProbeOutput out) {
        String fsType = out.value("cgroup.fs");
        CgroupVersion version;
        if ("cgroup2fs".equals(fsType)) {
            version = CgroupVersion.V2;
        } else if ("tmpfs".equals(fsType)) {
            version = CgroupVersion.V1;
        } else {
            version = CgroupVersion.UNKNOWN;
        }
        String cmdline = String.join(" ", out.block("cmdline")).trim();
        TriState memory = memoryController(version, out.block("cgroup-controllers"), out.block("proc-cgroups"));
        if (cmdline.contains("cgroup_disable=memory")) {
            memory = TriState.NO;
        }
        return new Cgroup(version, memory, cmdline.isEmpty() ? null : cmdline, out.value("boot.cmdline.file"));
    }

    private static TriState memoryController(CgroupVersion version, List<String> v2Controllers,
                                             List<String> procCgroups) {
        if (version == CgroupVersion.V2 && !v2Controllers.isEmpty()) {
            boolean listed = List.of(String.join(" ", v2Controllers).trim().split("\\s+")).contains("memory");
            return listed ? TriState.YES : TriState.NO;
        }
        for (String line : procCgroups) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].equals("memory")) {
                return fields[3].equals("1") ? TriState.YES : TriState.NO;
            }
        }
        return procCgroups.isEmpty() ? TriState.UNKNOWN : TriState.NO;
    }

    private static InitSystem init(ProbeOutput out) {
        String pid1 = out.value("pid1");
        if ("yes".equals(out.value("systemd.booted")) || "systemd".equals(pid1)) {
            return InitSystem.SYSTEMD;
        }
        if ("yes".equals(out.value("openrc")) || "openrc-init".equals(pid1)) {
            return InitSystem.OPENRC;
        }
        return pid1 == null ? InitSystem.UNKNOWN : InitSystem.OTHER;
    }

    private static ExistingSoftware existing(List<String> lines) {
        Map<String, String> binaries = new LinkedHashMap<>();
        Set<String> paths = new LinkedHashSet<>();
        Set<String> active = new LinkedHashSet<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals("binary")) {
                binaries.put(fields[1], fields[2]);
            } else if (fields.length == 2 && fields[0].equals("path")) {
                paths.add(fields[1]);
            } else if (fields.length == 3 && fields[0].equals("service") && fields[2].equals("active")) {
                active.add(fields[1]);
            }
        }
        boolean reported = lines.stream().anyMatch(line -> line.startsWith("service "));
        return new ExistingSoftware(binaries, paths, active, reported);
    }

    private static List<ListeningSocket> listening(ProbeOutput out) {
        List<ListeningSocket> sockets = new ArrayList<>();
        sockets.addAll(ProcNet.listening("tcp", out.block("proc-net-tcp")));
        sockets.addAll(ProcNet.listening("tcp", out.block("proc-net-tcp6")));
        sockets.addAll(ProcNet.listening("udp", out.block("proc-net-udp")));
        sockets.addAll(ProcNet.listening("udp", out.block("proc-net-udp6")));
        return sockets;
    }

    private static Clock clock(ProbeOutput out, long laptopEpochSeconds) {
        Long gatewayEpoch = nonNegativeLong(out.value("clock.epoch"));
        Long skew = gatewayEpoch == null ? null : gatewayEpoch - laptopEpochSeconds;
        String synced = out.value("time.ntp-synchronized");
        TriState ntp = synced == null ? TriState.UNKNOWN : "yes".equals(synced) ? TriState.YES : TriState.NO;
        String service = out.value("time.service");
        if (service == null) {
            service = out.value("time.process");
        }
        return new Clock(gatewayEpoch, skew, ntp, service);
    }

    private static KernelModules modules(ProbeOutput out) {
        String tree = out.value("modules.dir");
        TriState treePresent = tree == null ? TriState.UNKNOWN : "yes".equals(tree) ? TriState.YES : TriState.NO;
        Set<String> present = new LinkedHashSet<>(out.block("sys-module"));
        present.addAll(out.block("kernel-features"));
        return new KernelModules(new LinkedHashSet<>(out.block("modules-loaded")),
                new LinkedHashSet<>(out.block("modules-builtin")),
                new LinkedHashSet<>(out.block("modules-available")), present, treePresent);
    }

    private static Firewall firewall(List<String> lines) {
        Set<String> tools = new LinkedHashSet<>();
        Set<String> active = new LinkedHashSet<>();
        String iptablesVersion = null;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+", 3);
            if (fields.length == 3 && fields[0].equals("binary")) {
                tools.add(fields[1]);
            } else if (fields.length >= 2 && fields[0].equals("iptables-version")) {
                iptablesVersion = line.trim().substring("iptables-version".length()).trim();
            } else if (fields.length == 3 && fields[0].equals("service") && fields[2].equals("active")) {
                active.add(fields[1]);
            }
        }
        boolean reported = lines.stream().anyMatch(line -> line.startsWith("service "));
        return new Firewall(tools, iptablesVersion, active, reported);
    }

    private static LoginUser user(ProbeOutput out) {
        Integer uid = nonNegativeInteger(out.value("user.id"));
        String state = out.value("sudo.state");
        String message = String.join("\n", out.block("sudo-error")).trim();
        SudoAccess sudo;
        if ("root".equals(state) || Integer.valueOf(0).equals(uid)) {
            sudo = SudoAccess.ROOT;
        } else if ("missing".equals(state)) {
            sudo = SudoAccess.NOT_INSTALLED;
        } else if ("0".equals(out.value("sudo.exit"))) {
            sudo = SudoAccess.ALLOWED;
        } else if (out.value("sudo.exit") == null) {
            sudo = SudoAccess.UNKNOWN;
        } else {
            sudo = classifySudoRefusal(message);
        }
        return new LoginUser(out.value("user.name"), uid, sudo, message.isEmpty() ? null : message);
    }

    /** Reads sudo's refusal, whose wording is stable across sudo 1.8 and 1.9. */
    static SudoAccess classifySudoRefusal(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        if (text.contains("incorrect password") || text.contains("sorry, try again")) {
            return SudoAccess.WRONG_PASSWORD;
        }
        if (text.contains("not in the sudoers") || text.contains("not allowed to")
                || text.contains("may not run sudo")) {
            return SudoAccess.DENIED;
        }
        if (text.contains("password is required") || text.contains("no password was provided")
                || text.contains("terminal is required")) {
            return SudoAccess.PASSWORD_REQUIRED;
        }
        return SudoAccess.UNKNOWN;
    }

    private static Integer positiveInteger(String text) {
        Integer value = nonNegativeInteger(text);
        return value == null || value == 0 ? null : value;
    }

    private static Integer nonNegativeInteger(String text) {
        Long value = nonNegativeLong(text);
        return value == null || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    private static Long nonNegativeLong(String text) {
        if (text == null || !text.trim().matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(text.trim());
    }
}
