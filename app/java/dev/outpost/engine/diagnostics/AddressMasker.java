package dev.outpost.engine.diagnostics;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks IP addresses and host names in one export, consistently: the same address gets the same mask, such as
 * {@code [address-2]}, in every entry, and so does the same host name, such as {@code [host-1]}, whatever its
 * case. Loopback and unspecified addresses and {@code localhost} stay, because they identify nothing about the site.
 *
 * <p>Host names are masked where they are known: the names the export was given (the gateway's address and host
 * name) and every name that occurs as the host of an address such as {@code https://central.example.com:6443} in
 * any entry. A bare name that never occurs in such an address or among the given names stays readable.
 */
public final class AddressMasker {

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![0-9A-Za-z.])" + OCTET + "(?:\\." + OCTET + "){3}(?![0-9A-Za-z]|\\.[0-9])");
    /** Candidates for IPv6 addresses; {@link #looksLikeIpv6} rejects times of day such as 10:15:30. */
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])");
    private static final Pattern URL_HOST = Pattern.compile(
            "(?i)\\b(?:https?|wss?|ssh|tcp)://(?:[^\\s/@\"']+@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
            + "(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)");

    private final Map<String, String> masks = new HashMap<>();
    private final Set<String> hostNames = new LinkedHashSet<>();
    private Pattern hostPattern;
    private int addresses;
    private int hosts;

    /** Adds a host name or address to mask wherever it occurs, such as the gateway's host name. */
    public void addHostName(String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || IPV4.matcher(lower).matches() || lower.contains(":")) {
            return;
        }
        if (hostNames.add(lower)) {
            hostPattern = null;
        }
    }

    /** Learns the host names of the addresses in the text, such as {@code central.example.com}. */
    void learnHostNames(String text) {
        Matcher matcher = URL_HOST.matcher(text);
        while (matcher.find()) {
            addHostName(matcher.group(1));
        }
    }

    /** Returns the text with addresses and known host names masked; {@code counted} hears of each mask. */
    String mask(String text, Consumer<RedactionKind> counted) {
        String result = replace(IPV4, text, value -> isKept(value) ? null : mask(value, RedactionKind.ADDRESS),
                counted, RedactionKind.ADDRESS);
        result = replace(IPV6, result, value -> looksLikeIpv6(value) && !value.equals("::1") && !value.equals("::")
                ? mask(value.toLowerCase(Locale.ROOT), RedactionKind.ADDRESS) : null, counted, RedactionKind.ADDRESS);
        Pattern names = hostPattern();
        if (names != null) {
            result = replace(names, result, value -> mask(value.toLowerCase(Locale.ROOT), RedactionKind.HOST_NAME),
                    counted, RedactionKind.HOST_NAME);
        }
        return result;
    }

    private Pattern hostPattern() {
        if (hostPattern == null && !hostNames.isEmpty()) {
            String alternatives = hostNames.stream().sorted((a, b) -> b.length() - a.length()).map(Pattern::quote)
                    .collect(Collectors.joining("|"));
            hostPattern = Pattern.compile("(?i)(?<![A-Za-z0-9.-])(?:" + alternatives
                    + ")(?![A-Za-z0-9-]|\\.[A-Za-z0-9])");
        }
        return hostPattern;
    }

    private String mask(String value, RedactionKind kind) {
        return masks.computeIfAbsent(value, v -> kind == RedactionKind.ADDRESS ? "[address-" + ++addresses + "]"
                : "[host-" + ++hosts + "]");
    }

    private static boolean isKept(String ipv4) {
        return ipv4.startsWith("127.") || ipv4.equals("0.0.0.0") || ipv4.equals("255.255.255.255");
    }

    /**
     * Returns whether the candidate has a {@code ::}, a group of three or four digits, or a hex letter, which no
     * time of day has.
     */
    static boolean looksLikeIpv6(String candidate) {
        if (candidate.contains("::")) {
            return candidate.length() > 2 || candidate.equals("::");
        }
        for (String group : candidate.split(":")) {
            if (group.isEmpty()) {
                return false;
            }
        }
        return candidate.chars().anyMatch(c -> Character.isLetter(c))
                || java.util.Arrays.stream(candidate.split(":")).anyMatch(g -> g.length() >= 3);
    }

    private interface Masking {
        /** Returns the mask, or {@code null} to leave the value. */
        String apply(String value);
    }

    private static String replace(Pattern pattern, String text, Masking masking, Consumer<RedactionKind> counted,
            RedactionKind kind) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String mask = masking.apply(matcher.group());
            if (mask != null) {
                counted.accept(kind);
                matcher.appendReplacement(out, Matcher.quoteReplacement(mask));
            }
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
