package dev.outpost.engine.session;

import dev.outpost.engine.checks.CheckResult;

import java.time.Instant;

/** Something that happened during a run against one site, for the wizard, the command line and the diagnostics. */
public sealed interface SessionEvent {

    Instant at();

    /** The steps of a pre-flight run, in order. */
    enum Step { CONNECT, GATHER_FACTS, RUN_CHECKS }

    /** A step began; {@code message} describes what is happening in plain words. */
    record StepStarted(Instant at, Step step, String message) implements SessionEvent {
    }

    /** A step ended, successfully or not; {@code message} is the plain outcome or the failure's sentence. */
    record StepFinished(Instant at, Step step, boolean succeeded, String message) implements SessionEvent {
    }

    /** One check was evaluated. */
    record CheckEvaluated(Instant at, CheckResult result) implements SessionEvent {
    }
}
