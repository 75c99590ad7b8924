package dev.outpost.engine.install;

/**
 * Receives an install's events. Called on the thread doing the work, never on a UI thread: a UI listener hands the
 * event over to its own thread and returns at once.
 */
@FunctionalInterface
public interface InstallListener {

    InstallListener NONE = event -> { };

    void onEvent(InstallEvent event);
}
