package dev.outpost.ui.common;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Window;

import java.util.List;
import java.util.function.Consumer;

/**
 * A dialog that asks a person to confirm a key by its fingerprint before Outpost trusts it. Cancel is the default and
 * the focused button, so Enter and Escape both cancel; confirming takes a click, or Tab and Space. Built and shown on
 * the FX thread; it does not block.
 */
public final class FingerprintConfirmation {

    private final Dialog<Boolean> dialog = new Dialog<>();

    /**
     * @param owner       the window the dialog belongs to
     * @param stylesheets the wizard's stylesheets, so the dialog looks like the window
     * @param title       the window title
     * @param header      the question, in large type
     * @param content     the explanation and the values to compare
     * @param confirm     the confirming button's text and node id
     * @param cancelId    the Cancel button's node id
     * @param answer      receives true when the person confirms, false when they cancel or close the dialog
     */
    public FingerprintConfirmation(Window owner, List<String> stylesheets, String title, String header, Node content,
                                   Choice confirm, String cancelId, Consumer<Boolean> answer) {
        ButtonType confirmType = new ButtonType(confirm.text(), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancelType = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.getDialogPane().getStylesheets().addAll(stylesheets);
        dialog.getDialogPane().getStyleClass().add("host-key-dialog");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(confirmType, cancelType);
        Button confirmButton = (Button) dialog.getDialogPane().lookupButton(confirmType);
        confirmButton.setId(confirm.id());
        confirmButton.setDefaultButton(false);
        Button cancel = (Button) dialog.getDialogPane().lookupButton(cancelType);
        cancel.setId(cancelId);
        cancel.setDefaultButton(true);
        dialog.setOnShown(event -> cancel.requestFocus());
        dialog.setResultConverter(confirmType::equals);
        dialog.setOnHidden(event -> answer.accept(Boolean.TRUE.equals(dialog.getResult())));
    }

    /** A button's text and node id. */
    public record Choice(String text, String id) {
    }

    /** Adds a style class to the dialog pane, for a dialog that needs its own look. */
    public FingerprintConfirmation withStyleClass(String styleClass) {
        dialog.getDialogPane().getStyleClass().add(styleClass);
        return this;
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

    /** Returns the label that names a value in the dialog's grid. */
    public static Label valueName(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("value-name");
        return label;
    }

    /** Returns a read-only field in a monospace font, so the person can select and copy the value. */
    public static TextField copyableValue(String text, String id) {
        TextField field = new TextField(text);
        field.setId(id);
        field.setEditable(false);
        field.setFocusTraversable(false);
        field.getStyleClass().addAll("copyable", "monospace");
        field.setPrefColumnCount(Math.max(12, text.length()));
        return field;
    }
}
