package dev.outpost.ui.welcome;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** The welcome page's layout, with the offline bundle section. Built and used on the FX thread. */
public final class WelcomeView {

    private static final String DROP_READY = "drop-ready";

    private final WelcomeViewModel model;
    private final TrustedKeysViewModel keys;
    private final Window owner;
    private final List<String> stylesheets;
    private final ScrollPane root;
    private TrustedKeysDialog keysDialog;

    /**
     * @param model       the page's view model
     * @param keys        the trusted keys, for the Trusted keys… dialog
     * @param owner       the wizard's window, which owns the choosers and dialogs
     * @param stylesheets the wizard's stylesheets, for the dialogs
     */
    public WelcomeView(WelcomeViewModel model, TrustedKeysViewModel keys, Window owner, List<String> stylesheets) {
        this.model = model;
        this.keys = keys;
        this.owner = owner;
        this.stylesheets = stylesheets;

        Label title = new Label(model.title());
        title.getStyleClass().add("page-title");

        Label introduction = new Label(model.introduction());
        introduction.getStyleClass().add("lead");
        introduction.setWrapText(true);

        Label stepsHeading = new Label("What happens next");
        stepsHeading.getStyleClass().add("section-heading");

        Label bundleHeading = new Label("Offline bundle");
        bundleHeading.getStyleClass().add("section-heading");

        Label hint = new Label(model.startHint());
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);

