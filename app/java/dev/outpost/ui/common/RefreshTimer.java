package dev.outpost.ui.common;

import java.time.Duration;

/** Runs an action on the FX thread after a delay, so a page can refresh itself while it is shown. */
@FunctionalInterface
public interface RefreshTimer {

    /**
     * Schedules the action. Called on the FX thread.
     *
     * @return a runnable that cancels the action if it has not run yet
     */
    Runnable schedule(Duration delay, Runnable action);
}
