package dev.outpost.ui.common;

import java.util.function.Consumer;

/**
 * The login that last connected to the gateway, kept while the wizard's window is open so a later page can connect
 * again after the connection was lost or closed, without asking the person to type it again. Every method is called
 * on the FX thread.
 */
public interface LastLogin {

    /** Returns whether a login that connected is kept. */
    boolean isKept();

    /**
     * Connects again with the kept login on a worker thread of {@code tasks}, so their busy flag is set meanwhile.
     * The host-key question is asked only when the engine asks it, for example because the gateway's key is no
     * longer in the known-hosts file. Later, on the FX thread, exactly one callback runs, unless {@link #cancel()}
     * runs first.
     *
     * @param tasks     the page's background tasks
     * @param onOpened  runs once the new connection is the active one
     * @param onFailure receives the sentence that tells the person why connecting failed
     * @return false, and no callback runs, when no login is kept or another attempt to connect is running
     */
    boolean connectAgain(BackgroundTasks tasks, Runnable onOpened, Consumer<String> onFailure);

    /** Stops connecting: a pending host-key question is answered "no" and a late connection is closed. */
    void cancel();
}
