package dev.outpost.ui;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.discovery.DiscoverySettings;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigConsole;
import dev.outpost.rig.RigGateway;
import dev.outpost.rig.RigSegment;
import dev.outpost.testing.XvfbSession;
import dev.outpost.ui.common.EngineGatewayConsoles;
import dev.outpost.ui.common.EngineGatewayFinder;
import dev.outpost.ui.common.GatewayInstall;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the real wizard on the Xvfb display to a gateway whose address the person does not know: found on a
 * link-local cable (a bridge this test makes, the only interface the wizard searches) by the gateway's own avahi,
 * and reached through its console, where the gateway's own agetty and login run. Saves screenshots to
 * {@code target/screenshots/}.
 */
@ExtendWith(GatewayRigExtension.class)
class WizardReachesGatewayAgainstRigIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dataFolder;
    @TempDir
    Path consoleFolder;

    private static RigSegment segment;
    private static boolean plugged;
    private Stage stage;
    private RigConsole console;

    @BeforeAll
    static void makeCable() throws Exception {
        assumeTrue(XvfbSession.displayAvailable(), "No X display on " + XvfbSession.display() + "; this test"
                + " needs Xvfb.");
        ScreenCapture.startToolkit();
        segment = RigSegment.create();
    }

    @AfterAll
    static void removeCable() {
        if (segment != null) {
            segment.close();
        }
    }

    @BeforeEach
    void plugIn(RigGateway rig) throws Exception {
        if (!plugged) {
            rig.plugInto(segment);
            plugged = true;
        }
        console = RigConsole.attach(rig, consoleFolder);
        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        AppDirectories directories = new AppDirectories(dataFolder, dataFolder.resolve("logs"));
        DiscoverySettings onTheCable = DiscoverySettings.onInterfaces(List.of(segment.interfaceName()));
        stage = ScreenCapture.onFx(() -> {
            Stage window = new Stage();
            new WizardWindow(preflight, GatewayInstall.NOT_AVAILABLE, directories)
                    .findingGatewaysWith(new EngineGatewayFinder(dataFolder, onTheCable))
                    .reachingConsolesWith(new EngineGatewayConsoles(LocalSerialPorts.only(
                            List.of(console.port().toString()))))
                    .show(window);
            window.toFront();
            return window;
        });
    }

    @AfterEach
    void closeWizard() throws Exception {
        if (stage != null) {
            ScreenCapture.onFx(() -> {
                stage.close();
                return null;
            });
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void discoveryFindsAndConnects(RigGateway rig) throws Exception {
        FxRobot robot = new FxRobot();
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        wizard.waitUntil(() -> robot.lookup("#discoveredGateways").queryAs(VBox.class).getChildren().size() == 1
                && robot.lookup(RigGateway.HOSTNAME).tryQuery().isPresent()
                && !robot.lookup("#searchAgain").queryButton().isDisabled());

        assertThat(robot.lookup(rig.hostKeyFingerprintSha256()).tryQuery())
                .as("the list shows the gateway's real host-key fingerprint").isPresent();
        ScreenCapture.save(stage, SCREENSHOTS.resolve("connect-discovered-rig.png"));

        robot.clickOn("#useGateway0");
        String address = robot.lookup("#address").queryAs(TextField.class).getText();
        assertThat(address).startsWith("169.254.");
        assertThat(rig.exec("ip -o -4 addr show dev eth1").stdout()).contains(" " + address + "/");

        robot.clickOn("#user").write(RigGateway.TECH_USER);
        robot.clickOn("#password").write(RigGateway.TECH_PASSWORD);
        connectTrusting(robot, wizard, rig);
        assertThat(wizard.text("#connectStatus")).startsWith("Connected to the gateway at " + address);
    }

    @Test
    void consoleSetsAddressThenConnects(RigGateway rig) throws Exception {
        FxRobot robot = new FxRobot();
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();
        robot.clickOn("#openConsole");
        wizard.waitUntil(() -> console.port().toString().equals(
                robot.lookup("#consolePort").queryAs(ComboBox.class).getValue()));
        robot.clickOn("#consoleUser").write(RigGateway.TECH_USER);
        robot.clickOn("#consolePassword").write(RigGateway.TECH_PASSWORD);
        robot.clickOn("#consoleLogIn");
        wizard.waitUntil(() -> wizard.text("#consoleStatus").startsWith("Logged in to " + RigGateway.HOSTNAME));

        assertThat(robot.lookup(node -> node instanceof Label label && label.getText() != null
                && label.getText().contains(rig.address() + "/30")).tryQuery())
                .as("the gateway's own address on eth0, read over the console").isPresent();
        String log = robot.lookup("#consoleLog").queryAs(TextArea.class).getText();
        assertThat(log).contains(RigGateway.HOSTNAME + " login:").doesNotContain(RigGateway.TECH_PASSWORD);

        String octet = segment.hostAddress().split("\\.")[2];
        String temporary = "169.254." + octet + ".77";
        robot.interact(() -> robot.lookup("#consoleInterface").queryAs(ComboBox.class).setValue("eth1"));
        robot.interact(() -> robot.lookup("#consoleAddress").queryAs(TextField.class).setText(temporary + "/16"));
        robot.clickOn("#consoleSetAddress");
        wizard.waitUntil(() -> robot.lookup("#consoleConfirmSet").tryQuery().isPresent());
        assertThat(rig.exec("ip -o addr show dev eth1").stdout()).as("nothing changes before the person confirms")
                .doesNotContain(temporary);
        robot.clickOn("#consoleConfirmSet");
        wizard.waitUntil(() -> wizard.isShown("#consoleUseAddress"));
        ScreenCapture.save(consoleWindow(), SCREENSHOTS.resolve("console-rig.png"));
        assertThat(rig.exec("ip -o addr show dev eth1").stdout()).contains(temporary + "/16");

        robot.clickOn("#consoleUseAddress");
        assertThat(robot.lookup("#address").queryAs(TextField.class).getText()).isEqualTo(temporary);
        robot.clickOn("#user").write(RigGateway.TECH_USER);
        robot.clickOn("#password").write(RigGateway.TECH_PASSWORD);
        connectTrusting(robot, wizard, rig);
        assertThat(wizard.text("#connectStatus")).startsWith("Connected to the gateway at " + temporary);
    }

    private static void connectTrusting(FxRobot robot, WizardRobot wizard, RigGateway rig) {
        robot.clickOn("#connect");
        wizard.waitUntil(() -> robot.lookup("#trustHostKey").tryQuery().isPresent());
        assertThat(robot.lookup(rig.hostKeyFingerprintSha256()).tryQuery()).isPresent();
        robot.clickOn("#trustHostKey");
        wizard.waitUntil(() -> !wizard.button("#next").isDisabled());
    }

    private Window consoleWindow() throws Exception {
        return ScreenCapture.onFx(() -> Window.getWindows().stream()
                .filter(window -> window != stage && window.isShowing()).findFirst().orElseThrow());
    }
}
