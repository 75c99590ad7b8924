package dev.outpost.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs long work off the FX thread and hands its outcome back to the FX thread. One instance serves one page: its
 * busy property is true while any of the page's tasks runs, so the page can disable its buttons and show progress.
 *
 * <p>Every method is called on the FX thread. The outcome callbacks run through the {@code fxThread} executor, which
 * is {@code Platform::runLater} in the application and a plain queue in tests, so the class needs no running
 * toolkit.
 */
public final class BackgroundTasks {

    private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

    private final Executor worker;
    private final Executor fxThread;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private int running;

    /**
     * @param worker   runs the work; it must offer more than one thread, because closing a connection while a task
     *                 waits on it is itself work
     * @param fxThread runs the outcome callbacks on the FX thread
     */
    public BackgroundTasks(Executor worker, Executor fxThread) {
        this.worker = worker;
        this.fxThread = fxThread;
    }

    /** True while a task started here has neither finished nor been cancelled. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return busy.get();
    }

    /** Returns the executor that runs code on the FX thread, for listeners that hand events over. */
    public Executor fxThread() {
        return fxThread;
    }

    /** Returns the executor that runs work off the FX thread, for short clean-up such as closing a connection. */
    public Executor worker() {
        return worker;
    }

    /**
     * Starts work on a worker thread. Called on the FX thread. Later, on the FX thread, exactly one of
     * {@code onSuccess} and {@code onFailure} runs, unless the task is cancelled first.
     *
     * @param work      the blocking work
     * @param onSuccess receives the work's result
     * @param onFailure receives the exception the work threw
     */
    public <T> RunningTask<T> run(Callable<T> work, Consumer<? super T> onSuccess,
                                  Consumer<? super Exception> onFailure) {
        RunningTask<T> task = new RunningTask<>(this, onSuccess, onFailure);
        taskStarted();
        try {
            worker.execute(() -> perform(task, work));
        } catch (RejectedExecutionException e) {
            log.warn("A background task could not start because the wizard is closing.", e);
            task.fail(e);
        }
        return task;
    }

    private <T> void perform(RunningTask<T> task, Callable<T> work) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            fxThread.execute(() -> task.fail(e));
            return;
        } catch (Error e) {
            fxThread.execute(task::abandon);
            throw e;
        }
        fxThread.execute(() -> task.succeed(result));
    }

    void taskStarted() {
        running++;
        busy.set(true);
    }

    void taskEnded() {
        running--;
        busy.set(running > 0);
    }
}
