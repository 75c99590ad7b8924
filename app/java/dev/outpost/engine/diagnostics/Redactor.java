package dev.outpost.engine.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from the text of one diagnostics export before any of it is written, and counts what it removed
 * by kind. In order it replaces: secrets the export was given by value (the login password, the enrollment's
 * tokens, their Base64 forms), PEM private keys (a block cut off by a size limit included), credentials in
 * addresses, bearer tokens, values of fields whose name says password, passphrase, token, secret, key data or
 * credential (as {@code key=value}, YAML, JSON and escaped JSON), values of such command-line flags, JSON web
 * tokens, K3s join tokens, and then head office's own patterns. With an {@link AddressMasker}, addresses and host
 * names are masked last.
 *
 * <p>One redactor serves one export, on one thread: its counts and masks span every entry of that export.
 */
public final class Redactor {

    /** Shorter values given by value are too likely to occur by chance; the patterns still catch them in fields. */
    static final int MIN_KNOWN_SECRET_LENGTH = 4;

    private static final String SECRET_WORDS = "password|passwd|passphrase|secret|token|api[_-]?key"
            + "|client-key-data|client-certificate-data|private[_-]?key|credentials?";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(" + SECRET_WORDS + ").*");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----(?:.*?-----END[A-Z0-9 ]*PRIVATE KEY-----|.*\\z)", Pattern.DOTALL);
    private static final Pattern URL_CREDENTIAL = Pattern.compile(
            "(?i)\\b([a-z][a-z0-9+.-]*://)([^\\s:/@\"']+):([^\\s/@\"']+)@");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)([A-Za-z0-9._~+/=-]{8,})");
    /**
     * A field whose name contains a secret word, then {@code :} or {@code =}, then its value: a JSON string (also
     * inside escaped JSON), a single-quoted string, or the rest of the line without trailing punctuation.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?<key>[A-Za-z0-9_.-]*(?:" + SECRET_WORDS + ")[A-Za-z0-9_.-]*)"
            + "(?<close>\\\\{0,3}[\"'])?(?<sep>[ \\t]*[:=][ \\t]*)(?<value>"
            + "\"(?:\\\\.|[^\"\\\\\\r\\n])*\""
            + "|\\\\{1,3}\"(?:(?!\\\\{1,3}\")[^\\r\\n])*\\\\{1,3}\""
            + "|'[^'\\r\\n]*'"
            + "|[^\\s\"'{}\\[\\],;&|<>\\\\][^\\r\\n]*?(?=[\\s\"'}\\],;&\\\\]*$))",
            Pattern.MULTILINE);
    private static final Pattern FLAG = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])(--?[a-z0-9-]*(?:password|passphrase|secret|token)[a-z0-9-]*)([ \\t]+)(?!-)"
            + "([^\\s\"']+)");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_-]+){1,2}");
    private static final Pattern K3S_TOKEN = Pattern.compile("\\bK10[0-9a-fA-F]{16,}::[^\\s\"']+");

    private final List<HeadOfficePatterns.Rule> headOffice;
    private final AddressMasker masker;
    private final Map<String, RedactionKind> known = new LinkedHashMap<>();
    private final EnumMap<RedactionKind, Integer> counts = new EnumMap<>(RedactionKind.class);
    private List<Map.Entry<String, RedactionKind>> knownLongestFirst = List.of();

    /**
     * @param headOffice head office's patterns
     * @param masker     masks addresses and host names, or {@code null} to leave them
     */
    public Redactor(HeadOfficePatterns headOffice, AddressMasker masker) {
        this.headOffice = headOffice.rules();
        this.masker = masker;
    }

    /**
     * Adds a secret known by value, such as the login password, so that it is removed wherever it occurs, also
     * Base64-encoded or escaped in JSON. Values shorter than {@link #MIN_KNOWN_SECRET_LENGTH} are ignored.
     */
    public void addKnownSecret(CharSequence value, RedactionKind kind) {
        if (value == null || value.length() < MIN_KNOWN_SECRET_LENGTH) {
            return;
        }
        String text = value.toString();
        known.put(text, kind);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        known.put(Base64.getEncoder().encodeToString(utf8), kind);
        known.put(Base64.getEncoder().withoutPadding().encodeToString(utf8), kind);
        known.put(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8), kind);
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        known.put(escaped, kind);
        List<Map.Entry<String, RedactionKind>> sorted = new ArrayList<>(known.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<String, RedactionKind> e) -> e.getKey().length()).reversed());
        knownLongestFirst = sorted;
    }

    /**
     * Lets the address masker learn the host names that occur in addresses in this text, so that the same name is
     * masked in every entry. Call it for every entry before the first {@link #scrub}.
     */
    public void learn(String text) {
        if (masker != null && text != null) {
            masker.learnHostNames(text);
        }
    }

    /**
     * Returns the text with every secret replaced by a placeholder such as {@code [redacted password]}.
     *
     * @throws HeadOfficePatterns.TooSlowException when one of head office's patterns takes too long on this text
     */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Map.Entry<String, RedactionKind> secret : knownLongestFirst) {
            result = replaceLiteral(result, secret.getKey(), secret.getValue());
        }
        result = replace(PRIVATE_KEY, result, m -> count(RedactionKind.PRIVATE_KEY));
        result = replace(URL_CREDENTIAL, result, m -> m.group(1) + m.group(2) + ":"
                + count(RedactionKind.URL_CREDENTIAL) + "@");
        result = replace(BEARER, result, m -> m.group(1) + m.group(2) + count(RedactionKind.TOKEN));
        result = replace(ASSIGNMENT, result, this::assignment);
        result = replace(FLAG, result, m -> m.group(1) + m.group(2) + count(kindOfName(m.group(1))));
        result = replace(JWT, result, m -> count(RedactionKind.TOKEN));
        result = replace(K3S_TOKEN, result, m -> count(RedactionKind.TOKEN));
        for (HeadOfficePatterns.Rule rule : headOffice) {
            result = rule.replace(result, () -> count(RedactionKind.HEAD_OFFICE_PATTERN));
        }
        if (masker != null) {
            result = masker.mask(result, this::countOnly);
        }
        return result;
    }

    /**
     * Scrubs a JSON tree in place: a text or number under a field named like a secret is replaced whole, and every
     * other text value is scrubbed as text. Returns the same tree.
     */
    public JsonNode scrub(JsonNode tree) {
        if (tree instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if ((value.isTextual() || value.isNumber()) && !value.asText().isEmpty()
                        && !value.asText().startsWith("[redacted") && SECRET_NAME.matcher(field.getKey()).matches()) {
                    replaced.add(Map.entry(field.getKey(), TextNode.valueOf(count(kindOfName(field.getKey())))));
                } else if (value.isTextual()) {
                    replaced.add(Map.entry(field.getKey(), TextNode.valueOf(scrub(value.asText()))));
                } else {
                    scrub(value);
                }
            }
            replaced.forEach(e -> object.set(e.getKey(), e.getValue()));
        } else if (tree instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(scrub(value.asText())));
                } else {
                    scrub(value);
                }
            }
        }
        return tree;
    }

    /** Counts something removed before it reached the redactor, such as the values of a Kubernetes Secret. */
    public void countLeftOut(RedactionKind kind, int howMany) {
        if (howMany > 0) {
            counts.merge(kind, howMany, Integer::sum);
        }
    }

    /** Returns how many things of each kind were redacted or masked so far, in the order of {@link RedactionKind}. */
    public Map<RedactionKind, Integer> counts() {
        return new EnumMap<>(counts);
    }

    public boolean masksAddresses() {
        return masker != null;
    }

    private String assignment(MatchResult m) {
        String value = m.group(4);
        if (value.startsWith("[redacted") || value.startsWith("\"[redacted") || value.startsWith("\\\"[redacted")) {
            return m.group();
        }
        String key = m.group(1);
        String close = m.group(2) == null ? "" : m.group(2);
        String placeholder = count(kindOfName(key));
        String quoted;
        if (value.startsWith("\\")) {
            String quote = value.substring(0, value.indexOf('"') + 1);
            quoted = quote + placeholder + quote;
        } else if (value.startsWith("\"") || value.startsWith("'")) {
            quoted = value.charAt(0) + placeholder + value.charAt(0);
        } else {
            quoted = placeholder;
        }
        return key + close + m.group(3) + quoted;
    }

    private static RedactionKind kindOfName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("passphrase")) {
            return RedactionKind.PASSPHRASE;
        }
        if (lower.contains("password") || lower.contains("passwd")) {
            return RedactionKind.PASSWORD;
        }
        if (lower.contains("client-key-data") || lower.contains("client-certificate-data")) {
            return RedactionKind.KUBECONFIG_CREDENTIAL;
        }
        if (lower.contains("private")) {
            return RedactionKind.PRIVATE_KEY;
        }
        if (lower.contains("token")) {
            return RedactionKind.TOKEN;
        }
        return RedactionKind.OTHER_SECRET;
    }

    private String count(RedactionKind kind) {
        countOnly(kind);
        return kind.placeholder();
    }

    private void countOnly(RedactionKind kind) {
        counts.merge(kind, 1, Integer::sum);
    }

    private String replaceLiteral(String text, String secret, RedactionKind kind) {
        int at = text.indexOf(secret);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            out.append(text, from, at).append(count(kind));
            from = at + secret.length();
            at = text.indexOf(secret, from);
        }
        return out.append(text, from, text.length()).toString();
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.toMatchResult())));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
