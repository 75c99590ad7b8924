package dev.outpost.engine.checks;

import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.facts.GatewayFacts.Firewall;
import dev.outpost.engine.facts.GatewayFacts.LoginUser;

/** Checks of administrator access, host firewalls and the probe itself. */
final class AccessChecks {

    private AccessChecks() {
    }

    static Verdict sudo(GatewayFacts facts) {
        LoginUser user = facts.user();
        String name = user.name() == null ? "this user" : "\"" + user.name() + "\"";
        String detail = user.sudoMessage() == null ? user.sudo().name() : user.sudoMessage();
        return switch (user.sudo()) {
            case ROOT -> Verdict.passed("You are logged in as root.", "root");
            case ALLOWED -> Verdict.passed("The login " + name + " can act as administrator through sudo.",
                    "sudo allowed");
            case PASSWORD_REQUIRED -> Verdict.failed("The login " + name + " needs a password for sudo, and none"
                    + " was given.", "Type the account's password in the sudo password field (command line:"
                    + " --sudo-password-stdin), then run the checks again.", detail);
            case WRONG_PASSWORD -> Verdict.failed("sudo did not accept the password for " + name + ".",
                    "Type the account's password again. If you logged in with a key, the sudo password is the"
                            + " account's own password.", detail);
            case DENIED -> Verdict.failed("The login " + name + " may not act as administrator (it is not allowed"
                    + " to use sudo). Installing K3s needs administrator rights.", "Log in as root or as a user"
                    + " in the sudo group, or ask head office to add this user to it.", detail);
            case NOT_INSTALLED -> Verdict.failed("sudo is not installed on the gateway, so " + name + " cannot act"
                    + " as administrator.", "Log in as root, or ask head office to install sudo.", "no sudo");
            case UNKNOWN -> Verdict.unknown("Whether " + name + " can act as administrator could not be told ("
                    + detail + ").", Facts.RERUN_FIX);
        };
    }

    static Verdict firewall(GatewayFacts facts) {
        Firewall firewall = facts.firewall();
        if (!firewall.reported()) {
            return Facts.notReported("its firewall");
        }
        if (firewall.activeServices().contains("firewalld")) {
            return Verdict.failed("firewalld is running. With its default rules it blocks traffic between pods"
                    + " and to the Kubernetes API.", "Ask head office whether to disable it (\"systemctl disable"
                    + " --now firewalld\") or to add the rules K3s documents for firewalld.", "firewalld active");
        }
        if (firewall.activeServices().contains("ufw")) {
            return Verdict.failed("ufw is running and may block traffic between pods and to the Kubernetes API.",
                    "Ask head office whether to disable it (\"ufw disable\") or to allow the pod (10.42.0.0/16)"
                            + " and service (10.43.0.0/16) ranges.", "ufw active");
        }
        String tools = firewall.tools().isEmpty() ? "no firewall tools" : String.join(", ", firewall.tools());
        return Verdict.passed("No host firewall service is running.", tools
                + (firewall.iptablesVersion() == null ? "" : "; " + firewall.iptablesVersion()));
    }

    static Verdict complete(GatewayFacts facts) {
        if (facts.complete()) {
            return Verdict.passed("The gateway answered every question.", "complete");
        }
        return Verdict.failed("The gateway stopped answering part way through, so some checks are unknown.",
                "Run the checks again. If it happens again, save the diagnostics and send them to head office.",
                "incomplete");
    }
}
