package dev.outpost.engine.checks;

import dev.outpost.engine.facts.GatewayFacts;

/** One pre-flight check: a stable id, a severity and a plain title, evaluated against gathered facts. */
public interface PreflightCheck {

    String id();

    Severity severity();

    String title();

    /** Evaluates the check. Never throws: facts that are missing give an {@link CheckStatus#UNKNOWN} result. */
    CheckResult evaluate(GatewayFacts facts);
}
