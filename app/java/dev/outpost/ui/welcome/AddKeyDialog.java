package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.TrustedKeys;
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

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Asks whether to trust a head-office bundle-signing key, showing its fingerprint to compare with the one head office
 * gave. Cancel is the default and the focused button, so Enter and Escape both cancel; adding takes a click on Add
 * key. Built and shown on the FX thread; it does not block.
 */
public final class AddKeyDialog {

    static final String COMPARE = "Compare this fingerprint with the one head office gave you, character by"
            + " character. Choose Add key only if they match.";
    private static final ButtonType ADD = new ButtonType("Add key", ButtonBar.ButtonData.OK_DONE);
    private static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Dialog<Boolean> dialog = new Dialog<>();

    /**
     * @param owner       the window the dialog belongs to
     * @param candidate   the key read from the chosen file
     * @param stylesheets the wizard's stylesheets, so the dialog looks like the window
     * @param answer      receives true when the person adds the key, false when they cancel or close the dialog
     */
    public AddKeyDialog(Window owner, TrustedKeys.KeyCandidate candidate, List<String> stylesheets,
            Consumer<Boolean> answer) {
        dialog.initOwner(owner);
        dialog.setTitle("Add a trusted head-office key");
        dialog.setHeaderText("Is this head office's key?");
        dialog.getDialogPane().getStylesheets().addAll(stylesheets);
        dialog.getDialogPane().getStyleClass().addAll("host-key-dialog", "add-key-dialog");
        dialog.getDialogPane().setContent(content(candidate));
        dialog.getDialogPane().getButtonTypes().addAll(ADD, CANCEL);
        Button add = (Button) dialog.getDialogPane().lookupButton(ADD);
        add.setId("confirmAddKey");
        add.setDefaultButton(false);
        Button cancel = (Button) dialog.getDialogPane().lookupButton(CANCEL);
        cancel.setId("cancelAddKey");
        cancel.setDefaultButton(true);
        dialog.setOnShown(event -> cancel.requestFocus());
        dialog.setResultConverter(ADD::equals);
        dialog.setOnHidden(event -> answer.accept(Boolean.TRUE.equals(dialog.getResult())));
    }

    private static Node content(TrustedKeys.KeyCandidate candidate) {
        Label explanation = new Label("Outpost checks every offline bundle against the keys this laptop trusts."
                + " A bundle signed with this key will count as coming from head office.");
        explanation.setWrapText(true);

        GridPane values = new GridPane();
        values.getStyleClass().add("host-key-values");
        Path name = candidate.file().getFileName();
        values.addRow(0, name("File"), value(name == null ? candidate.file().toString() : name.toString(),
                "candidateFile"));
        values.addRow(1, name("Fingerprint"), value(candidate.fingerprint(), "candidateFingerprint"));

        Label compare = new Label(COMPARE);
        compare.setId("compareFingerprint");
        compare.setWrapText(true);
        compare.getStyleClass().add("hint");

        VBox content = new VBox(explanation, values, compare);
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
}
