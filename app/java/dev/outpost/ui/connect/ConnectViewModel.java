package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.session.SessionListener;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.GatewayChecks;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.LastLogin;
import dev.outpost.ui.common.PageModel;
import dev.outpost.ui.common.RunningTask;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The connect page: validates the form, opens the connection on a worker thread, and asks the person to confirm a
 * gateway's host key seen for the first time. It keeps the last login that connected, secrets included, until
 * {@link #forgetLogin()}, so the checks page can connect again after the connection was lost. Every public method
 * is called on the FX thread.
 */
public final class ConnectViewModel implements PageModel, LastLogin {

    private static final Logger log = LoggerFactory.getLogger(ConnectViewModel.class);

    static final String CONNECTING = "Connecting to the gateway at %s…";
    static final String CONFIRM_HOST_KEY = "Check the gateway's identity to continue.";
    static final String CONNECTED = "Connected to the gateway at %s as %s. Choose Next to check it.";
    static final String CANCELLED = "Connecting was cancelled. Check the details and choose Connect again.";
    static final String CLOSED = "The connection to the gateway is closed. Choose Connect to connect again.";
    static final String UNEXPECTED_FAILURE = "Outpost could not connect because of an unexpected error. Try"
            + " again; if it keeps happening, send Outpost's log file to head office.";

    private final GatewayChecks checks;
    private final BackgroundTasks tasks;
    private final ActiveConnection active;
    private final Path knownHosts;
    private final ConnectionForm form = new ConnectionForm();

    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyObjectWrapper<HostKeyInfo> hostKeyQuestion =
            new ReadOnlyObjectWrapper<>(this, "hostKeyQuestion");
    private final BooleanBinding connected;
    private final BooleanBinding canContinue;

    private RunningTask<GatewayConnection> attempt;
    private SavedLogin attemptLogin;
    private SavedLogin savedLogin;
    private int attemptNumber;
    private CompletableFuture<Boolean> hostKeyAnswer;

    /**
     * @param checks     opens connections
     * @param tasks      runs the connection off the FX thread; its busy flag is this page's
     * @param active     receives the opened connection, which the checks page then uses
     * @param knownHosts the known-hosts file that records trusted gateway keys
     */
    public ConnectViewModel(GatewayChecks checks, BackgroundTasks tasks, ActiveConnection active, Path knownHosts) {
        this.checks = checks;
        this.tasks = tasks;
        this.active = active;
        this.knownHosts = knownHosts;
        connected = active.connectionProperty().isNotNull();
        canContinue = connected.and(tasks.busyProperty().not());
        for (var field : form.fields()) {
            field.addListener(observable -> formEdited());
        }
        active.connectionProperty().addListener((observable, before, after) -> {
            if (after == null && !tasks.isBusy()) {
                status.set(CLOSED);
            }
        });
    }

    /**
     * Checks the form and, when it is valid, connects on a worker thread. Closes any connection opened before. The
     * secrets are handed over: they are wiped here when the form is invalid, on the worker thread when connecting
     * fails, and by the connection when it closes.
     */
    public void connect(LoginSecrets secrets) {
        if (tasks.isBusy()) {
            secrets.wipe();
            return;
        }
        error.set(null);
        if (!form.validate(secrets.hasPassword())) {
            secrets.wipe();
            status.set(null);
            return;
        }
        active.close();

        LoginSecrets kept = secrets.copy();
        ConnectionSettings settings = new ConnectionSettings(form.host(), form.portNumber(), form.user(),
                form.credentials(secrets), nextHostKeyPolicy(), knownHosts,
                ConnectionSettings.DEFAULT_CONNECT_TIMEOUT, ConnectionSettings.DEFAULT_COMMAND_TIMEOUT,
                ConnectionSettings.DEFAULT_KEEP_ALIVE);
        status.set(String.format(CONNECTING, settings.host()));
        start(tasks, settings, new SavedLogin(settings, kept), () -> { }, sentence -> {
            status.set(null);
            error.set(sentence);
        });
    }

    @Override
    public boolean isKept() {
        return savedLogin != null;
    }

    /** Connects again with the last login that connected, without reading the form. */
    @Override
    public boolean connectAgain(BackgroundTasks pageTasks, Runnable onOpened, Consumer<String> onFailure) {
        if (savedLogin == null || (attempt != null && !attempt.isEnded())) {
            return false;
        }
        active.close();
        log.info("Connecting to the gateway at {} again with the last login that worked.", savedLogin.host());
        start(pageTasks, savedLogin.settings(nextHostKeyPolicy()), savedLogin, onOpened, onFailure);
        return true;
    }

    /** Wipes the kept login. The wizard calls it when its window closes. */
    public void forgetLogin() {
        if (savedLogin != null) {
            savedLogin.wipe();
            savedLogin = null;
        }
    }

    /** Returns the host-key policy of a new attempt, whose question the page shows only while that attempt runs. */
    private HostKeyPolicy nextHostKeyPolicy() {
        int number = ++attemptNumber;
        return new HostKeyPolicy.Ask(key -> askPerson(key, number));
    }

    private void start(BackgroundTasks runner, ConnectionSettings settings, SavedLogin login, Runnable onOpened,
                       Consumer<String> onFailure) {
        attemptLogin = login;
        attempt = runner.run(() -> open(settings),
                connection -> {
                    opened(connection, login);
                    onOpened.run();
                },
                failure -> {
                    attemptEnded(login);
                    onFailure.accept(failed(settings, failure));
                });
    }

    /** Runs on the worker thread. */
    private GatewayConnection open(ConnectionSettings settings) throws GatewayException {
        try {
            return checks.connect(settings, SessionListener.NONE);
        } catch (GatewayException | RuntimeException e) {
            settings.credentials().wipe();
            throw e;
        }
    }

    private void opened(GatewayConnection connection, SavedLogin login) {
        attemptLogin = null;
        if (savedLogin != login) {
            forgetLogin();
            savedLogin = login;
        }
        active.open(connection);
        ConnectionSettings settings = connection.settings();
        status.set(String.format(CONNECTED, settings.host(), settings.user()));
    }

    /** Wipes the secrets of an attempt that did not connect, unless they are the kept login's. */
    private void attemptEnded(SavedLogin login) {
        attemptLogin = null;
        if (login != null && login != savedLogin) {
            login.wipe();
        }
    }

    /** Logs the failure and returns the sentence for the person. */
    private String failed(ConnectionSettings settings, Exception failure) {
        if (failure instanceof GatewayException gatewayFailure) {
            log.error("Connecting to the gateway at {}:{} as {} failed.", settings.host(), settings.port(),
                    settings.user(), failure);
            return gatewayFailure.getMessage();
        }
        log.error("Connecting to the gateway at {}:{} failed with an unexpected error.", settings.host(),
                settings.port(), failure);
        return UNEXPECTED_FAILURE;
    }

    /**
     * Stops connecting: a pending host-key question is answered "no", and a connection that opens after all is
     * closed at once. Does nothing when no attempt is running.
     */
    @Override
    public void cancel() {
        if (attempt == null || attempt.isEnded()) {
            return;
        }
        attempt.cancel(GatewayConnection::close);
        attemptEnded(attemptLogin);
        answerHostKey(false);
        log.info("The person cancelled connecting to the gateway.");
        status.set(CANCELLED);
    }

    /**
     * Asks the person about a host key and waits for the answer. Called by the engine on the worker thread. Blocks
     * until {@link #answerHostKey} or {@link #cancel} runs.
     */
    private boolean askPerson(HostKeyInfo key, int number) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        tasks.fxThread().execute(() -> showQuestion(key, number, answer));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private void showQuestion(HostKeyInfo key, int number, CompletableFuture<Boolean> answer) {
        if (number != attemptNumber || attempt == null || attempt.isEnded()) {
            answer.complete(false);
            return;
        }
        hostKeyAnswer = answer;
        status.set(CONFIRM_HOST_KEY);
        hostKeyQuestion.set(key);
    }

    /** Hands the person's answer about the host key back to the waiting connection, then clears the question. */
    public void answerHostKey(boolean trusted) {
        CompletableFuture<Boolean> answer = hostKeyAnswer;
        hostKeyAnswer = null;
        HostKeyInfo key = hostKeyQuestion.get();
        hostKeyQuestion.set(null);
        if (answer == null) {
            return;
        }
        if (trusted) {
            log.info("The person trusted the gateway's host key {} {}.", key.algorithm(), key.fingerprint());
            status.set(String.format(CONNECTING, key.host()));
        }
        answer.complete(trusted);
    }

    /** Closes the connection when the person edits the details it was opened with, since it belongs to them. */
    private void formEdited() {
        if (!tasks.isBusy() && active.current().isPresent()) {
            active.close();
        }
    }

    public ConnectionForm form() {
        return form;
    }

    /** What is happening, or {@code null}: connecting, waiting for the host-key answer, connected, cancelled. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The sentence saying why connecting failed, or {@code null}. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The host key waiting for the person's answer, or {@code null}. */
    public ReadOnlyObjectProperty<HostKeyInfo> hostKeyQuestionProperty() {
        return hostKeyQuestion.getReadOnlyProperty();
    }

    public ObservableBooleanValue connectedProperty() {
        return connected;
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    @Override
    public ObservableBooleanValue canContinue() {
        return canContinue;
    }
}
