package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.HostKeyInfo;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.List;
import java.util.function.Consumer;

/**
 * Asks whether to trust a gateway's host key seen for the first time, showing the values a person compares with
 * the ones head office gave them. Cancel is the default and the focused button, so Enter and Escape both cancel;
 * trusting takes a click on Trust and connect, or Tab and Space. Built and shown on the FX thread; it does not
 * block.
 */
public final class HostKeyDialog {

    private static final ButtonType TRUST = new ButtonType("Trust and connect", ButtonBar.ButtonData.OK_DONE);
    private static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Dialog<Boolean> dialog = new Dialog<>();

    /**
     * @param owner       the wizard's window
     * @param key         the key to show
     * @param stylesheets the wizard's stylesheets, so the dialog looks like the window
     * @param answer      receives true when the person trusts the key, false when they cancel or close the dialog
     */
    public HostKeyDialog(Window owner, HostKeyInfo key, List<String> stylesheets, Consumer<Boolean> answer) {
        dialog.initOwner(owner);
        dialog.setTitle("Confirm the gateway's identity");
        dialog.setHeaderText("Is this the right gateway?");
        dialog.getDialogPane().getStylesheets().addAll(stylesheets);
        dialog.getDialogPane().getStyleClass().add("host-key-dialog");
        dialog.getDialogPane().setContent(content(key));
        dialog.getDialogPane().getButtonTypes().addAll(TRUST, CANCEL);
        Button trust = (Button) dialog.getDialogPane().lookupButton(TRUST);
        trust.setId("trustHostKey");
        trust.setDefaultButton(false);
        Button cancel = (Button) dialog.getDialogPane().lookupButton(CANCEL);
        cancel.setId("rejectHostKey");
        cancel.setDefaultButton(true);
        dialog.setOnShown(event -> cancel.requestFocus());
        dialog.setResultConverter(TRUST::equals);
        dialog.setOnHidden(event -> answer.accept(Boolean.TRUE.equals(dialog.getResult())));
    }

    private static Node content(HostKeyInfo key) {
        Label explanation = new Label("This laptop has not connected to the gateway at " + key.host() + " before."
                + " Compare the fingerprint below with the one head office gave you, and choose Trust and"
                + " connect only if they match.");
        explanation.setWrapText(true);
        explanation.getStyleClass().add("dialog-text");

        GridPane values = new GridPane();
        values.getStyleClass().add("host-key-values");
        values.addRow(0, name("Address"), value(key.host() + ", port " + key.port(), "hostKeyAddress"));
        values.addRow(1, name("Key type"), value(key.algorithm(), "hostKeyAlgorithm"));
        values.addRow(2, name("Fingerprint"), value(key.fingerprint(), "hostKeyFingerprint"));

        Label warning = new Label("If they do not match, choose Cancel and call head office: another device may"
                + " be pretending to be the gateway.");
        warning.setWrapText(true);
        warning.getStyleClass().add("hint");

        VBox content = new VBox(explanation, values, warning);
        content.getStyleClass().add("host-key-content");
        return content;
    }

    private static Label name(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("value-name");
        return label;
    }

    /** Returns a read-only field in a monospace font, so the person can select and copy the value. */
    private static TextField value(String text, String id) {
        TextField field = new TextField(text);
        field.setId(id);
        field.setEditable(false);
        field.setFocusTraversable(false);
        field.getStyleClass().addAll("copyable", "monospace");
        field.setPrefColumnCount(Math.max(12, text.length()));
        return field;
    }

    /** Shows the dialog and returns at once; the answer arrives when it closes. */
    public void show() {
        dialog.show();
    }

    /** Closes the dialog as if the person had cancelled, when nothing waits for the answer any more. */
    public void close() {
        if (dialog.isShowing()) {
            dialog.setResult(false);
            dialog.close();
        }
    }
}
