package dev.outpost.engine.checks;

import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.facts.GatewayFacts.Clock;
import dev.outpost.engine.facts.GatewayFacts.Routes;
import dev.outpost.engine.facts.GatewayFacts.TriState;

import java.util.regex.Pattern;

/** Checks of the gateway's network identity and clock. */
final class NetworkChecks {

    /** An RFC 1123 host name in lower case, as Kubernetes requires for node names: labels of 1 to 63 characters. */
    private static final Pattern RFC1123_NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final int MAX_NAME_LENGTH = 253;
    /**
     * The largest clock difference from the laptop that passes. Five minutes is a chosen limit: it allows for a laptop
     * clock that is itself slightly off, and a larger gap makes new certificates look expired or not yet valid.
     */
    private static final long MAX_SKEW_SECONDS = 300;

    private NetworkChecks() {
    }

    static Verdict defaultRoute(GatewayFacts facts) {
        Routes route = facts.route();
        if (route.ipv4Interface() != null) {
            return Verdict.passed("The gateway has a default route through " + route.ipv4Interface()
                    + " (next hop " + route.ipv4Gateway() + ").", "default via " + route.ipv4Gateway() + " dev "
                    + route.ipv4Interface());
        }
        if (route.ipv6Default() == TriState.YES) {
            return Verdict.passed("The gateway has an IPv6 default route.", "ipv6 default");
        }
        if (route.ipv6Default() == TriState.UNKNOWN && route.ipv4Gateway() == null && facts.listening().isEmpty()) {
            return Facts.notReported("its routes");
        }
        return Verdict.failed("The gateway has no default route. K3s needs one to choose the node's address, even"
                + " at a site without internet; without it, cluster services cannot be reached.",
                "Give the gateway a default route: set a gateway address in its network settings (the site router),"
                        + " or, with no router at all, ask head office for the \"dummy interface\" default route"
                        + " that K3s documents for air-gapped sites. Then run the checks again.",
                "no default route");
    }

    static Verdict hostname(GatewayFacts facts) {
        String name = facts.hostname();
        if (name == null) {
            return Facts.notReported("its host name");
        }
        if (name.length() <= MAX_NAME_LENGTH && RFC1123_NAME.matcher(name).matches()
                && !name.equals("localhost")) {
            return Verdict.passed("The host name \"" + name + "\" is valid for Kubernetes.", name);
        }
        String suggestion = name.toLowerCase().replaceAll("[^a-z0-9.-]", "-").replaceAll("^-+|-+$", "");
        if (suggestion.isEmpty() || suggestion.equals("localhost")) {
            suggestion = "site-gateway-01";
        }
        return Verdict.failed("The host name \"" + name + "\" cannot be a Kubernetes node name, which allows only"
                + " lower-case letters, digits, hyphens and dots, and must not be \"localhost\".",
                "Rename the gateway, for example: \"hostnamectl set-hostname " + suggestion + "\" as administrator,"
                        + " then run the checks again.", name);
    }

    static Verdict clockSkew(GatewayFacts facts) {
        Clock clock = facts.clock();
        if (clock.skewSeconds() == null) {
            return Facts.notReported("its clock");
        }
        long skew = clock.skewSeconds();
        String observed = (skew >= 0 ? "+" : "") + skew + " s against the laptop";
        if (Math.abs(skew) > MAX_SKEW_SECONDS) {
            String direction = skew > 0 ? "ahead of" : "behind";
            return Verdict.failed("The gateway's clock is " + describe(Math.abs(skew)) + " " + direction
                    + " this laptop's. Certificates for the mesh would look expired or not yet valid.",
                    "Check that this laptop's clock is right, then set the gateway's clock (\"timedatectl"
                            + " set-time\" or \"date -s\" as administrator) and run the checks again.", observed);
        }
        return Verdict.passed("The gateway's clock agrees with this laptop's (within " + describe(Math.abs(skew))
                + ").", observed);
    }

    private static String describe(long seconds) {
        if (seconds < 120) {
            return seconds + " seconds";
        }
        if (seconds < 2 * 3600) {
            return (seconds / 60) + " minutes";
        }
        if (seconds < 2 * 86400) {
            return (seconds / 3600) + " hours";
        }
        return (seconds / 86400) + " days";
    }

    static Verdict clockSync(GatewayFacts facts) {
        Clock clock = facts.clock();
        if (clock.ntpSynchronized() == TriState.YES) {
            return Verdict.passed("The clock is synchronised over the network"
                    + (clock.timeService() == null ? "." : " by " + clock.timeService() + "."), "synchronised");
        }
        if (clock.timeService() != null) {
            return Verdict.passed(clock.timeService() + " keeps the clock, though it has not synchronised yet.",
                    clock.timeService());
        }
        return Verdict.failed("Nothing keeps the gateway's clock in sync. At a site without internet that is"
                + " normal, but the clock will drift over months.", "Where the site has a time server, enable"
                + " systemd-timesyncd or chrony on the gateway; otherwise check the clock at each visit.",
                "no time service");
    }
}