        VBox page = new VBox(title, introduction, stepsHeading, steps(model), bundleHeading, bundleArea(), hint);
        page.getStyleClass().addAll("page", "welcome-page");
        // The bundle's details and a problem together can be taller than a small window.
        root = new ScrollPane(page);
        root.getStyleClass().add("page-scroll");
        root.setFitToWidth(true);
        // A change in the bundle card can push it below the fold, so the page scrolls down to keep it in sight.
        model.stateProperty().addListener((observable, before, after) -> Platform.runLater(this::scrollToBottom));
        model.problemProperty().addListener((observable, before, after) -> Platform.runLater(this::scrollToBottom));
        keys.refresh();
    }

    public Node root() {
        return root;
    }

    /**
     * Shows the trusted keys and the confirmation to add the key in the file, as Add key… does once a file is chosen.
     * Also used when a {@code .pub} file is dropped on the page.
     */
    public void askToAddKey(Path file) {
        showTrustedKeys();
        keysDialog.confirm(file);
    }

    /** Lays the page out first, so that the bottom is where the card's new content ends. */
    private void scrollToBottom() {
        root.applyCss();
        root.layout();
        root.setVvalue(root.getVmax());
    }

    private static GridPane steps(WelcomeViewModel model) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("welcome-steps");
        int row = 0;
        for (WelcomeViewModel.Step step : model.steps()) {
            Label number = new Label(Integer.toString(row + 1));
            number.getStyleClass().add("step-number");
            StackPane badge = new StackPane(number);
            badge.getStyleClass().add("step-badge");
            badge.setAlignment(Pos.CENTER);

            Label name = new Label(step.name());
            name.getStyleClass().add("welcome-step-name");
            Label description = new Label(step.description());
            description.getStyleClass().add("welcome-step-description");
            description.setWrapText(true);

            grid.addRow(row, badge, new VBox(name, description));
            row++;
        }
        return grid;
    }

    /** Builds the bundle card: status, progress or details, the choose buttons, and a drop target. */
    private Node bundleArea() {
        Label status = new Label();
        status.setId("bundleStatus");
        status.getStyleClass().add("bundle-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        model.stateProperty().addListener((observable, before, after) -> {
            status.getStyleClass().remove("bundle-status-verified");
            if (after == WelcomeViewModel.BundleState.VERIFIED) {
                status.getStyleClass().add("bundle-status-verified");
            }
        });

        Label problem = new Label();
        problem.setId("bundleProblem");
        problem.getStyleClass().add("error-box");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty().bind(model.problemProperty());
        showWhen(problem, model.problemProperty().isNotEmpty());

        VBox card = new VBox(status, progressRow(), details(), problem, actions());
        card.setId("bundleDropArea");
        card.getStyleClass().add("bundle-card");
        card.setOnDragOver(this::dragOver);
        card.setOnDragExited(event -> card.getStyleClass().remove(DROP_READY));
        card.setOnDragDropped(this::dropped);
        return card;
    }

    private Node progressRow() {
        ProgressBar bar = new ProgressBar();
        bar.setId("bundleProgress");
        bar.getStyleClass().add("bundle-progress");
        bar.progressProperty().bind(model.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);

        Label share = new Label();
        share.setId("bundleProgressText");
        share.getStyleClass().add("status");
        share.textProperty().bind(model.progressTextProperty());

        Button cancel = new Button("Cancel");
        cancel.setId("cancelBundle");
        cancel.setOnAction(event -> model.cancel());

        HBox row = new HBox(bar, share, cancel);
        row.getStyleClass().add("bundle-progress-row");
        row.setAlignment(Pos.CENTER_LEFT);
        showWhen(row, model.stateProperty().isEqualTo(WelcomeViewModel.BundleState.VERIFYING));
        return row;
    }

    private Node details() {
        GridPane grid = new GridPane();
        grid.setId("bundleDetails");
        grid.getStyleClass().add("bundle-details");
        grid.addRow(0, name("Name"), value("bundleName", BundleSummary::name), name("Created"),
                value("bundleCreated", BundleSummary::created));
        grid.addRow(1, name("Versions"), value("bundleVersions", BundleSummary::versions), name("Architectures"),
                value("bundleArchitectures", BundleSummary::architectures));
        grid.add(name("File"), 0, 2);
        grid.add(value("bundleLocation", BundleSummary::location), 1, 2, 3, 1);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        ColumnConstraints fitted = new ColumnConstraints();
        fitted.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(fitted, wide, fitted, fitted);
        showWhen(grid, model.summaryProperty().isNotNull());
        return grid;
    }

    private Node actions() {
        Button chooseFile = new Button("Choose bundle…");
        chooseFile.setId("chooseBundle");
        chooseFile.getStyleClass().add("accent");
        chooseFile.setOnAction(event -> chooseFile());

        Button chooseFolder = new Button("Choose folder…");
        chooseFolder.setId("chooseBundleFolder");
        chooseFolder.setOnAction(event -> chooseFolder());

        Label dropHint = new Label("or drop it here");
        dropHint.getStyleClass().add("field-hint");

        Label keyCount = new Label();
        keyCount.setId("trustedKeyCount");
        keyCount.getStyleClass().add("field-hint");
        keyCount.textProperty().bind(Bindings.createStringBinding(() -> TrustedKeysViewModel.count(keys.keys()),
                keys.keys()));

        Button trusted = new Button("Trusted keys…");
        trusted.setId("trustedKeys");
        trusted.setOnAction(event -> showTrustedKeys());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(chooseFile, chooseFolder, dropHint, spacer, keyCount, trusted);
        row.getStyleClass().add("bundle-actions");
        row.setAlignment(Pos.CENTER_LEFT);
        row.disableProperty().bind(model.busyProperty());
        return row;
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose the offline bundle");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Offline bundles (*.tar.zst, *.tar)", "*.tar.zst", "*.tar"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File chosen = chooser.showOpenDialog(owner);
        if (chosen != null) {
            model.choose(chosen.toPath());
        }
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose the folder of the offline bundle");
        File chosen = chooser.showDialog(owner);
        if (chosen != null) {
            model.choose(chosen.toPath());
        }
    }

    private void showTrustedKeys() {
        if (keysDialog == null) {
            keysDialog = new TrustedKeysDialog(owner, keys, stylesheets);
        }
        keysDialog.show();
    }

    private void dragOver(DragEvent event) {
        if (event.getGestureSource() == null && !model.busyProperty().get()
                && WelcomeViewModel.droppedBundle(files(event.getDragboard())).isPresent()) {
            event.acceptTransferModes(TransferMode.COPY);
            Node target = (Node) event.getSource();
            if (!target.getStyleClass().contains(DROP_READY)) {
                target.getStyleClass().add(DROP_READY);
            }
        }
        event.consume();
    }

    private void dropped(DragEvent event) {
        List<Path> paths = files(event.getDragboard());
        boolean taken;
        if (WelcomeViewModel.isKeyFile(paths)) {
            askToAddKey(paths.get(0));
            taken = true;
        } else {
            taken = model.drop(paths);
        }
        event.setDropCompleted(taken);
        event.consume();
    }

    private static List<Path> files(Dragboard board) {
        return board.hasFiles() ? board.getFiles().stream().map(File::toPath).toList() : List.of();
    }

    private static Label name(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("value-name");
        return label;
    }

    private Label value(String id, java.util.function.Function<BundleSummary, String> part) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("bundle-value");
        label.setWrapText(true);
        label.textProperty().bind(Bindings.createStringBinding(() -> {
            BundleSummary summary = model.summaryProperty().get();
            return summary == null ? "" : part.apply(summary);
        }, model.summaryProperty()));
        return label;
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }
}
