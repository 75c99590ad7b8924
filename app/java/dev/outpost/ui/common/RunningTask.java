package dev.outpost.ui.common;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A task started by {@link BackgroundTasks}. Its state changes on the FX thread only, so it needs no locking.
 *
 * @param <T> the work's result
 */
public final class RunningTask<T> {

    private final BackgroundTasks owner;
    private final Consumer<? super T> onSuccess;
    private final Consumer<? super Exception> onFailure;
    private Consumer<? super T> lateResult;
    private boolean ended;
    private boolean cancelled;

    RunningTask(BackgroundTasks owner, Consumer<? super T> onSuccess, Consumer<? super Exception> onFailure) {
        this.owner = owner;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
    }

    /**
     * Stops waiting for the task. Called on the FX thread. The busy flag drops at once and neither outcome callback
     * runs. The work itself goes on until it returns, because blocking calls such as an SSH handshake cannot be
     * interrupted. A result it returns later goes to {@code lateResult} on a worker thread, for example to close a
     * connection that nobody wants any more.
     *
     * @return false when the task had already ended
     */
    public boolean cancel(Consumer<? super T> lateResult) {
        if (ended) {
            return false;
        }
        this.lateResult = lateResult;
        cancelled = true;
        ended = true;
        owner.taskEnded();
        return true;
    }

    /** Returns whether the task finished, failed or was cancelled. Called on the FX thread. */
    public boolean isEnded() {
        return ended;
    }

    void succeed(T result) {
        if (cancelled) {
            try {
                owner.worker().execute(() -> lateResult.accept(result));
            } catch (RejectedExecutionException e) {
                // The wizard is closing and its workers are gone; the clean-up is short, so it runs here.
                lateResult.accept(result);
            }
            return;
        }
        end();
        onSuccess.accept(result);
    }

    void fail(Exception failure) {
        if (cancelled) {
            return;
        }
        end();
        onFailure.accept(failure);
    }

    void abandon() {
        if (!cancelled) {
            end();
        }
    }

    private void end() {
        ended = true;
        owner.taskEnded();
    }
}
