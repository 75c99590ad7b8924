package dev.outpost.engine.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Head office's own redaction patterns: Java regular expressions, one per line of {@value #FILE_NAME} in Outpost's
 * data folder, and any given on the command line. Blank lines and lines starting with {@code #} are skipped. Every
 * match is replaced whole. The patterns themselves are never written to the export, the log or a message, because
 * a pattern may spell out the very value it hides.
 */
public final class HeadOfficePatterns {

    public static final String FILE_NAME = "redaction-patterns.txt";
    /** Matching may read each character of a text this many times before a pattern counts as too slow. */
    static final long STEPS_PER_CHARACTER = 200;
    private static final long MIN_STEPS = 1_000_000;
    private static final int MAX_PATTERNS = 1_000;

    /** A pattern that backtracked too long on some text; the message names the pattern by its place only. */
    public static final class TooSlowException extends RuntimeException {
        TooSlowException(String message) {
            super(message);
        }
    }

    /** One compiled pattern and where it came from, such as "line 3 of redaction-patterns.txt". */
    record Rule(Pattern pattern, String origin) {

        /** Replaces every match, asking {@code placeholder} for each replacement. */
        String replace(String text, Supplier<String> placeholder) {
            Matcher matcher = pattern.matcher(new BoundedText(text, origin));
            if (!matcher.find()) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            do {
                if (matcher.end() == matcher.start()) {
                    continue;
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(placeholder.get()));
            } while (matcher.find());
            matcher.appendTail(out);
            return out.toString();
        }
    }

    private final List<Rule> rules;

    private HeadOfficePatterns(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static HeadOfficePatterns none() {
        return new HeadOfficePatterns(List.of());
    }

    /**
     * Reads the patterns file in the data folder, when there is one, and adds the given patterns.
     *
     * @throws IllegalArgumentException when a pattern is not a valid regular expression; the message names its
     *                                  place and what to do, never the pattern
     * @throws IOException              when the file exists but cannot be read
     */
    public static HeadOfficePatterns load(Path dataFolder, List<String> extra) throws IOException {
        List<Rule> rules = new ArrayList<>();
        Path file = dataFolder.resolve(FILE_NAME);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rules.add(compile(line, "line " + (i + 1) + " of " + file));
                }
            }
        } catch (NoSuchFileException e) {
            // No file: head office configured no patterns on this laptop.
        }
        for (int i = 0; i < extra.size(); i++) {
            rules.add(compile(extra.get(i), "redaction pattern " + (i + 1) + " given on the command line"));
        }
        if (rules.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("There are " + rules.size() + " redaction patterns, more than "
                    + MAX_PATTERNS + ". Combine them into fewer patterns, then save the diagnostics again.");
        }
        return new HeadOfficePatterns(rules);
    }

    /** Returns the number of patterns. */
    public int size() {
        return rules.size();
    }

    List<Rule> rules() {
        return rules;
    }

    private static Rule compile(String regex, String origin) {
        try {
            return new Rule(Pattern.compile(regex), origin);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("The " + origin + " is not a valid regular expression ("
                    + e.getDescription() + " at position " + e.getIndex() + "). Fix or remove it, then save the"
                    + " diagnostics again.");
        }
    }

    /**
     * Text that stops a match which reads it too often: a pattern such as {@code (a+)+$} backtracks exponentially,
     * and without a bound one bad pattern would hang the export.
     */
    private static final class BoundedText implements CharSequence {

        private final String text;
        private final String origin;
        private final long[] budget;

        BoundedText(String text, String origin) {
            this(text, origin, new long[] {Math.max(MIN_STEPS, STEPS_PER_CHARACTER * text.length())});
        }

        private BoundedText(String text, String origin, long[] budget) {
            this.text = text;
            this.origin = origin;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new TooSlowException("The " + origin + " takes too long to match (it backtracks without"
                        + " bound). Simplify it, for example by removing nested repetition or back-references,"
                        + " then save the diagnostics again.");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedText(text.substring(start, end), origin, budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
