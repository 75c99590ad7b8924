package dev.outpost.ui;

import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.ui.checks.ChecksView;
import dev.outpost.ui.checks.ChecksViewModel;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.BundleChecks;
import dev.outpost.ui.common.ChosenBundle;
import dev.outpost.ui.common.ChosenEnrollment;
import dev.outpost.ui.common.ClusterGatewayMeshChecks;
import dev.outpost.ui.common.EngineSiteEnrollments;
import dev.outpost.ui.common.GatewayMeshChecks;
import dev.outpost.ui.common.SiteEnrollments;
import dev.outpost.ui.common.GatewayChecks;
import dev.outpost.ui.common.GatewayInstall;
import dev.outpost.ui.common.PreflightGatewayChecks;
import dev.outpost.ui.common.TrustedBundleChecks;
import dev.outpost.ui.common.EngineSerialInstruments;
import dev.outpost.ui.common.SerialInstruments;
import dev.outpost.ui.instruments.InstrumentsView;
import dev.outpost.ui.instruments.InstrumentsViewModel;
import dev.outpost.ui.connect.ConnectView;
import dev.outpost.ui.connect.ConnectViewModel;
import dev.outpost.ui.connect.ConsoleDialog;
import dev.outpost.ui.connect.ConsoleViewModel;
import dev.outpost.ui.connect.DiscoveryViewModel;
import dev.outpost.ui.common.EngineGatewayConsoles;
import dev.outpost.ui.common.GatewayConsoles;
import dev.outpost.ui.common.EngineGatewayFinder;
import dev.outpost.ui.common.GatewayFinder;
import dev.outpost.ui.diagnostics.DiagnosticsSummaryView;
import dev.outpost.ui.diagnostics.DiagnosticsViewModel;
import dev.outpost.ui.enroll.EnrollView;
import dev.outpost.ui.enroll.EnrollViewModel;
import dev.outpost.ui.install.InstallView;
import dev.outpost.ui.install.InstallViewModel;
import dev.outpost.ui.verify.MeshChecksViewModel;
import dev.outpost.ui.welcome.TrustedKeysViewModel;
import dev.outpost.ui.welcome.WelcomeView;
import dev.outpost.ui.welcome.WelcomeViewModel;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wizard's window and the composition root of its pages: it builds each page's view model and view, the
 * navigation between them, and the worker threads that keep long work off the FX thread.
 */
public final class WizardWindow {

    static final double WIDTH = 960;
    static final double HEIGHT = 680;
    static final String STYLESHEET = "/dev/outpost/ui/outpost.css";
    /** The app icon in the sizes window managers ask for; the build copies them from {@code icons/linux}. */
    static final List<String> ICON_SIZES = List.of("16", "24", "32", "48", "64", "128", "256");
    static final String ICON_RESOURCE = "/dev/outpost/ui/icon/outpost-%s.png";
    private static final List<String> STEP_NAMES = List.of("Welcome", "Connect", "Check", "Instruments",
            "Enroll", "Install", "Verify");
    /** The line the last page shows where Next would be. */
    static final String LAST_STEP = "This is the last step of the site visit.";

    private final GatewayChecks checks;
    private final GatewayInstall install;
    private final AppDirectories directories;
    private final TrustedKeys trustedKeys;
    private final BundleChecks bundles;
    private final SiteEnrollments enrollments;
    private final GatewayMeshChecks meshChecks;
    private final SerialInstruments instruments;
    private GatewayFinder finder;
    private GatewayConsoles consoles = new EngineGatewayConsoles();
    private WelcomeViewModel welcome;
    private EnrollView enrollView;
    private WelcomeView welcomeView;
    private InstallViewModel installModel;

    /**
     * Builds the wizard over the engine.
     *
     * @param preflight   connects to the gateway and runs the checks
     * @param install     installs K3s on the gateway; the composition root passes the engine's installer
     * @param directories where the known-hosts file and the trusted keys are
     */
    public WizardWindow(Preflight preflight, GatewayInstall install, AppDirectories directories) {
        this(new PreflightGatewayChecks(preflight), install, directories);
    }

    /**
     * Builds the wizard over any implementation of the gateway calls it makes, verifying bundles with the engine.
     *
     * @param checks      opens connections and runs the checks
     * @param install     installs K3s on the gateway
     * @param directories where the known-hosts file and the trusted keys are
     */
    public WizardWindow(GatewayChecks checks, GatewayInstall install, AppDirectories directories) {
        this(checks, install, trustedKeys(directories), directories);
    }

