package dev.outpost.engine.session;

/**
 * Receives a run's events. Called on the thread doing the work, never on a UI thread: a UI listener hands the event
 * over to its own thread and returns at once.
 */
@FunctionalInterface
public interface SessionListener {

    SessionListener NONE = event -> { };

    void onEvent(SessionEvent event);
}
