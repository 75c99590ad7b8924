package dev.outpost.engine.enrollment;

import dev.outpost.engine.install.K3sConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for site ids and labels, and the {@code k=v} lists head office writes labels in. The rules are
 * those of the API server's validation. A label key is an optional DNS subdomain prefix of at most 253 characters
 * and a slash, then a name of at most 63 characters that starts and ends with a letter or digit and otherwise
 * contains letters, digits, dashes, underscores and dots. A value follows the name's rule or is empty.
 */
public final class SiteLabels {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_PREFIX_LENGTH = 253;

    private SiteLabels() {
    }

    /**
     * Parses {@code k=v} pairs separated by {@code separator}, such as {@code region=north,store=42}. Blank input
     * gives no labels; the order of the text is kept.
     *
     * @throws IllegalArgumentException when a pair has no {@code =} or a key repeats; the message names the pair
     */
    public static Map<String, String> parse(String text, char separator) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(Pattern.quote(String.valueOf(separator)))) {
            String trimmed = pair.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("The label '" + trimmed + "' has no key=value form. Write labels"
                        + " as key=value, such as region=north.");
            }
            String key = trimmed.substring(0, equals).strip();
            if (labels.put(key, trimmed.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("The label key '" + key + "' is given twice. Give each key once.");
            }
        }
        return labels;
    }

    /** Returns one sentence per invalid label key or value, empty when all are valid. */
    public static List<String> problems(Map<String, String> labels) {
        List<String> problems = new ArrayList<>();
        labels.forEach((key, value) -> {
            keyProblem(key).ifPresent(problems::add);
            if (!value.isEmpty() && !NAME.matcher(value).matches()) {
                problems.add("The value '" + value + "' of label " + key + " is not a valid Kubernetes label value:"
                        + " use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or"
                        + " digit.");
            }
        });
        return problems;
    }

    /**
     * Returns why the site id is invalid, or empty. A site id becomes the node name and part of resource names, so
     * it must be a DNS label: at most 63 lowercase letters, digits and dashes, starting and ending with a letter or
     * digit.
     */
    public static Optional<String> siteIdProblem(String siteId) {
        if (siteId == null || !DNS_LABEL.matcher(siteId).matches()) {
            return Optional.of("The site id '" + siteId + "' is invalid: use at most 63 lowercase letters, digits"
                    + " and '-', starting and ending with a letter or digit, such as store-0042.");
        }
        return Optional.empty();
    }

    /** Whether the text is a DNS label, as a site id and a Linkerd link name must be. */
    public static boolean isDnsLabel(String text) {
        return text != null && DNS_LABEL.matcher(text).matches();
    }

    private static Optional<String> keyProblem(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean prefixValid = slash < 0 || !prefix.isEmpty() && prefix.length() <= MAX_PREFIX_LENGTH
                && prefix.chars().noneMatch(Character::isUpperCase)
                && List.of(prefix.split("\\.", -1)).stream().allMatch(part -> DNS_LABEL.matcher(part).matches());
        if (!prefixValid || !NAME.matcher(name).matches()) {
            return Optional.of("The label key '" + key + "' is not a valid Kubernetes label key: use an optional"
                    + " DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending"
                    + " with a letter or digit.");
        }
        if (K3sConfig.isReservedPrefix(prefix)) {
            return Optional.of("The label key '" + key + "' uses a prefix that Kubernetes reserves for itself;"
                    + " choose a key with your own prefix, such as example.com/" + name + ", or none.");
        }
        return Optional.empty();
    }
}
