package dev.outpost.ui.connect;

import dev.outpost.engine.console.ConsoleException;
import dev.outpost.ui.FakeGatewayConsoles;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.common.BackgroundTasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleViewModelTest {

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final FakeGatewayConsoles consoles = new FakeGatewayConsoles();
    private final List<String> used = new ArrayList<>();
    private final ConsoleViewModel model = new ConsoleViewModel(consoles, new BackgroundTasks(worker, fxThread),
            used::add);

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    private void awaitIdle() {
        fxThread.runUntil(() -> !model.busyProperty().get());
        fxThread.runPending();
    }

    private void logIn(String password) {
        model.findPorts();
        awaitIdle();
        model.userProperty().set(FakeGatewayConsoles.USER);
        model.logIn(password.toCharArray());
        awaitIdle();
    }

    @Test
    void findPortsPicksTheFirstPort() {
        model.findPorts();
        awaitIdle();

        assertThat(model.ports()).containsExactly(FakeGatewayConsoles.PORT, "/dev/ttyS0");
        assertThat(model.portProperty().get()).isEqualTo(FakeGatewayConsoles.PORT);
    }

    @Test
    void logInSuggestsCabledInterface() {
        logIn(FakeGatewayConsoles.PASSWORD);

        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.networkProperty().get().hostName()).isEqualTo("site-gw-01");
        assertThat(model.statusProperty().get()).isEqualTo(ConsoleViewModel.LOGGED_IN.formatted("site-gw-01",
                FakeGatewayConsoles.USER, 115_200));
        assertThat(model.interfaceNameProperty().get()).isEqualTo("eth1");
        assertThat(model.transcriptProperty().get()).contains("site-gw-01 login:").contains("› tech⏎")
                .doesNotContain(FakeGatewayConsoles.PASSWORD);
    }

    @Test
    void wrongCredentialsCloseConsole() {
        logIn("not-the-password");

        assertThat(model.errorProperty().get()).startsWith("The gateway refused the user or password.");
        assertThat(model.networkProperty().get()).isNull();
        assertThat(consoles.closedSessions()).isEqualTo(1);
        assertThat(model.transcriptProperty().get()).contains("Login incorrect").doesNotContain("not-the-password");
    }

    @Test
    void unusableConsoleShowsMessage() {
        consoles.failOpen(new ConsoleException(ConsoleException.Kind.GARBLED, "The console sent unreadable"
                + " characters at 115200, 9600, 38400, 57600 and 19200 baud. Choose its speed under Speed."));

        logIn(FakeGatewayConsoles.PASSWORD);

        assertThat(model.errorProperty().get()).startsWith("The console sent unreadable characters");
        assertThat(model.statusProperty().get()).isNull();
    }

    @Test
    void missingFieldsAreNamedBeforeAnythingOpens() {
        model.logIn("x".toCharArray());
        assertThat(model.errorProperty().get()).isEqualTo(ConsoleViewModel.PORT_MISSING);

        model.portProperty().set(FakeGatewayConsoles.PORT);
        model.logIn("x".toCharArray());
        assertThat(model.errorProperty().get()).isEqualTo(ConsoleViewModel.USER_MISSING);

        model.userProperty().set("tech");
        model.logIn(new char[0]);
        assertThat(model.errorProperty().get()).isEqualTo(ConsoleViewModel.PASSWORD_MISSING);
        assertThat(consoles.closedSessions()).isZero();
    }

    @Test
    void setAddressOffersIt() {
        logIn(FakeGatewayConsoles.PASSWORD);
        model.addressProperty().set("169.254.77.1/16");

        assertThat(model.confirmation()).hasValueSatisfying(question -> assertThat(question)
                .startsWith("Set 169.254.77.1/16 on eth1 of site-gw-01?")
                .contains("until the gateway restarts"));
        assertThat(consoles.setAddresses()).isEmpty();

        model.setAddress();
        awaitIdle();

        assertThat(consoles.setAddresses()).containsExactly("169.254.77.1/16 dev eth1");
        assertThat(model.usableAddressProperty().get()).isEqualTo("169.254.77.1");
        assertThat(model.statusProperty().get()).contains("169.254.77.2/16");
        assertThat(model.networkProperty().get().find("eth1").orElseThrow().addresses())
                .extracting(Object::toString).contains("169.254.77.1/16");
        model.useSetAddress();
        assertThat(used).containsExactly("169.254.77.1");
    }

    @Test
    void closingLogsOutAndClosesThePort() {
        logIn(FakeGatewayConsoles.PASSWORD);

        model.close();
        fxThread.runUntil(() -> consoles.closedSessions() == 1);

        assertThat(consoles.closedSessions()).isEqualTo(1);
    }
}
