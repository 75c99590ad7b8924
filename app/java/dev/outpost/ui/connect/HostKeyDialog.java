package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.ui.common.FingerprintConfirmation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.List;
import java.util.function.Consumer;

import static dev.outpost.ui.common.FingerprintConfirmation.copyableValue;
import static dev.outpost.ui.common.FingerprintConfirmation.valueName;

/**
 * Asks whether to trust a gateway's host key seen for the first time, showing the values a person compares with
 * the ones head office gave them. Cancel is the default and the focused button, so Enter and Escape both cancel;
 * trusting takes a click on Trust and connect, or Tab and Space. Built and shown on the FX thread; it does not
 * block.
 */
public final class HostKeyDialog {

    private final FingerprintConfirmation dialog;

    /**
     * @param owner       the wizard's window
     * @param key         the key to show
     * @param stylesheets the wizard's stylesheets, so the dialog looks like the window
     * @param answer      receives true when the person trusts the key, false when they cancel or close the dialog
     */
    public HostKeyDialog(Window owner, HostKeyInfo key, List<String> stylesheets, Consumer<Boolean> answer) {
        dialog = new FingerprintConfirmation(owner, stylesheets, "Confirm the gateway's identity",
                "Is this the right gateway?", content(key),
                new FingerprintConfirmation.Choice("Trust and connect", "trustHostKey"), "rejectHostKey", answer);
    }

    private static Node content(HostKeyInfo key) {
        Label explanation = new Label("This laptop has not connected to the gateway at " + key.host() + " before."
                + " Compare the fingerprint below with the one head office gave you, and choose Trust and"
                + " connect only if they match.");
        explanation.setWrapText(true);
        explanation.getStyleClass().add("dialog-text");

        GridPane values = new GridPane();
        values.getStyleClass().add("host-key-values");
        values.addRow(0, valueName("Address"), copyableValue(key.host() + ", port " + key.port(), "hostKeyAddress"));
        values.addRow(1, valueName("Key type"), copyableValue(key.algorithm(), "hostKeyAlgorithm"));
        values.addRow(2, valueName("Fingerprint"), copyableValue(key.fingerprint(), "hostKeyFingerprint"));

        Label warning = new Label("If they do not match, choose Cancel and call head office: another device may"
                + " be pretending to be the gateway.");
        warning.setWrapText(true);
        warning.getStyleClass().add("hint");

        VBox content = new VBox(explanation, values, warning);
        content.getStyleClass().add("host-key-content");
        return content;
    }

    /** Shows the dialog and returns at once; the answer arrives when it closes. */
    public void show() {
        dialog.show();
    }

    /** Closes the dialog as if the person had cancelled, when nothing waits for the answer any more. */
    public void close() {
        dialog.close();
    }
}
