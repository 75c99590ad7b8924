package dev.outpost.engine.checks;

/**
 * The finding of a check, before the catalog adds the check's id, severity and title.
 *
 * @param status      passed, failed or unknown
 * @param explanation what was found and why it matters
 * @param fix         what to do, or {@code null}
 * @param observed    the technical value
 */
record Verdict(CheckStatus status, String explanation, String fix, String observed) {

    static Verdict passed(String explanation, String observed) {
        return new Verdict(CheckStatus.PASSED, explanation, null, observed);
    }

    static Verdict failed(String explanation, String fix, String observed) {
        return new Verdict(CheckStatus.FAILED, explanation, fix, observed);
    }

    static Verdict unknown(String explanation, String fix) {
        return new Verdict(CheckStatus.UNKNOWN, explanation, fix, "unknown");
    }
}
