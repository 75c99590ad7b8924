package dev.outpost.ui.enroll;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;

/** The enrollment page's layout: the file and passphrase, then the site's details from the enrollment. */
public final class EnrollView {

    static final String LEAD = "Head office gives every site an enrollment file and, separately, its passphrase."
            + " With them, Outpost installs the site with its own name, labels and address ranges, and joins it to"
            + " the central mesh and Rancher.";
    private static final double LABEL_WIDTH = 130;

    private final EnrollViewModel model;
    private final Window owner;
    private final ScrollPane root;
    private final PasswordField passphrase = new PasswordField();

    public EnrollView(EnrollViewModel model, Window owner) {
        this.model = model;
        this.owner = owner;
        Label title = new Label("Site enrollment");
        title.getStyleClass().add("page-title");
        Label lead = new Label(LEAD);
        lead.getStyleClass().add("lead");
        lead.setWrapText(true);

        VBox page = new VBox(title, lead, form(), details(), skip());
        page.getStyleClass().addAll("page", "enroll-page");
        root = new ScrollPane(page);
        root.setFitToWidth(true);
        root.getStyleClass().add("page-scroll");
    }

    public Node root() {
        return root;
    }

    /** Takes a file as Choose… does, for the wizard's tests, which cannot use the system's file chooser. */
    public void choose(Path file) {
        model.choose(file);
        passphrase.clear();
    }

    private Node form() {
        TextField file = new TextField();
        file.setId("enrollmentFile");
        file.setEditable(false);
        file.setFocusTraversable(false);
        file.setPromptText("No file chosen");
        file.textProperty().bind(Bindings.createStringBinding(() -> model.fileProperty().get() == null ? ""
                : model.fileProperty().get().toString(), model.fileProperty()));
        HBox.setHgrow(file, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("chooseEnrollment");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.disableProperty().bind(model.busyProperty());
        choose.setOnAction(event -> chooseFile());
        HBox fileRow = new HBox(file, choose);
        fileRow.getStyleClass().add("inline-row");

        passphrase.setId("enrollmentPassphrase");
        passphrase.setPromptText("from head office, sent separately");
        passphrase.disableProperty().bind(model.fileProperty().isNull().or(model.busyProperty()));
        HBox.setHgrow(passphrase, Priority.ALWAYS);
        Button open = new Button("Open");
        open.setId("openEnrollment");
        open.getStyleClass().add("accent");
        open.setDefaultButton(true);
        open.setMinWidth(Region.USE_PREF_SIZE);
        open.disableProperty().bind(model.fileProperty().isNull().or(model.busyProperty())
                .or(model.phaseProperty().isEqualTo(EnrollViewModel.Phase.OPENED)));
        open.setOnAction(event -> {
            model.open(passphrase.getText().toCharArray());
            passphrase.clear();
        });
        HBox passphraseRow = new HBox(passphrase, open);
        passphraseRow.getStyleClass().add("inline-row");

        GridPane grid = new GridPane();
        grid.getStyleClass().add("form-grid");
        grid.addRow(0, fieldLabel("Enrollment file"), fileRow);
        grid.addRow(1, fieldLabel("Passphrase"), passphraseRow);
        ColumnConstraints fixed = new ColumnConstraints(LABEL_WIDTH);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(fixed, wide);

        Label status = new Label();
        status.setId("enrollmentStatus");
        status.getStyleClass().add("status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        model.phaseProperty().addListener((observable, before, after) -> {
            status.getStyleClass().remove("status-connected");
            if (after == EnrollViewModel.Phase.OPENED) {
                status.getStyleClass().add("status-connected");
            }
        });

        Label error = box("enrollmentError", "error-box");
        error.textProperty().bind(model.errorProperty());
        showWhen(error, model.errorProperty().isNotEmpty());

        VBox form = new VBox(grid, status, error);
        form.getStyleClass().add("enroll-form");
        return form;
    }

    private Node details() {
        GridPane grid = new GridPane();
        grid.setId("enrollmentDetails");
        grid.getStyleClass().add("bundle-details");
        grid.addRow(0, name("Site"), value("enrolledSiteName", model.siteNameProperty()));
        grid.addRow(1, name("Site id"), value("enrolledSiteId", model.siteIdProperty()));
        grid.addRow(2, name("Joins"), value("enrolledCentral", model.centralProperty()));
        grid.addRow(3, name("Valid until"), value("enrolledExpiry", model.expiresProperty()));
        FlowPane labels = new FlowPane();
        labels.setId("enrolledLabels");
        labels.getStyleClass().add("label-chips");
        model.labels().addListener((ListChangeListener<String>) change -> labels.getChildren().setAll(
                model.labels().stream().map(EnrollView::chip).toList()));
        grid.addRow(4, name("Labels"), labels);
        ColumnConstraints fitted = new ColumnConstraints();
        fitted.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(fitted, wide);

        Label warnings = box("enrollmentWarnings", "warning-box");
        warnings.textProperty().bind(model.warningsProperty());
        showWhen(warnings, model.warningsProperty().isNotEmpty());

        Label explanation = new Label("Choose Next to install the site with these settings and join it.");
        explanation.getStyleClass().add("hint");

        VBox card = new VBox(grid, warnings, explanation);
        card.getStyleClass().addAll("enroll-card");
        showWhen(card, model.phaseProperty().isEqualTo(EnrollViewModel.Phase.OPENED));
        return card;
    }

    private Node skip() {
        Label note = new Label("No enrollment file yet? Leave this page empty and choose Next: Outpost installs K3s"
                + " now, and you join the site to head office on a later visit.");
        note.getStyleClass().add("hint");
        note.setWrapText(true);
        HBox.setHgrow(note, Priority.ALWAYS);
        Button clear = new Button("Forget the file");
        clear.setId("clearEnrollment");
        clear.setMinWidth(Region.USE_PREF_SIZE);
        clear.disableProperty().bind(model.busyProperty());
        showWhen(clear, model.fileProperty().isNotNull());
        clear.setOnAction(event -> {
            model.clear();
            passphrase.clear();
        });
        HBox row = new HBox(note, clear);
        row.getStyleClass().add("inline-row");
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose the site's enrollment file");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Site enrollment files", "*.enrollment"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File chosen = chooser.showOpenDialog(owner);
        if (chosen != null) {
            choose(chosen.toPath());
        }
    }

    private static Label chip(String text) {
        Label chip = new Label(text);
        chip.getStyleClass().add("label-chip");
        return chip;
    }

    private static Label fieldLabel(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("field-label");
        return label;
    }

    private static Label name(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("value-name");
        return label;
    }

    private static Label value(String id, ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("bundle-value");
        label.setWrapText(true);
        label.textProperty().bind(text);
        return label;
    }

    private static Label box(String id, String styleClass) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(styleClass);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }
}
