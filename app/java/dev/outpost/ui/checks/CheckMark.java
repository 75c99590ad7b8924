package dev.outpost.ui.checks;

import dev.outpost.engine.checks.CheckResult;

/**
 * The mark beside a check, as the page draws it: a coloured circle with a symbol. The order of the constants is
 * the order the list shows them in, so what needs fixing comes first.
 */
public enum CheckMark {

    FAIL("Must be fixed", "mark-fail"),
    WARNING("Warning", "mark-warning"),
    INFO("For your information", "mark-info"),
    PASS("Passed", "mark-pass");

    private final String label;
    private final String styleClass;

    CheckMark(String label, String styleClass) {
        this.label = label;
        this.styleClass = styleClass;
    }

    /** Returns the engine's mark as the page shows it. */
    public static CheckMark of(CheckResult.Mark mark) {
        return switch (mark) {
            case PASS -> PASS;
            case WARNING -> WARNING;
            case FAIL -> FAIL;
            case INFO -> INFO;
        };
    }

    /** Returns the mark's name in words, for screen readers and tooltips. */
    public String label() {
        return label;
    }

    /** Returns the style class that colours the mark in {@code outpost.css}. */
    public String styleClass() {
        return styleClass;
    }
}
