package dev.outpost.ui.connect;

import dev.outpost.engine.discovery.DiscoverySettings;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.FakeGatewayFinder;
import dev.outpost.ui.WizardRobot;
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

import static dev.outpost.ui.FakeGatewayFinder.announced;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ConnectPageDiscoveryTest {

    @TempDir
    static Path dataFolder;

    private final FakeGatewayChecks gateway = new FakeGatewayChecks();
    private final FakeGatewayFinder finder = new FakeGatewayFinder().answering(
            announced("site-gw-01", "169.254.3.12", "first"), announced("site-gw-01-2", "fe80::5%eth-cable",
                    "second"));

    @Start
    void start(Stage primary) {
        WizardRobot.show(gateway, finder, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        finder.release();
        FxToolkit.cleanupStages();
    }

    private static int rows(FxRobot robot) {
        return robot.lookup("#discoveredGateways").queryAs(VBox.class).getChildren().size();
    }

    @Test
    void listsTheGatewaysThatAnsweredWithTheirFingerprints(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        wizard.waitUntil(() -> rows(robot) == 2 && !robot.lookup("#searchAgain").queryButton().isDisabled());

        assertThat(wizard.isShown("#discoveredGateways")).isTrue();
        assertThat(robot.lookup("SHA256:first").tryQuery()).isPresent();
        assertThat(robot.lookup("SHA256:second").tryQuery()).isPresent();
        assertThat(robot.lookup("site-gw-01-2").tryQuery()).isPresent();
        assertThat(wizard.text("#discoveryStatus")).isEqualTo(DiscoveryViewModel.SEVERAL_FOUND.formatted(2));
    }

    @Test
    void useFillsTheAddressAndTypingStaysPossible(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        wizard.waitUntil(() -> rows(robot) == 2);

        robot.clickOn("#useGateway1");

        TextField address = robot.lookup("#address").queryAs(TextField.class);
        assertThat(address.getText()).isEqualTo("fe80::5%eth-cable");
        robot.clickOn("#address");
        robot.interact(address::selectAll);
        robot.write("169.254.3.99");
        assertThat(address.getText()).isEqualTo("169.254.3.99");
    }

    @Test
    void searchAgainAsksTheCableAgain(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        wizard.waitUntil(() -> !robot.lookup("#searchAgain").queryButton().isDisabled());
        finder.answering();

        robot.clickOn("#searchAgain");
        wizard.waitUntil(() -> rows(robot) == 0 && !robot.lookup("#searchAgain").queryButton().isDisabled());

        assertThat(finder.searches()).isEqualTo(2);
        assertThat(wizard.isShown("#discoveredGateways")).isFalse();
        assertThat(wizard.text("#discoveryStatus")).isEqualTo(DiscoveryViewModel.NONE_FOUND);
    }

    @Test
    void stopLookingTurnsSearchingOffAndSavesIt(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        wizard.waitUntil(() -> rows(robot) == 2);

        robot.clickOn("#toggleDiscovery");
        wizard.waitUntil(() -> !finder.saved().isEmpty());

        assertThat(finder.saved()).extracting(DiscoverySettings::enabled).containsExactly(false);
        assertThat(wizard.text("#discoveryStatus")).isEqualTo(DiscoveryViewModel.TURNED_OFF);
        assertThat(robot.lookup("#searchAgain").queryButton().isDisabled()).isTrue();
        assertThat(wizard.text("#toggleDiscovery")).isEqualTo("Look for gateways on the cable");
    }
}
