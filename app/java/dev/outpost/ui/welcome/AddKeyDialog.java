package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.ui.common.FingerprintConfirmation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static dev.outpost.ui.common.FingerprintConfirmation.copyableValue;
import static dev.outpost.ui.common.FingerprintConfirmation.valueName;

/**
 * Asks whether to trust a head-office bundle-signing key, showing its fingerprint to compare with the one head office
 * gave. Cancel is the default and the focused button, so Enter and Escape both cancel; adding takes a click on Add
 * key. Built and shown on the FX thread; it does not block.
 */
public final class AddKeyDialog {

    static final String COMPARE = "Compare this fingerprint with the one head office gave you, character by"
            + " character. Choose Add key only if they match.";
    private final FingerprintConfirmation dialog;

    /**
     * @param owner       the window the dialog belongs to
     * @param candidate   the key read from the chosen file
     * @param stylesheets the wizard's stylesheets, so the dialog looks like the window
     * @param answer      receives true when the person adds the key, false when they cancel or close the dialog
     */
    public AddKeyDialog(Window owner, TrustedKeys.KeyCandidate candidate, List<String> stylesheets,
            Consumer<Boolean> answer) {
        dialog = new FingerprintConfirmation(owner, stylesheets, "Add a trusted head-office key",
                "Is this head office's key?", content(candidate),
                new FingerprintConfirmation.Choice("Add key", "confirmAddKey"), "cancelAddKey", answer)
                .withStyleClass("add-key-dialog");
    }

    private static Node content(TrustedKeys.KeyCandidate candidate) {
        Label explanation = new Label("Outpost checks every offline bundle against the keys this laptop trusts."
                + " A bundle signed with this key will count as coming from head office.");
        explanation.setWrapText(true);

        GridPane values = new GridPane();
        values.getStyleClass().add("host-key-values");
        Path name = candidate.file().getFileName();
        values.addRow(0, valueName("File"), copyableValue(name == null ? candidate.file().toString() : name.toString(),
                "candidateFile"));
        values.addRow(1, valueName("Fingerprint"), copyableValue(candidate.fingerprint(), "candidateFingerprint"));

        Label compare = new Label(COMPARE);
        compare.setId("compareFingerprint");
        compare.setWrapText(true);
        compare.getStyleClass().add("hint");

        VBox content = new VBox(explanation, values, compare);
        content.getStyleClass().add("host-key-content");
        return content;
    }

    /** Shows the dialog and returns at once; the answer arrives when it closes. */
    public void show() {
        dialog.show();
    }
}
