package dev.outpost.engine.gateway;

/** Quotes text for a POSIX shell command line. */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    /** Wraps the text in single quotes, so the shell passes it through as one word without expanding anything. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }
}
