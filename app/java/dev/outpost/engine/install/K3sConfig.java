package dev.outpost.engine.install;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The K3s configuration file Outpost writes to {@code /etc/rancher/k3s/config.yaml} from the site's settings,
 * and the checks on those settings. Every value is written as a double-quoted YAML string, so no site name or
 * label can change the file's structure.
 */
public final class K3sConfig {

    /** The kubeconfig K3s writes is readable by root only. */
    static final String KUBECONFIG_MODE = "0600";

    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    /** The label that names the site; its value is the node name. */
    public static final String SITE_LABEL = "outpost.dev/site";
    /** The packaged components K3s's {@code disable} setting accepts. */
    static final List<String> DISABLEABLE = List.of("coredns", "servicelb", "traefik", "local-storage",
            "metrics-server", "runtimes");
    /** Label prefixes the kubelet does not let a node set on itself. */
    private static final Pattern RESERVED_PREFIX = Pattern.compile("(.+\\.)?(kubernetes\\.io|k8s\\.io)");
    /** The smallest pod range per node K3s gives out by default is a /24. */
    private static final int MAX_POD_PREFIX = 24;
    private static final int MIN_SERVICE_PREFIX = 12;
    private static final int MAX_SERVICE_PREFIX = 28;

    private K3sConfig() {
    }

    /**
     * Checks the settings and returns every problem as a sentence that names what to change, or an empty list when they are
     * fine.
     *
     * @param gatewayNetworks the gateway's own address ranges, which the pod and service ranges must not overlap
     */
    public static List<String> problems(SiteSettings site, List<String> gatewayNetworks) {
        List<String> problems = new ArrayList<>();
        if (site.nodeName() == null || !NODE_NAME.matcher(site.nodeName()).matches()) {
            problems.add("The site name '" + site.nodeName() + "' cannot be a node name. Use at most 63 lower-case"
                    + " letters, digits, '-' and '.', starting and ending with a letter or digit.");
        }
        boolean nameInvalid = !problems.isEmpty();
        site.labels().forEach((key, value) -> {
            if (!(nameInvalid && key.equals(SITE_LABEL))) {
                labelProblem(key, value).ifPresent(problems::add);
            }
        });
        for (String component : site.disabledComponents()) {
            if (!DISABLEABLE.contains(component)) {
                problems.add("'" + component + "' is not a packaged K3s component. Name one of "
                        + String.join(", ", DISABLEABLE) + ", and repeat the option for each.");
            }
        }
        for (String san : site.tlsSans()) {
            if (san.isBlank() || !san.matches("[A-Za-z0-9.:*-]{1,253}")) {
                problems.add("'" + san + "' is not a host name or address for the API certificate.");
            }
        }
        rangeProblems(site, gatewayNetworks, problems);
        return problems;
    }

    /** Returns whether a label key's prefix is one Kubernetes keeps for itself, such as {@code kubernetes.io}. */
    public static boolean isReservedPrefix(String prefix) {
        return RESERVED_PREFIX.matcher(prefix).matches();
    }

