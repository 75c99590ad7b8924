package dev.outpost.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.outpost.engine.platform.PrintableText;

import java.util.regex.Pattern;

/**
 * Masks secrets in log messages: private key blocks, and values after words such as {@code password},
 * {@code passphrase}, {@code token} or {@code secret}. The engine never logs a secret on purpose; this is the one
 * place that catches one that slips in through a tool's own output. Control characters other than line breaks are
 * escaped, so text from outside cannot forge a log line's look.
 */
public final class RedactingConverter extends MessageConverter {

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", Pattern.DOTALL);
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)\\b(password|passwd|passphrase|token|secret|client-key-data)(\\s*[=:]\\s*)(\"[^\"]*\"|\\S+)");

    @Override
    public String convert(ILoggingEvent event) {
        return redact(super.convert(event));
    }

    /** Returns the text with every recognised secret replaced by {@code [redacted]}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = PRIVATE_KEY.matcher(text).replaceAll("[redacted private key]");
        masked = SECRET_ASSIGNMENT.matcher(masked).replaceAll("$1$2[redacted]");
        return PrintableText.escapeControlsKeepingLines(masked);
    }
}