    private WizardWindow(GatewayChecks checks, GatewayInstall install, TrustedKeys trustedKeys,
            AppDirectories directories) {
        this(checks, install, new TrustedBundleChecks(trustedKeys), trustedKeys, directories);
    }

    /**
     * Builds the wizard over any implementation of the engine calls it makes.
     *
     * @param checks      opens connections and runs the checks
     * @param install     installs K3s on the gateway
     * @param bundles     verifies offline bundles
     * @param trustedKeys the head-office keys the Trusted keys… dialog lists and adds to, and the install passes on
     * @param directories where the known-hosts file is
     */
    public WizardWindow(GatewayChecks checks, GatewayInstall install, BundleChecks bundles, TrustedKeys trustedKeys,
            AppDirectories directories) {
        this(checks, install, bundles, trustedKeys, new EngineSiteEnrollments(Clock.systemUTC()),
                new ClusterGatewayMeshChecks(Clock.systemUTC()), directories);
    }

    /**
     * Builds the wizard over any implementation of the engine calls it makes, the enrollment and the mesh checks
     * included.
     *
     * @param checks      opens connections and runs the checks
     * @param install     installs K3s on the gateway and joins the site
     * @param bundles     verifies offline bundles
     * @param trustedKeys the head-office keys the Trusted keys… dialog lists and adds to, and the install passes on
     * @param enrollments reads and opens site enrollment files
     * @param meshChecks  runs the mesh checks of the joined site
     * @param directories where the known-hosts file is
     */
    public WizardWindow(GatewayChecks checks, GatewayInstall install, BundleChecks bundles, TrustedKeys trustedKeys,
            SiteEnrollments enrollments, GatewayMeshChecks meshChecks, AppDirectories directories) {
        this(checks, install, bundles, trustedKeys, enrollments, meshChecks, new EngineSerialInstruments(),
                directories);
    }

    /**
     * Builds the wizard over any implementation of the engine calls it makes, the serial scans included.
     *
     * @param instruments scans the serial ports of the laptop and the gateway
     */
    public WizardWindow(GatewayChecks checks, GatewayInstall install, BundleChecks bundles, TrustedKeys trustedKeys,
            SiteEnrollments enrollments, GatewayMeshChecks meshChecks, SerialInstruments instruments,
            AppDirectories directories) {
        this.instruments = instruments;
        this.enrollments = enrollments;
        this.meshChecks = meshChecks;
        this.checks = checks;
        this.install = install;
        this.bundles = bundles;
        this.trustedKeys = trustedKeys;
        this.directories = directories;
    }

    /**
     * Makes the connect page search the laptop's cable with this finder instead of the engine's, which reads its
     * settings from the data folder. Called before {@link #show}.
     *
     * @return this window
     */
    public WizardWindow findingGatewaysWith(GatewayFinder gatewayFinder) {
        this.finder = gatewayFinder;
        return this;
    }

    /**
     * Makes the console dialog reach the gateway's console with this instead of the engine's serial ports. Called
     * before {@link #show}.
     *
     * @return this window
     */
    public WizardWindow reachingConsolesWith(GatewayConsoles gatewayConsoles) {
        this.consoles = gatewayConsoles;
        return this;
    }

    /** Returns the trusted keys kept in the data folder, with those shipped with Outpost. Blocks briefly. */
    public static TrustedKeys trustedKeys(AppDirectories directories) {
        return new TrustedKeys(directories.data().resolve(TrustedKeys.FOLDER_NAME), TrustedKeys.shippedWithOutpost());
    }

