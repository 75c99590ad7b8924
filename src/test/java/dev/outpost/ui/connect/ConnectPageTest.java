package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.WizardRobot;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import static dev.outpost.ui.WizardRobot.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ConnectPageTest {

    @TempDir
    static Path dataFolder;

    private final FakeGatewayChecks gateway = new FakeGatewayChecks();

    @Start
    void start(Stage primary) {
        WizardRobot.show(gateway, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        gateway.releaseConnect();
        FxToolkit.cleanupStages();
    }

    @Test
    void connectShowsHostKeyDialog(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");

        robot.clickOn("#connect");
        wizard.waitUntil(() -> robot.lookup("#trustHostKey").tryQuery().isPresent());

        TextField fingerprint = robot.lookup("#hostKeyFingerprint").queryAs(TextField.class);
        assertThat(fingerprint.getText()).isEqualTo(FakeGatewayChecks.HOST_KEY.fingerprint());
        assertThat(fingerprint.getFont().getFamily()).containsIgnoringCase("mono");
        assertThat(robot.lookup("#hostKeyAlgorithm").queryAs(TextField.class).getText()).isEqualTo("ssh-ed25519");
        assertThat(robot.lookup("#hostKeyAddress").queryAs(TextField.class).getText()).startsWith(ADDRESS);
        assertThat(wizard.button("#next").isDisabled()).isTrue();

        robot.clickOn("#trustHostKey");
        wizard.waitUntil(() -> !wizard.button("#next").isDisabled());

        assertThat(wizard.text("#connectStatus")).isEqualTo(
                "Connected to the gateway at " + ADDRESS + " as root. Choose Next to check it.");
        assertThat(robot.lookup("#trustHostKey").tryQuery()).isEmpty();
    }

    @Test
    void cancelHostKeyShowsSentence(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");
        robot.clickOn("#connect");
        wizard.waitUntil(() -> robot.lookup("#rejectHostKey").tryQuery().isPresent());

        robot.clickOn("#rejectHostKey");
        wizard.waitUntil(() -> wizard.isShown("#error"));

        assertThat(wizard.text("#error")).isEqualTo(
                GatewayFailure.HOST_KEY_REJECTED.describe(FakeGatewayChecks.HOST_KEY.fingerprint()));
        assertThat(wizard.button("#next").isDisabled()).isTrue();
    }

    @Test
    void connectErrorShowsSentence(FxRobot robot) {
        String sentence = GatewayFailure.UNREACHABLE.describe(ADDRESS);
        gateway.knowHostKey().failConnect(new GatewayException(GatewayFailure.UNREACHABLE, sentence,
                new java.net.NoRouteToHostException("No route to host")));
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");

        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#error"));

        assertThat(wizard.text("#error")).isEqualTo(sentence);
        assertThat(wizard.text("#error")).doesNotContain("Exception");
        assertThat(wizard.button("#next").isDisabled()).isTrue();
        assertThat(wizard.button("#connect").isDisabled()).isFalse();
    }

    @Test
    void nextDisabledWhileConnecting(FxRobot robot) {
        gateway.knowHostKey().holdConnect();
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");

        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#connectProgress"));

        assertThat(wizard.button("#next").isDisabled()).isTrue();
        assertThat(wizard.button("#connect").isDisabled()).isTrue();
        assertThat(wizard.button("#back").isDisabled()).isTrue();
        assertThat(wizard.text("#connectStatus")).isEqualTo("Connecting to the gateway at " + ADDRESS + "…");

        gateway.releaseConnect();
        wizard.waitUntil(() -> !wizard.button("#next").isDisabled());
        assertThat(wizard.isShown("#connectProgress")).isFalse();
    }

    @Test
    void cancelWhileConnecting(FxRobot robot) {
        gateway.knowHostKey().holdConnect();
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");
        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#cancelConnect"));

        robot.clickOn("#cancelConnect");
        wizard.waitUntil(() -> !wizard.button("#connect").isDisabled());
        gateway.releaseConnect();

        wizard.waitUntil(() -> !gateway.connections().isEmpty() && gateway.connections().get(0).isClosed());
        assertThat(wizard.text("#connectStatus")).isEqualTo(ConnectViewModel.CANCELLED);
        assertThat(wizard.button("#next").isDisabled()).isTrue();
    }

    @Test
    void emptyFormShowsMessages(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        robot.doubleClickOn("#port").write("70000");

        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#addressError"));

        assertThat(wizard.text("#addressError")).isEqualTo(ConnectionForm.ADDRESS_MISSING);
        assertThat(wizard.text("#portError")).isEqualTo(ConnectionForm.PORT_INVALID);
        assertThat(wizard.text("#userError")).isEqualTo(ConnectionForm.USER_MISSING);
        assertThat(wizard.text("#passwordError")).isEqualTo(ConnectionForm.PASSWORD_MISSING);
        assertThat(gateway.connectRequests()).isEmpty();

        robot.clickOn("#address").write("g");
        wizard.waitUntil(() -> !wizard.isShown("#addressError"));
    }

    @Test
    void keyLoginShowsKeyFields(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        assertThat(wizard.isShown("#keyFile")).isFalse();
        assertThat(wizard.isShown("#password")).isTrue();

        robot.clickOn("#useKeyFile");
        wizard.waitUntil(() -> wizard.isShown("#keyFile"));

        assertThat(wizard.isShown("#passphrase")).isTrue();
        assertThat(wizard.isShown("#sudoPassword")).isTrue();
        assertThat(wizard.isShown("#chooseKeyFile")).isTrue();
        assertThat(wizard.isShown("#password")).isFalse();

        robot.clickOn("#address").write(ADDRESS);
        robot.clickOn("#user").write("outpost");
        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#keyFileError"));
        assertThat(wizard.text("#keyFileError")).isEqualTo(ConnectionForm.KEY_FILE_MISSING);
    }

    @Test
    void enterCancelsHostKey(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");
        robot.clickOn("#connect");
        wizard.waitUntil(() -> robot.lookup("#rejectHostKey").tryQuery().isPresent());

        assertThat(robot.lookup("#rejectHostKey").queryButton().isDefaultButton()).isTrue();
        assertThat(robot.lookup("#trustHostKey").queryButton().isDefaultButton()).isFalse();
        robot.type(KeyCode.ENTER);
        wizard.waitUntil(() -> wizard.isShown("#error"));

        assertThat(wizard.text("#error")).isEqualTo(
                GatewayFailure.HOST_KEY_REJECTED.describe(FakeGatewayChecks.HOST_KEY.fingerprint()));
        assertThat(gateway.connections()).isEmpty();
    }

    @Test
    void escapeCancelsHostKey(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");
        robot.clickOn("#connect");
        wizard.waitUntil(() -> robot.lookup("#rejectHostKey").tryQuery().isPresent());

        robot.type(KeyCode.ESCAPE);
        wizard.waitUntil(() -> wizard.isShown("#error"));

        assertThat(gateway.connections()).isEmpty();
    }

    @Test
    void tabSpaceTrustsHostKey(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");
        robot.clickOn("#connect");
        wizard.waitUntil(() -> robot.lookup("#rejectHostKey").tryQuery().isPresent());
        wizard.waitUntil(() -> robot.lookup("#rejectHostKey").queryButton().isFocused());

        robot.type(KeyCode.TAB);
        wizard.waitUntil(() -> robot.lookup("#trustHostKey").queryButton().isFocused());
        robot.type(KeyCode.SPACE);
        wizard.waitUntil(() -> !wizard.button("#next").isDisabled());

        assertThat(gateway.connections()).hasSize(1);
    }

    @Test
    void keyFileErrorShownWithoutScrolling(FxRobot robot) throws IOException {
        Path key = Files.writeString(dataFolder.resolve("id_ed25519"), "key");
        gateway.knowHostKey().failConnect(new GatewayException(GatewayFailure.AUTHENTICATION_FAILED,
                GatewayFailure.AUTHENTICATION_FAILED.describe(ADDRESS)));
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        robot.clickOn("#useKeyFile");
        robot.clickOn("#address").write(ADDRESS);
        robot.clickOn("#user").write("outpost");
        robot.lookup("#keyFile").queryAs(TextField.class).setText(key.toString());

        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#error"));
        WaitForAsyncUtils.waitForFxEvents();

        Node error = robot.lookup("#error").query();
        Node page = robot.lookup(".page-scroll").query();
        Bounds errorBounds = error.localToScene(error.getLayoutBounds());
        Bounds pageBounds = page.localToScene(page.getLayoutBounds());
        assertThat(errorBounds.getMinY()).isGreaterThanOrEqualTo(pageBounds.getMinY());
        assertThat(errorBounds.getMaxY()).as("the error's end is above the page's bottom edge")
                .isLessThanOrEqualTo(pageBounds.getMaxY());
    }

    @Test
    void spinnerHasSizeWhileConnecting(FxRobot robot) {
        gateway.knowHostKey().holdConnect();
        WizardRobot wizard = new WizardRobot(robot).toConnectPage().typePasswordLogin(ADDRESS, "root", "secret");

        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#connectProgress"));

        Node spinner = robot.lookup("#connectProgress").query();
        assertThat(spinner.getLayoutBounds().getWidth()).isGreaterThanOrEqualTo(20);
        assertThat(spinner.getLayoutBounds().getHeight()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void fieldsStayPutWhileTyping(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        robot.clickOn("#address").write("not an address");
        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#addressError") && wizard.isShown("#userError"));
        double portBefore = sceneY(robot, "#port");
        double passwordBefore = sceneY(robot, "#password");

        robot.clickOn("#address").write("x");
        wizard.waitUntil(() -> !wizard.isShown("#addressError"));
        robot.clickOn("#user").write("root");
        wizard.waitUntil(() -> !wizard.isShown("#userError"));

        assertThat(sceneY(robot, "#port")).as("the field under a cleared message of two lines").isEqualTo(portBefore);
        assertThat(sceneY(robot, "#password")).isEqualTo(passwordBefore);
    }

    @Test
    void messageAppearsWithoutMovingFields(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        robot.clickOn("#address").write(ADDRESS);
        double passwordBefore = sceneY(robot, "#password");

        robot.clickOn("#connect");
        wizard.waitUntil(() -> wizard.isShown("#userError"));

        assertThat(sceneY(robot, "#password")).isEqualTo(passwordBefore);
    }

    private static double sceneY(FxRobot robot, String id) {
        Node node = robot.lookup(id).query();
        WaitForAsyncUtils.waitForFxEvents();
        return node.localToScene(node.getLayoutBounds()).getMinY();
    }
}
