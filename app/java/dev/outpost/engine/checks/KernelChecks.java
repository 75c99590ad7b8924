package dev.outpost.engine.checks;

import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.facts.GatewayFacts.Cgroup;
import dev.outpost.engine.facts.GatewayFacts.KernelModules;
import dev.outpost.engine.facts.GatewayFacts.TriState;

import java.util.ArrayList;
import java.util.List;

/** Checks of the Linux kernel: control groups, modules and swap. */
final class KernelChecks {

    /** Without these, containerd cannot unpack images and pods get no network. */
    static final List<String> REQUIRED_MODULES = List.of("overlay", "br_netfilter", "nf_conntrack");
    /** Flannel's VXLAN backend and the iptables matches K3s's rules use. */
    static final List<String> NETWORK_MODULES = List.of("vxlan", "xt_conntrack", "xt_comment", "xt_multiport");

    private static final String CGROUP_PARAMETERS = "cgroup_memory=1 cgroup_enable=memory";

    private KernelChecks() {
    }

    static Verdict cgroupMemory(GatewayFacts facts) {
        Cgroup cgroup = facts.cgroup();
        String observed = "cgroup " + cgroup.version().name().toLowerCase() + ", memory controller "
                + cgroup.memoryController().name().toLowerCase();
        if (cgroup.memoryController() == TriState.UNKNOWN) {
            return Facts.notReported("its control groups");
        }
        if (cgroup.memoryController() == TriState.YES) {
            return Verdict.passed("The memory control group is enabled, so K3s can limit each service's memory.",
                    observed);
        }
        return Verdict.failed("The kernel's memory control group is turned off. K3s stops at start with \"failed to"
                + " find memory cgroup\".", cgroupFix(cgroup), observed);
    }

    private static String cgroupFix(Cgroup cgroup) {
        String cmdline = cgroup.kernelCommandLine() == null ? "" : cgroup.kernelCommandLine();
        String removal = cmdline.contains("cgroup_disable=memory")
                ? " Remove \"cgroup_disable=memory\" from it as well." : "";
        if (cgroup.bootCommandLineFile() != null) {
            return "On the gateway, open " + cgroup.bootCommandLineFile() + " as administrator and add \""
                    + CGROUP_PARAMETERS + "\" at the end of its single line, separated by a space (do not add a"
                    + " new line)." + removal + " Save, reboot the gateway, and run the checks again.";
        }
        return "On the gateway, add \"" + CGROUP_PARAMETERS + "\" to the kernel command line: in /etc/default/grub,"
                + " append it inside GRUB_CMDLINE_LINUX, run update-grub as administrator." + removal
                + " Reboot the gateway and run the checks again.";
    }

    static Verdict requiredModules(GatewayFacts facts) {
        return modules(facts.modules(), REQUIRED_MODULES,
                "Containers cannot start without them. The gateway's kernel was built without them or they are"
                        + " not installed.",
                "Install the kernel modules package for the running kernel (on Debian and Ubuntu,"
                        + " linux-modules or linux-image for " + facts.kernelRelease() + "), or use a gateway"
                        + " image from head office.");
    }

    static Verdict networkModules(GatewayFacts facts) {
        return modules(facts.modules(), NETWORK_MODULES,
                "Pods may not reach each other or the mesh.",
                "Install the kernel's extra modules package for " + facts.kernelRelease() + " and run the checks"
                        + " again; head office can confirm what the pod network needs.");
    }

    private static Verdict modules(KernelModules modules, List<String> wanted, String consequence, String fix) {
        List<String> missing = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String module : wanted) {
            switch (modules.usable(module)) {
                case NO -> missing.add(module);
                case UNKNOWN -> unknown.add(module);
                default -> {
                }
            }
        }
        if (!missing.isEmpty()) {
            return Verdict.failed("The kernel lacks " + String.join(", ", missing) + ". " + consequence, fix,
                    "missing: " + String.join(" ", missing));
        }
        if (!unknown.isEmpty()) {
            return Verdict.unknown("The gateway did not show whether its kernel has " + String.join(", ", unknown)
                    + ", so this could not be checked.", Facts.RERUN_FIX);
        }
        return Verdict.passed("The kernel has " + String.join(", ", wanted) + ".", "present: "
                + String.join(" ", wanted));
    }

    static Verdict swap(GatewayFacts facts) {
        Long swap = facts.memory().swapTotalBytes();
        if (swap == null) {
            return Facts.notReported("its swap space");
        }
        if (swap > 0) {
            return Verdict.failed("Swap is on (" + Facts.bytes(swap) + "). Kubernetes counts on memory limits"
                    + " that swap blurs, so a busy site slows down instead of recovering.",
                    "If head office agrees, turn swap off: run \"swapoff -a\" as administrator and remove the swap"
                            + " line from /etc/fstab (or disable the dphys-swapfile service on Raspberry Pi OS).",
                    Facts.bytes(swap) + " swap");
        }
        return Verdict.passed("Swap is off.", "0 swap");
    }
}