    /**
     * Shows the wizard in the stage. Called on the FX thread. Closing the stage closes the gateway connection and
     * wipes the login kept for connecting again.
     */
    public void show(Stage stage) {
        ExecutorService worker = Executors.newCachedThreadPool(new WorkerThreads());
        Executor fxThread = Platform::runLater;
        ActiveConnection active = new ActiveConnection(worker);

        ChosenBundle chosenBundle = new ChosenBundle();
        welcome = new WelcomeViewModel(bundles, new BackgroundTasks(worker, fxThread), chosenBundle,
                ZoneId.systemDefault());
        TrustedKeysViewModel keys = new TrustedKeysViewModel(trustedKeys, new BackgroundTasks(worker, fxThread));
        ConnectViewModel connect = new ConnectViewModel(checks, new BackgroundTasks(worker, fxThread), active,
                directories.knownHosts());
        DiscoveryViewModel discovery = new DiscoveryViewModel(finder != null ? finder
                : new EngineGatewayFinder(directories.data()), new BackgroundTasks(worker, fxThread),
                WizardWindow::fxDelay, connect.form());
        active.connectionProperty().addListener((observable, before, after) ->
                discovery.connectionChanged(after != null));
        ChecksViewModel checksModel = new ChecksViewModel(new BackgroundTasks(worker, fxThread), active, connect);
        InstrumentsViewModel instrumentsModel = new InstrumentsViewModel(instruments,
                new BackgroundTasks(worker, fxThread), active);
        ChosenEnrollment chosenEnrollment = new ChosenEnrollment();
        EnrollViewModel enroll = new EnrollViewModel(enrollments, new BackgroundTasks(worker, fxThread),
                chosenEnrollment, trustedKeys, ZoneId.systemDefault());
        installModel = new InstallViewModel(install, new BackgroundTasks(worker, fxThread), active, connect,
                chosenBundle, chosenEnrollment, trustedKeys, () -> gatewayHostname(checksModel),
                ZoneId.systemDefault());
        MeshChecksViewModel verify = new MeshChecksViewModel(meshChecks, new BackgroundTasks(worker, fxThread),
                active, connect, chosenEnrollment);
        WizardViewModel wizard = new WizardViewModel(STEP_NAMES, List.of(welcome, connect, checksModel,
                instrumentsModel, enroll, installModel, verify));

        List<String> stylesheets = List.of(WizardWindow.class.getResource(STYLESHEET).toExternalForm());
        Runnable openConsole = () -> new ConsoleDialog(new ConsoleViewModel(consoles,
                new BackgroundTasks(worker, fxThread), address -> {
                    connect.form().addressProperty().set(address);
                    connect.form().portProperty().set(Integer.toString(ConnectionSettings.DEFAULT_PORT));
                }), stage, stylesheets).show();
        ConnectView connectView = new ConnectView(connect, discovery, openConsole, stage);
        welcomeView = new WelcomeView(welcome, keys, stage, stylesheets);
        enrollView = new EnrollView(enroll, stage);
        List<Node> views = List.of(welcomeView.root(), connectView.root(),
                new ChecksView(checksModel).root(), new InstrumentsView(instrumentsModel).root(), enrollView.root(), new InstallView(installModel).root(),
                new ChecksView(verify, "Check again").root());

        BorderPane root = new BorderPane();
        root.getStyleClass().add("wizard");
        root.setTop(new WizardHeader(wizard).root());
        DiagnosticsViewModel diagnostics = new DiagnosticsViewModel(new BackgroundTasks(worker, fxThread), active,
                () -> checksModel.reportProperty().get(), chosenEnrollment, directories, outpostVersion(),
                Clock.systemUTC());
        root.setBottom(navigation(wizard, diagnosticsActions(diagnostics, wizard, stage, stylesheets)));
        wizard.currentProperty().addListener((observable, before, after) -> {
            root.setCenter(views.get(after.intValue()));
            if (views.get(after.intValue()) == connectView.root()) {
                Platform.runLater(connectView::focusFirstField);
                discovery.pageShown();
            } else {
                discovery.pageHidden();
            }
        });
        root.setCenter(views.get(0));

        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().addAll(stylesheets);
        stage.setTitle("Outpost: set up a site gateway");
        stage.getIcons().setAll(appIcons());
        stage.setMinWidth(820);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, event -> {
            welcome.stop();
            connect.cancel();
            discovery.pageHidden();
            checksModel.stop();
            instrumentsModel.stop();
            installModel.cancel();
            verify.stop();
            chosenEnrollment.clear();
            connect.forgetLogin();
            active.close();
            worker.shutdown();
        });
        stage.show();
        wizard.start();
    }

    /** Runs the action on the FX thread after the delay, unless the returned runnable cancels it first. */
    private static Runnable fxDelay(Duration delay, Runnable action) {
        PauseTransition pause = new PauseTransition(javafx.util.Duration.millis(delay.toMillis()));
        pause.setOnFinished(event -> action.run());
        pause.play();
        return pause::stop;
    }

    /** Loads the app icon in every size. Called on the FX thread. */
    static List<Image> appIcons() {
        return ICON_SIZES.stream().map(WizardWindow::appIcon).toList();
    }

    private static Image appIcon(String size) {
        String name = ICON_RESOURCE.formatted(size);
        URL url = WizardWindow.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("The app icon " + name + " is missing from this build. Build Outpost"
                    + " again with ./mvnw package, which copies it from icons/linux.");
        }
        return new Image(url.toExternalForm());
    }

    /** Returns the gateway's host name from the last finished checks, or {@code null}. */
    private static String gatewayHostname(ChecksViewModel checksModel) {
        PreflightReport report = checksModel.reportProperty().get();
        return report == null ? null : report.facts().hostname();
    }

    /** Returns the welcome page's view model once {@link #show} built it, for tests that choose a bundle directly. */
    WelcomeViewModel welcomePage() {
        return welcome;
    }

    /** Returns the enrollment page's view once {@link #show} built it, for tests that choose a file directly. */
    EnrollView enrollView() {
        return enrollView;
    }

    /** Returns the welcome page's view once {@link #show} built it, for tests that add a key without a file chooser. */
    WelcomeView welcomeView() {
        return welcomeView;
    }

    /**
     * The diagnostics actions at the left of the navigation bar: Save diagnostics… on every page, and on the
     * welcome page a link that opens a diagnostics file, for head office. Called on the FX thread.
     */
    private static Node diagnosticsActions(DiagnosticsViewModel diagnostics, WizardViewModel wizard, Stage stage,
            List<String> stylesheets) {
        Button save = new Button("Save diagnostics…");
        save.setId("saveDiagnostics");
        save.setMinWidth(Region.USE_PREF_SIZE);
        save.disableProperty().bind(diagnostics.busyProperty());
        save.setOnAction(event -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save diagnostics for head office");
            chooser.setInitialFileName("outpost-diagnostics.zip");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Diagnostics file", "*.zip"));
            var file = chooser.showSaveDialog(stage);
            if (file != null) {
                diagnostics.save(file.toPath());
            }
        });
        Hyperlink open = new Hyperlink("Open a diagnostics file…");
        open.setId("openDiagnostics");
        showWhen(open, wizard.currentProperty().isEqualTo(0));
        open.setOnAction(event -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open a diagnostics file");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Diagnostics file", "*.zip"));
            var file = chooser.showOpenDialog(stage);
            if (file != null) {
                diagnostics.open(file.toPath(), summary -> new DiagnosticsSummaryView(summary).show(stage,
                        stylesheets));
            }
        });
        Label message = new Label();
        message.setId("diagnosticsMessage");
        message.getStyleClass().add("navigation-note");
        message.setWrapText(true);
        message.textProperty().bind(diagnostics.messageProperty());
        HBox actions = new HBox(8, save, open, message);
        actions.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(message, Priority.SOMETIMES);
        return actions;
    }

    /** The version in the jar's manifest, or a note that this is a development build. */
    private static String outpostVersion() {
        String version = WizardWindow.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    private static Node navigation(WizardViewModel wizard, Node diagnostics) {
        Button back = new Button("Back");
        back.setId("back");
        back.disableProperty().bind(wizard.canGoBack().not());
        back.visibleProperty().bind(wizard.currentProperty().greaterThan(0));
        back.setOnAction(event -> wizard.back());
        back.setMinWidth(Region.USE_PREF_SIZE);

        Button next = new Button("Next");
        next.setId("next");
        next.getStyleClass().add("accent");
        next.disableProperty().bind(wizard.canGoNext().not());
        next.setOnAction(event -> wizard.next());
        next.setMinWidth(Region.USE_PREF_SIZE);
        showWhen(next, wizard.hasNextPage());

        Label lastStep = new Label(LAST_STEP);
        lastStep.setId("lastStep");
        lastStep.getStyleClass().add("navigation-note");
        lastStep.setWrapText(true);
        showWhen(lastStep, wizard.hasNextPage().not());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(back, diagnostics, spacer, lastStep, next);
        bar.getStyleClass().add("navigation");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    /** Daemon threads, so a connection attempt still waiting on the network never keeps Outpost open. */
    private static final class WorkerThreads implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "outpost-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
