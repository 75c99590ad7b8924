package dev.outpost.engine.checks;

import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.facts.GatewayFacts.ExistingSoftware;
import dev.outpost.engine.facts.GatewayFacts.ListeningSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks for software already on the gateway that would clash with K3s. */
final class ConflictChecks {

    /** The folder Outpost keeps its install journal in; its presence marks a K3s that Outpost installed. */
    static final String OUTPOST_STATE = "/var/lib/outpost";

    /**
     * Ports the site needs free on the gateway itself: the Kubernetes API (6443), the kubelet (10250), Flannel
     * VXLAN (8472/udp), and the Linkerd multicluster gateway (4143) and its probe (4191), which K3s's service load
     * balancer binds on the node.
     */
    static final List<Port> REQUIRED_PORTS = List.of(new Port("tcp", 6443, "the Kubernetes API"),
            new Port("tcp", 10250, "the kubelet"), new Port("udp", 8472, "the pod network (VXLAN)"),
            new Port("tcp", 4143, "the Linkerd multicluster gateway"),
            new Port("tcp", 4191, "the Linkerd gateway's health probe"));

    record Port(String protocol, int number, String purpose) {
    }

    private ConflictChecks() {
    }

    static Verdict kubernetes(GatewayFacts facts) {
        ExistingSoftware existing = facts.existing();
        if (!existing.reported()) {
            return Facts.notReported("the software already installed");
        }
        List<String> found = new ArrayList<>();
        if (existing.binaries().containsKey("rke2") || existing.paths().contains("/etc/rancher/rke2")
                || existing.paths().contains("/var/lib/rancher/rke2")) {
            found.add("RKE2");
        }
        if (existing.binaries().containsKey("kubelet")) {
            found.add("a kubelet (" + existing.binaries().get("kubelet") + ")");
        }
        boolean k3s = existing.binaries().containsKey("k3s") || existing.paths().contains("/var/lib/rancher/k3s");
        if (k3s && !existing.paths().contains(OUTPOST_STATE)) {
            found.add("K3s installed without Outpost");
        }
        List<String> seen = new ArrayList<>(existing.binaries().values());
        seen.addAll(existing.paths());
        String observed = seen.isEmpty() ? "none" : String.join(", ", seen);
        if (!found.isEmpty()) {
            return Verdict.failed("The gateway already has " + String.join(" and ", found) + ". Two Kubernetes"
                    + " installations on one gateway fight over the same ports and files.",
                    "Ask head office whether the existing installation can be removed (for K3s,"
                            + " /usr/local/bin/k3s-uninstall.sh; for RKE2, rke2-uninstall.sh), then run the"
                            + " checks again.", observed);
        }
        if (k3s) {
            return Verdict.passed("K3s from an earlier Outpost install is present; the install will check it and"
                    + " continue where it stopped.", observed);
        }
        return Verdict.passed("No other Kubernetes is installed.", observed);
    }

    static Verdict containerRuntime(GatewayFacts facts) {
        ExistingSoftware existing = facts.existing();
        if (!existing.reported()) {
            return Facts.notReported("its running services");
        }
        Set<String> active = existing.activeServices();
        List<String> found = new ArrayList<>();
        if (active.contains("docker") || existing.binaries().containsKey("dockerd")) {
            found.add("Docker");
        }
        if (active.contains("containerd")) {
            found.add("a separate containerd service");
        }
        if (!found.isEmpty()) {
            return Verdict.failed("The gateway runs " + String.join(" and ", found) + ". K3s brings its own"
                    + " container engine; the other one keeps using memory, and Docker's firewall rules can block"
                    + " pod traffic.", "If nothing on the site needs it, ask head office about stopping and"
                    + " disabling it (\"systemctl disable --now docker\").", String.join(", ", found));
        }
        return Verdict.passed("No other container engine is running.", "none");
    }

    static Verdict ports(GatewayFacts facts) {
        if (facts.listening().isEmpty()) {
            return Facts.notReported("its listening ports");
        }
        if (facts.existing().activeServices().contains("k3s")
                && facts.existing().paths().contains(OUTPOST_STATE)) {
            return Verdict.passed("K3s from an earlier Outpost install already uses its ports.", "k3s active");
        }
        List<String> busy = new ArrayList<>();
        for (Port port : REQUIRED_PORTS) {
            boolean taken = facts.listening().stream().anyMatch(s -> matches(s, port));
            if (taken) {
                busy.add(port.number() + "/" + port.protocol() + " (" + port.purpose() + ")");
            }
        }
        if (!busy.isEmpty()) {
            return Verdict.failed("Another program on the gateway already uses port " + String.join(", ", busy)
                    + ".", "Find the program with \"ss -ltnup\" as administrator on the gateway and stop it, or ask"
                    + " head office, then run the checks again.", "busy: " + String.join(", ", busy));
        }
        return Verdict.passed("The ports K3s and Linkerd need (6443, 10250, 8472/udp, 4143, 4191) are free.",
                "all free");
    }

    private static boolean matches(ListeningSocket socket, Port port) {
        // A listener on any address, loopback included, stops K3s binding the port on all addresses.
        return socket.protocol().equals(port.protocol()) && socket.port() == port.number();
    }
}
