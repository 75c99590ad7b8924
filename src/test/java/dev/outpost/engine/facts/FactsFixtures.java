package dev.outpost.engine.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads probe outputs kept under {@code src/test/resources/facts/}. */
public final class FactsFixtures {

    private FactsFixtures() {
    }

    public static String load(String name) {
        try (InputStream in = FactsFixtures.class.getResourceAsStream("/facts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No probe output fixture named " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
