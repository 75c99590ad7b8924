package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectViewModelTest {

    private static final String ADDRESS = "192.168.16.53";

    @TempDir
    Path folder;

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final FakeGatewayChecks gateway = new FakeGatewayChecks();
    private final ActiveConnection active = new ActiveConnection(worker);
    private ConnectViewModel model;

    @AfterEach
    void stopWorker() {
        gateway.releaseConnect();
        worker.shutdownNow();
    }

    private ConnectViewModel model() {
        if (model == null) {
            model = new ConnectViewModel(gateway, new BackgroundTasks(worker, fxThread), active,
                    folder.resolve("known_hosts"));
        }
        return model;
    }

    private void fill(String address, String user) {
        model().form().addressProperty().set(address);
        model().form().userProperty().set(user);
    }

    private static LoginSecrets password(String password) {
        return new LoginSecrets(password.toCharArray(), new char[0], new char[0]);
    }

    private void awaitIdle() {
        fxThread.runUntil(() -> !model().busyProperty().get());
    }

    @Test
    void connectWithInvalidFormDoesNotConnect() {
        char[] typed = "secret".toCharArray();

        model().connect(new LoginSecrets(typed, new char[0], new char[0]));

        assertThat(gateway.connectRequests()).isEmpty();
        assertThat(model().busyProperty().get()).isFalse();
        assertThat(model().form().addressErrorProperty().get()).isEqualTo(ConnectionForm.ADDRESS_MISSING);
        assertThat(typed).as("the password is wiped").containsOnly('\0');
    }

    @Test
    void connectPassesFormValues() {
        gateway.knowHostKey();
        fill(" " + ADDRESS + " ", "root");
        model().form().portProperty().set("2222");

        model().connect(password("secret"));
        awaitIdle();

        ConnectionSettings settings = gateway.connectRequests().get(0);
        assertThat(settings.host()).isEqualTo(ADDRESS);
        assertThat(settings.port()).isEqualTo(2222);
        assertThat(settings.user()).isEqualTo("root");
        assertThat(settings.knownHosts()).isEqualTo(folder.resolve("known_hosts"));
        assertThat(settings.credentials()).isInstanceOf(Credentials.Password.class);
        assertThat(((Credentials.Password) settings.credentials()).password()).containsExactly("secret".toCharArray());
    }

    @Test
    void connectWithKeyPassesKeyAndSudoPassword() throws IOException {
        gateway.knowHostKey();
        fill(ADDRESS, "outpost");
        Path key = Files.writeString(folder.resolve("id_ed25519"), "key");
        model().form().loginMethodProperty().set(LoginMethod.KEY_FILE);
        model().form().keyFileProperty().set(key.toString());

        model().connect(new LoginSecrets(new char[0], new char[0], "sudo-secret".toCharArray()));
        awaitIdle();

        Credentials.PrivateKey credentials = (Credentials.PrivateKey) gateway.connectRequests().get(0).credentials();
        assertThat(credentials.keyFile()).isEqualTo(key);
        assertThat(credentials.passphrase()).as("an empty passphrase means none").isNull();
        assertThat(credentials.sudo()).containsExactly("sudo-secret".toCharArray());
    }

    @Test
    void connectIsBusyUntilConnected() {
        gateway.knowHostKey().holdConnect();
        fill(ADDRESS, "root");

        model().connect(password("secret"));

        assertThat(model().busyProperty().get()).isTrue();
        assertThat(model().canContinue().get()).isFalse();
        assertThat(model().statusProperty().get()).isEqualTo("Connecting to the gateway at " + ADDRESS + "…");

        gateway.releaseConnect();
        awaitIdle();

        assertThat(model().canContinue().get()).isTrue();
        assertThat(active.current()).isPresent();
        assertThat(model().statusProperty().get())
                .isEqualTo("Connected to the gateway at " + ADDRESS + " as root. Choose Next to check it.");
    }

    @Test
    void connectAsksHostKeyAndTrustContinues() {
        fill(ADDRESS, "root");

        model().connect(password("secret"));
        fxThread.runUntil(() -> model().hostKeyQuestionProperty().get() != null);

        HostKeyInfo question = model().hostKeyQuestionProperty().get();
        assertThat(question.fingerprint()).isEqualTo(FakeGatewayChecks.HOST_KEY.fingerprint());
        assertThat(question.host()).isEqualTo(ADDRESS);
        assertThat(model().busyProperty().get()).isTrue();
        assertThat(model().statusProperty().get()).isEqualTo(ConnectViewModel.CONFIRM_HOST_KEY);

        model().answerHostKey(true);
        awaitIdle();

        assertThat(model().hostKeyQuestionProperty().get()).isNull();
        assertThat(model().canContinue().get()).isTrue();
        assertThat(model().errorProperty().get()).isNull();
    }

    @Test
    void rejectingHostKeyShowsEngineSentence() {
        fill(ADDRESS, "root");

        model().connect(password("secret"));
        fxThread.runUntil(() -> model().hostKeyQuestionProperty().get() != null);
        model().answerHostKey(false);
        awaitIdle();

        assertThat(model().errorProperty().get()).isEqualTo(
                GatewayFailure.HOST_KEY_REJECTED.describe(FakeGatewayChecks.HOST_KEY.fingerprint()));
        assertThat(model().canContinue().get()).isFalse();
    }

    @Test
    void connectFailureShowsSentenceAndWipesPassword() {
        String sentence = GatewayFailure.AUTHENTICATION_FAILED.describe(ADDRESS);
        gateway.knowHostKey().failConnect(new GatewayException(GatewayFailure.AUTHENTICATION_FAILED, sentence));
        fill(ADDRESS, "root");

        model().connect(password("wrong"));
        awaitIdle();

        assertThat(model().errorProperty().get()).isEqualTo(sentence);
        assertThat(model().statusProperty().get()).isNull();
        assertThat(model().canContinue().get()).isFalse();
        Credentials.Password used = (Credentials.Password) gateway.connectRequests().get(0).credentials();
        assertThat(used.password()).containsOnly('\0');
    }

    @Test
    void unexpectedErrorShowsPlainSentence() {
        gateway.knowHostKey().breakConnect(new IllegalStateException("bug"));
        fill(ADDRESS, "root");

        model().connect(password("secret"));
        awaitIdle();

        assertThat(model().errorProperty().get()).isEqualTo(ConnectViewModel.UNEXPECTED_FAILURE);
    }

    @Test
    void connectAgainClearsPreviousError() {
        gateway.knowHostKey().failConnect(new GatewayException(GatewayFailure.UNREACHABLE, "Not reached."));
        fill(ADDRESS, "root");
        model().connect(password("secret"));
        awaitIdle();

        gateway.failConnect(null);
        model().connect(password("secret"));

        assertThat(model().errorProperty().get()).isNull();
        awaitIdle();
        assertThat(model().canContinue().get()).isTrue();
    }

    @Test
    void cancelDuringHostKeyQuestion() throws InterruptedException {
        fill(ADDRESS, "root");
        model().connect(password("secret"));
        fxThread.runUntil(() -> model().hostKeyQuestionProperty().get() != null);

        model().cancel();

        assertThat(model().busyProperty().get()).isFalse();
        assertThat(model().hostKeyQuestionProperty().get()).isNull();
        assertThat(model().statusProperty().get()).isEqualTo(ConnectViewModel.CANCELLED);
        fxThread.runUntil(() -> gateway.connectsEnded() == 1);
        Thread.sleep(100);
        fxThread.runPending();
        assertThat(model().errorProperty().get()).as("the rejected key after cancelling is not an error").isNull();
    }

    @Test
    void cancelClosesConnectionThatOpensLate() {
        gateway.knowHostKey().holdConnect();
        fill(ADDRESS, "root");
        model().connect(password("secret"));

        model().cancel();
        gateway.releaseConnect();

        fxThread.runUntil(() -> !gateway.connections().isEmpty() && gateway.connections().get(0).isClosed());
        assertThat(active.current()).isEmpty();
        assertThat(model().canContinue().get()).isFalse();
    }

    @Test
    void editingAddressClosesConnection() {
        gateway.knowHostKey();
        fill(ADDRESS, "root");
        model().connect(password("secret"));
        awaitIdle();

        model().form().addressProperty().set("192.168.16.54");

        assertThat(active.current()).isEmpty();
        assertThat(model().canContinue().get()).isFalse();
        assertThat(model().statusProperty().get()).isEqualTo(ConnectViewModel.CLOSED);
        fxThread.runUntil(() -> gateway.connections().get(0).isClosed());
    }

    @Test
    void connectAgainClosesPreviousConnection() {
        gateway.knowHostKey();
        fill(ADDRESS, "root");
        model().connect(password("secret"));
        awaitIdle();

        model().connect(password("secret"));
        awaitIdle();

        fxThread.runUntil(() -> gateway.connections().get(0).isClosed());
        assertThat(gateway.connections()).hasSize(2);
        assertThat(active.current()).containsSame(gateway.connections().get(1));
    }

    @Test
    void connectedLoginIsKept() {
        gateway.knowHostKey();
        fill(ADDRESS, "root");
        model().connect(password("secret"));
        awaitIdle();
        active.close();
        model().form().addressProperty().set("192.168.16.54");

        boolean started = model().connectAgain(new BackgroundTasks(worker, fxThread), () -> { }, sentence -> { });
        fxThread.runUntil(() -> active.current().isPresent());

        assertThat(started).isTrue();
        ConnectionSettings again = gateway.connectRequests().get(1);
        assertThat(again.host()).as("the login that connected, not the edited form").isEqualTo(ADDRESS);
        assertThat(((Credentials.Password) again.credentials()).password()).containsExactly("secret".toCharArray());
        assertThat(((Credentials.Password) gateway.connectRequests().get(0).credentials()).password())
                .as("the first connection wiped its own copy when it closed").containsOnly('\0');
    }

    @Test
    void failedLoginIsNotKept() {
        gateway.knowHostKey().failConnect(new GatewayException(GatewayFailure.AUTHENTICATION_FAILED, "Wrong."));
        fill(ADDRESS, "root");

        model().connect(password("wrong"));
        awaitIdle();

        assertThat(model().isKept()).isFalse();
        assertThat(model().connectAgain(new BackgroundTasks(worker, fxThread), () -> { }, sentence -> { }))
                .isFalse();
    }

    @Test
    void forgetLoginDropsKeptLogin() {
        gateway.knowHostKey();
        fill(ADDRESS, "root");
        model().connect(password("secret"));
        awaitIdle();

        model().forgetLogin();

        assertThat(model().isKept()).isFalse();
        assertThat(model().connectAgain(new BackgroundTasks(worker, fxThread), () -> { }, sentence -> { }))
                .isFalse();
        assertThat(gateway.connectRequests()).hasSize(1);
    }
}