    private static java.util.Optional<String> labelProblem(String key, String value) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean keyOk = LABEL_NAME.matcher(name).matches() && (prefix == null || LABEL_PREFIX.matcher(prefix)
                .matches());
        if (keyOk && prefix != null && isReservedPrefix(prefix)) {
            return java.util.Optional.of("The label name '" + key + "' uses a prefix Kubernetes reserves, so K3s would"
                    + " not start with it. Use a prefix of your own, such as example.com/.");
        }
        if (!keyOk) {
            return java.util.Optional.of("The label name '" + key + "' is not valid. Use letters, digits, '-', '_'"
                    + " and '.', at most 63 characters, optionally after a prefix such as outpost.dev/.");
        }
        if (value == null || !LABEL_VALUE.matcher(value).matches()) {
            return java.util.Optional.of("The value '" + value + "' of label " + key + " is not valid. Use at most"
                    + " 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.");
        }
        return java.util.Optional.empty();
    }

    private static void rangeProblems(SiteSettings site, List<String> gatewayNetworks, List<String> problems) {
        var pods = Cidr.parse(site.podCidr());
        var services = Cidr.parse(site.serviceCidr());
        if (pods.isEmpty()) {
            problems.add("The pod range '" + site.podCidr() + "' is not an address range such as 10.42.0.0/16.");
        }
        if (services.isEmpty()) {
            problems.add("The service range '" + site.serviceCidr() + "' is not an address range such as"
                    + " 10.43.0.0/16.");
        }
        if (pods.isEmpty() || services.isEmpty()) {
            return;
        }
        shapeProblem(pods.get(), "pod", problems);
        shapeProblem(services.get(), "service", problems);
        if (pods.get().ipv6() != services.get().ipv6()) {
            problems.add("The pod range " + pods.get() + " and the service range " + services.get() + " are of"
                    + " different address families. Use two IPv4 ranges or two IPv6 ranges.");
        }
        if (!pods.get().ipv6() && pods.get().prefix() > MAX_POD_PREFIX) {
            problems.add("The pod range " + pods.get() + " is too small: K3s gives each node a /24 from it. Use a"
                    + " prefix of /" + MAX_POD_PREFIX + " or shorter, such as 10.42.0.0/16.");
        }
        if (!services.get().ipv6() && (services.get().prefix() < MIN_SERVICE_PREFIX
                || services.get().prefix() > MAX_SERVICE_PREFIX)) {
            problems.add("The service range " + services.get() + " must have a prefix between /" + MIN_SERVICE_PREFIX
                    + " and /" + MAX_SERVICE_PREFIX + ", such as 10.43.0.0/16.");
        }
        if (pods.get().overlaps(services.get())) {
            problems.add("The pod range " + pods.get() + " and the service range " + services.get() + " overlap."
                    + " Choose two separate ranges.");
        }
        for (String text : site.reservedCidrs()) {
            Cidr reserved = Cidr.parse(text).orElse(null);
            if (reserved == null) {
                problems.add("'" + text + "' is not an address range such as 10.42.0.0/16.");
                continue;
            }
            overlap(pods.get(), "pod", reserved, "a range the central cluster or another site uses", problems);
            overlap(services.get(), "service", reserved, "a range the central cluster or another site uses",
                    problems);
        }
        for (String text : gatewayNetworks) {
            Cidr own = Cidr.parse(text).orElse(null);
            if (own != null) {
                overlap(pods.get(), "pod", own, "the gateway's own network", problems);
                overlap(services.get(), "service", own, "the gateway's own network", problems);
            }
        }
    }

    private static void shapeProblem(Cidr range, String kind, List<String> problems) {
        if (!range.exact()) {
            problems.add("The " + kind + " range " + range + " must be written as its first address and a prefix,"
                    + " such as " + (range.text().contains("/") ? range.network()
                    : range.text() + (range.ipv6() ? "/56" : "/16")) + ".");
        }
        Cidr loopback = Cidr.parse(range.ipv6() ? "::1/128" : "127.0.0.0/8").orElseThrow();
        Cidr linkLocal = Cidr.parse(range.ipv6() ? "fe80::/10" : "169.254.0.0/16").orElseThrow();
        if (range.overlaps(loopback) || range.overlaps(linkLocal)) {
            problems.add("The " + kind + " range " + range + " overlaps loopback or link-local addresses. Use a"
                    + " private range such as 10.42.0.0/16.");
        }
    }

    private static void overlap(Cidr range, String kind, Cidr other, String whose, List<String> problems) {
        if (range.overlaps(other)) {
            problems.add("The " + kind + " range " + range + " overlaps " + other.network() + ", which is " + whose
                    + ". Choose another " + kind + " range.");
        }
    }

    /** Renders the configuration file. The settings must have passed {@link #problems}. */
    public static String render(SiteSettings site) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by Outpost before K3s first starts. Outpost rewrites it on the next install.\n");
        yaml.append("node-name: ").append(quote(site.nodeName())).append('\n');
        yaml.append("write-kubeconfig-mode: ").append(quote(KUBECONFIG_MODE)).append('\n');
        yaml.append("cluster-cidr: ").append(quote(site.podCidr())).append('\n');
        yaml.append("service-cidr: ").append(quote(site.serviceCidr())).append('\n');
        list(yaml, "node-label", new TreeMap<>(site.labels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        list(yaml, "tls-san", site.tlsSans());
        list(yaml, "disable", site.disabledComponents());
        return yaml.toString();
    }

    private static void list(StringBuilder yaml, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        yaml.append(key).append(":\n");
        for (String value : values) {
            yaml.append("  - ").append(quote(value)).append('\n');
        }
    }

    /** A YAML double-quoted scalar; every character that could end or escape it is escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
