package dev.outpost.ui.instruments;

import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.engine.instruments.InstrumentInventory;
import dev.outpost.engine.instruments.InstrumentScan;
import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.instruments.PortLocation;
import dev.outpost.engine.instruments.ProbeSettings;
import dev.outpost.engine.instruments.SerialAdapter;
import dev.outpost.engine.instruments.SerialPortInfo;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.FakeGatewayInstall;
import dev.outpost.ui.WizardRobot;
import dev.outpost.ui.common.EngineSerialInstruments;
import dev.outpost.ui.common.EngineSiteEnrollments;
import dev.outpost.ui.common.ClusterGatewayMeshChecks;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.SerialInstruments;
import dev.outpost.ui.common.TrustedBundleChecks;
import dev.outpost.testing.SerialPeers;
import dev.outpost.ui.WizardWindow;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The instruments page over the real engine, scanning three pseudo-terminals with a replayed GPS log, a pymodbus
 * server and an SCPI peer as the laptop's ports. The test double's gateway has no SSH session, so its scan is
 * empty.
 */
@ExtendWith(ApplicationExtension.class)
class InstrumentsPageTest {

    @TempDir
    static Path dataFolder;

    private static SerialPeers peers;
    private static List<String> ports;

    private final FakeGatewayChecks gateway = new FakeGatewayChecks();

    @BeforeAll
    static void startPeers() throws Exception {
        assumeTrue(SerialPeers.available(), "socat, python3-gps and python3-pymodbus are needed");
        Path folder = Files.createDirectories(dataFolder.resolve("serial"));
        peers = new SerialPeers(folder);
        ports = List.of(peers.gps("ttyGPS", "garmin48.log").toString(),
                peers.modbus("ttyMB", 2, "Outpost Test Meters", "OTM-200", "1.4").toString(),
                peers.scpi("ttySCPI", "Keysight Technologies,34461A,MY57200123,A.02.17").toString());
    }

    @AfterAll
    static void stopPeers() {
        if (peers != null) {
            peers.close();
        }
    }

    /** The engine's scans, with only the pseudo-terminals as the laptop's ports. */
    private static final class PtyInstruments implements SerialInstruments {

        private final EngineSerialInstruments engine = new EngineSerialInstruments(LocalSerialPorts.only(ports),
                ProbeSettings.DEFAULT);

        @Override
        public List<SerialPortInfo> laptopPorts() throws dev.outpost.engine.instruments.PortException {
            return engine.laptopPorts();
        }

        @Override
        public InstrumentInventory scanLaptop(InstrumentScan.Listener listener)
                throws dev.outpost.engine.instruments.PortException {
            return engine.scanLaptop(listener);
        }

        @Override
        public InstrumentInventory scanGateway(GatewayConnection connection, InstrumentScan.Listener listener) {
            return new InstrumentInventory(PortLocation.GATEWAY, connection.settings().host(), Instant.now(),
                    List.of());
        }
    }

    @Start
    void start(Stage stage) {
        TrustedKeys keys = WizardWindow.trustedKeys(new AppDirectories(dataFolder, dataFolder.resolve("logs")));
        new WizardWindow(gateway, new FakeGatewayInstall(), new TrustedBundleChecks(keys), keys,
                new EngineSiteEnrollments(Clock.systemUTC()), new ClusterGatewayMeshChecks(Clock.systemUTC()),
                new PtyInstruments(), new AppDirectories(dataFolder, dataFolder.resolve("logs"))).show(stage);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        gateway.releaseChecks();
        FxToolkit.cleanupStages();
    }

    @Test
    void showsThreePeers(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();
        gateway.results(dev.outpost.ui.SampleReports.allPassed());
        robot.clickOn("#rerun");
        wizard.toInstrumentsPage();
        assertThat(robot.lookup("#instrumentTable").queryAs(TableView.class).getItems()).isEmpty();

        robot.clickOn("#scanInstruments");
        wizard.waitUntil(() -> !robot.lookup("#instrumentTable").queryAs(TableView.class).getItems().isEmpty());

        @SuppressWarnings("unchecked")
        List<InstrumentRow> rows = robot.lookup("#instrumentTable").queryAs(TableView.class).getItems();
        assertThat(rows).extracting(InstrumentRow::protocol).containsExactly("NMEA 0183", "Modbus RTU", "SCPI");
        assertThat(rows.get(0).identity()).isEqualTo("GNSS receiver by Garmin, talkers GP");
        assertThat(rows.get(1).identity()).isEqualTo("Outpost Test Meters OTM-200 revision 1.4 (unit 2)");
        assertThat(rows.get(1).settings()).isEqualTo("9600 8N1");
        assertThat(rows.get(2).identity()).startsWith("Keysight Technologies 34461A");
        assertThat(rows).extracting(InstrumentRow::confidence).containsOnly("high");
        assertThat(rows).extracting(InstrumentRow::place).containsOnly("Laptop");
        assertThat(robot.lookup("#adapterNote").queryAs(Labeled.class).getText())
                .isEqualTo(SerialAdapter.NAMES_THE_CABLE);
        assertThat(wizard.text("#instrumentsStatus")).startsWith("3 of 3 serial ports have an instrument");
        assertThat(robot.lookup("#instrumentDetails").queryAs(TextArea.class).getText())
                .contains("NMEA 0183 sentences");
        assertThat(wizard.button("#scanInstruments").getText()).isEqualTo("Re-scan");
        assertThat(wizard.button("#next").isDisabled()).isFalse();
    }
}
