package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.TrustedKeys;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Lists the head-office keys this laptop trusts, with their fingerprints, and adds one from a {@code .pub} file after
 * the person confirms its fingerprint in an {@link AddKeyDialog}. Built and shown on the FX thread; it does not
 * block.
 */
public final class TrustedKeysDialog {

    private final TrustedKeysViewModel model;
    private final List<String> stylesheets;
    private final Dialog<Void> dialog = new Dialog<>();

    /**
     * @param owner       the wizard's window
     * @param model       the trusted keys
     * @param stylesheets the wizard's stylesheets, so the dialog looks like the window
     */
    public TrustedKeysDialog(Window owner, TrustedKeysViewModel model, List<String> stylesheets) {
        this.model = model;
        this.stylesheets = stylesheets;
        dialog.initOwner(owner);
        dialog.setTitle("Trusted head-office keys");
        dialog.setHeaderText("Trusted head-office keys");
        dialog.getDialogPane().getStylesheets().addAll(stylesheets);
        dialog.getDialogPane().getStyleClass().addAll("host-key-dialog", "trusted-keys-dialog");
        dialog.getDialogPane().setContent(content());
        ButtonType close = new ButtonType("Close", ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().add(close);
        dialog.getDialogPane().lookupButton(close).setId("closeTrustedKeys");
    }

    private Node content() {
        Label explanation = new Label("Outpost uses a bundle only when one of these keys signed it. Head office"
                + " gives you its key as a .pub file, with its fingerprint on a separate channel such as a phone"
                + " call.");
        explanation.setWrapText(true);

        ListView<TrustedKeys.TrustedKey> list = new ListView<>(model.keys());
        list.setId("trustedKeyList");
        list.getStyleClass().add("key-list");
        list.setPrefHeight(130);
        list.setFocusTraversable(false);
        list.setCellFactory(view -> new KeyCell());
        Label empty = new Label("No key is trusted yet. Choose Add key… and pick the .pub file head office gave"
                + " you.");
        empty.setWrapText(true);
        empty.getStyleClass().add("hint");
        list.setPlaceholder(empty);

        Button add = new Button("Add key…");
        add.setId("addKey");
        add.setOnAction(event -> chooseKeyFile());
        Label status = new Label();
        status.setId("keyStatus");
        status.getStyleClass().add("status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        HBox actions = new HBox(add, status);
        actions.getStyleClass().add("key-actions");
        HBox.setHgrow(status, Priority.ALWAYS);

        Label problem = new Label();
        problem.setId("keyProblem");
        problem.getStyleClass().add("error-box");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Label folder = new Label("Added keys are kept in " + model.folder() + ".");
        folder.setWrapText(true);
        folder.getStyleClass().add("field-hint");

        VBox content = new VBox(explanation, list, actions, problem, folder);
        content.getStyleClass().add("host-key-content");
        return content;
    }

    /** Shows the dialog, reading the keys again, and returns at once. */
    public void show() {
        model.refresh();
        dialog.show();
    }

    /** Asks about a key the person chose, without the native file chooser. */
    void confirm(Path file) {
        model.preview(file, candidate -> new AddKeyDialog(dialog.getDialogPane().getScene().getWindow(), candidate,
                stylesheets, add -> {
                    if (add) {
                        model.add(candidate);
                    } else {
                        model.declined(candidate);
                    }
                }).show());
    }

    private void chooseKeyFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose head office's public key");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Public keys (*.pub)", "*.pub"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File chosen = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
        if (chosen != null) {
            confirm(chosen.toPath());
        }
    }

    /** One key: its file name and where it comes from, and its fingerprint in a monospace font. */
    private static final class KeyCell extends ListCell<TrustedKeys.TrustedKey> {

        @Override
        protected void updateItem(TrustedKeys.TrustedKey key, boolean empty) {
            super.updateItem(key, empty);
            if (empty || key == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(key.name());
            name.getStyleClass().add("key-name");
            Label source = new Label(key.source() == TrustedKeys.Source.SHIPPED ? "shipped with Outpost"
                    : "added on this laptop");
            source.getStyleClass().add("field-hint");
            HBox title = new HBox(name, source);
            title.getStyleClass().add("key-title");
            Label fingerprint = new Label(key.fingerprint());
            fingerprint.getStyleClass().addAll("monospace", "key-fingerprint");
            setGraphic(new VBox(title, fingerprint));
            setText(null);
        }
    }
}
