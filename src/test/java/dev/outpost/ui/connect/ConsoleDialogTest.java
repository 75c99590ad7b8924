package dev.outpost.ui.connect;

import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.FakeGatewayConsoles;
import dev.outpost.ui.FakeGatewayFinder;
import dev.outpost.ui.WizardRobot;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ConsoleDialogTest {

    @TempDir
    static Path dataFolder;

    private final FakeGatewayConsoles consoles = new FakeGatewayConsoles();

    @Start
    void start(Stage primary) {
        WizardRobot.show(new FakeGatewayChecks(), new FakeGatewayFinder(), consoles, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        FxToolkit.cleanupStages();
    }

    private WizardRobot openConsole(FxRobot robot, String password) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        robot.clickOn("#openConsole");
        wizard.waitUntil(() -> FakeGatewayConsoles.PORT.equals(
                robot.lookup("#consolePort").queryComboBox().getValue()));
        robot.clickOn("#consoleUser").write(FakeGatewayConsoles.USER);
        robot.clickOn("#consolePassword").write(password);
        robot.clickOn("#consoleLogIn");
        return wizard;
    }

    @Test
    void logInShowsMaskedLogAndNetwork(FxRobot robot) {
        WizardRobot wizard = openConsole(robot, FakeGatewayConsoles.PASSWORD);
        wizard.waitUntil(() -> robot.lookup("#consoleNetwork").queryAs(VBox.class).getChildren().size() == 3);

        String log = robot.lookup("#consoleLog").queryAs(TextArea.class).getText();
        assertThat(log).contains("site-gw-01 login:").contains("•").doesNotContain(FakeGatewayConsoles.PASSWORD);
        assertThat(robot.lookup("eth1").tryQuery()).isPresent();
        assertThat(wizard.text("#consoleStatus")).startsWith("Logged in to site-gw-01 as tech");
    }

    @Test
    void wrongPasswordChangesNothing(FxRobot robot) {
        WizardRobot wizard = openConsole(robot, "wrong");
        wizard.waitUntil(() -> wizard.isShown("#consoleError"));

        assertThat(wizard.text("#consoleError")).startsWith("The gateway refused the user or password.");
        assertThat(consoles.setAddresses()).isEmpty();
        assertThat(robot.lookup("#consoleSetAddress").queryButton().isDisabled()).isTrue();
    }

    @Test
    void setAddressNeedsConfirmation(FxRobot robot) {
        WizardRobot wizard = openConsole(robot, FakeGatewayConsoles.PASSWORD);
        wizard.waitUntil(() -> !robot.lookup("#consoleSetAddress").queryButton().isDisabled());

        robot.clickOn("#consoleSetAddress");
        wizard.waitUntil(() -> robot.lookup("#consoleConfirmCancel").tryQuery().isPresent());
        robot.clickOn("#consoleConfirmCancel");
        assertThat(consoles.setAddresses()).isEmpty();

        robot.clickOn("#consoleSetAddress");
        wizard.waitUntil(() -> robot.lookup("#consoleConfirmSet").tryQuery().isPresent());
        robot.clickOn("#consoleConfirmSet");
        wizard.waitUntil(() -> wizard.isShown("#consoleUseAddress"));
        assertThat(consoles.setAddresses()).containsExactly(ConsoleViewModel.SUGGESTED_ADDRESS + " dev eth1");
        assertThat(robot.lookup("#consoleInterface").queryComboBox().getValue())
                .as("the interface stays chosen after the network is read again").isEqualTo("eth1");

        robot.clickOn("#consoleUseAddress");
        wizard.waitUntil(() -> consoles.closedSessions() == 1);
        assertThat(robot.lookup("#address").queryAs(TextField.class).getText()).isEqualTo("169.254.77.1");
    }
}
