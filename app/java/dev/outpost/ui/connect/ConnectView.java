package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.HostKeyInfo;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.SegmentedButton;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The connect page's layout. The passwords stay in its password fields until the person connects; only then are
 * they copied into character arrays for the engine. Built and used on the FX thread.
 */
public final class ConnectView {

    private static final double LABEL_WIDTH = 150;
    /** Room left under the error when the page scrolls to it, so it does not touch the navigation bar. */
    private static final double ERROR_MARGIN = 16;

    private final ConnectViewModel model;
    private final Window owner;
    private final ConnectionForm form;
    private final PasswordField password = new PasswordField();
    private final PasswordField passphrase = new PasswordField();
    private final PasswordField sudoPassword = new PasswordField();
    private final TextField address = new TextField();
    private final List<Label> messages = new ArrayList<>();
    private final ScrollPane root;
    private Node actions;
    private Label error;
    private HostKeyDialog openDialog;

    /**
     * @param model       the page's view model
     * @param discovery   the gateways found on the laptop's cable
     * @param openConsole opens the dialog that reaches the gateway through its console port
     * @param owner       the wizard's window, which owns the host-key dialog also when another page asks the
     *                    question
     */
    public ConnectView(ConnectViewModel model, DiscoveryViewModel discovery, Runnable openConsole, Window owner) {
        this.model = model;
        this.owner = owner;
        this.form = model.form();

        Label title = new Label("Connect to the gateway");
        title.getStyleClass().add("page-title");
        Label lead = new Label("Plug this laptop into the gateway's network port. Choose the gateway if it is"
                + " listed, or type its address, then the login head office gave you.");
        lead.getStyleClass().add("lead");
        lead.setWrapText(true);

        VBox fields = new VBox(addressRow(), portRow(), userRow(), methodRow(), passwordRow(), keyFileRow(),
                passphraseRow(), sudoRow());
        fields.getStyleClass().add("form");
        fields.disableProperty().bind(model.busyProperty());

        actions = actions();
        error = errorBox();
        VBox login = new VBox(fields, actions, error);
        login.getStyleClass().add("connect-login");
        HBox.setHgrow(login, Priority.ALWAYS);
        Node found = new DiscoveryPanel(discovery, openConsole).root();
        HBox columns = new HBox(login, found);
        columns.setFillHeight(false);
        columns.getStyleClass().add("connect-columns");
        VBox page = new VBox(title, lead, columns);
        page.getStyleClass().addAll("page", "connect-page");
        // Every message showing at once, with the key file rows, can be taller than a small window.
        root = new ScrollPane(page);
        root.getStyleClass().add("page-scroll");
        root.setFitToWidth(true);
        model.hostKeyQuestionProperty().addListener((observable, before, key) -> hostKeyQuestionChanged(key));
        model.errorProperty().addListener((observable, before, after) -> {
            if (after != null && !after.isEmpty()) {
                Platform.runLater(this::scrollToError);
            }
        });
    }

    public Node root() {
        return root;
    }

    /** Puts the cursor in the address field. */
    public void focusFirstField() {
        address.requestFocus();
    }

    private Node addressRow() {
        address.setId("address");
        address.setPromptText("for example 192.168.1.20");
        address.textProperty().bindBidirectional(form.addressProperty());
        return row("Gateway address", address, form.addressErrorProperty(), "addressError", null);
    }

    private Node portRow() {
        TextField port = new TextField();
        port.setId("port");
        port.setPrefColumnCount(6);
        port.setMaxWidth(Region.USE_PREF_SIZE);
        port.textProperty().bindBidirectional(form.portProperty());
        return row("Port", port, form.portErrorProperty(), "portError", null);
    }

    private Node userRow() {
        TextField user = new TextField();
        user.setId("user");
        user.setPromptText("for example root");
        user.textProperty().bindBidirectional(form.userProperty());
        return row("User", user, form.userErrorProperty(), "userError", null);
    }

    private Node methodRow() {
        SegmentedButton methods = new SegmentedButton();
        methods.setId("loginMethod");
        for (LoginMethod method : LoginMethod.values()) {
            ToggleButton button = new ToggleButton(method.label());
            button.setId(method == LoginMethod.PASSWORD ? "usePassword" : "useKeyFile");
            button.setUserData(method);
            button.setSelected(form.loginMethodProperty().get() == method);
            methods.getButtons().add(button);
        }
        methods.getToggleGroup().selectedToggleProperty().addListener((observable, before, after) -> {
            if (after == null) {
                before.setSelected(true);
            } else {
                form.loginMethodProperty().set((LoginMethod) after.getUserData());
            }
        });
        return row("Log in with", methods, null, null, null);
    }

    private Node passwordRow() {
        password.setId("password");
        password.textProperty().addListener(observable -> form.passwordEdited());
        Node row = row("Password", password, form.passwordErrorProperty(), "passwordError", null);
        return shownFor(LoginMethod.PASSWORD, row);
    }

    private Node keyFileRow() {
        TextField keyFile = new TextField();
        keyFile.setId("keyFile");
        keyFile.setPromptText("for example id_ed25519");
        keyFile.textProperty().bindBidirectional(form.keyFileProperty());
        Button choose = new Button("Choose…");
        choose.setId("chooseKeyFile");
        choose.setOnAction(event -> chooseKeyFile());
        HBox field = new HBox(keyFile, choose);
        field.getStyleClass().add("field-with-button");
        HBox.setHgrow(keyFile, Priority.ALWAYS);
        Node row = row("Key file", field, form.keyFileErrorProperty(), "keyFileError", null);
        return shownFor(LoginMethod.KEY_FILE, row);
    }

    private Node passphraseRow() {
        passphrase.setId("passphrase");
        return shownFor(LoginMethod.KEY_FILE, row("Key passphrase", passphrase, null, null,
                "Leave empty if the key has no passphrase."));
    }

    private Node sudoRow() {
        sudoPassword.setId("sudoPassword");
        sudoPassword.textProperty().addListener(observable -> form.passwordEdited());
        return shownFor(LoginMethod.KEY_FILE, row("Sudo password", sudoPassword, null, null,
                "Needed only when the user is not root and sudo asks for the account's password."));
    }

    private Node actions() {
        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.getStyleClass().add("accent");
        connect.disableProperty().bind(model.busyProperty());
        connect.defaultButtonProperty().bind(Bindings.createBooleanBinding(
                () -> !model.connectedProperty().get(), model.connectedProperty()));
        connect.setOnAction(event -> connect());
        connect.setMinWidth(Region.USE_PREF_SIZE);

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("connectProgress");
        progress.getStyleClass().add("small-progress");
        showWhen(progress, model.busyProperty());

        Label status = new Label();
        status.setId("connectStatus");
        status.getStyleClass().add("status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        model.connectedProperty().addListener((observable, before, connected) -> {
            status.getStyleClass().remove("status-connected");
            if (connected) {
                status.getStyleClass().add("status-connected");
            }
        });
        HBox.setHgrow(status, Priority.ALWAYS);

        Button cancel = new Button("Cancel");
        cancel.setId("cancelConnect");
        cancel.setOnAction(event -> model.cancel());
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        showWhen(cancel, model.busyProperty());

        HBox actions = new HBox(spacer(), connect, progress, status, cancel);
        actions.getStyleClass().add("actions");
        actions.setAlignment(Pos.CENTER_LEFT);
        return actions;
    }

    private Label errorBox() {
        return errorBox("error", model.errorProperty());
    }

    /** Builds the red box that shows a failure's sentence, and takes no room while there is none. */
    static Label errorBox(String id, ReadOnlyStringProperty message) {
        Label error = new Label();
        error.setId(id);
        error.getStyleClass().add("error-box");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(message);
        showWhen(error, message.isNotEmpty());
        return error;
    }

    private void connect() {
        model.connect(new LoginSecrets(characters(password), characters(passphrase), characters(sudoPassword)));
        messages.forEach(ConnectView::releaseMessageSpace);
    }

    /**
     * Scrolls the page so the Connect row and the error under it are in view. In key-file mode they are below the
     * fold of the default window. When both do not fit, the error's end wins.
     */
    private void scrollToError() {
        if (!error.isVisible() || root.getScene() == null) {
            return;
        }
        root.applyCss();
        root.layout();
        Node page = root.getContent();
        double viewportHeight = root.getViewportBounds().getHeight();
        double hidden = page.getLayoutBounds().getHeight() - viewportHeight;
        if (hidden <= 0) {
            return;
        }
        double top = page.sceneToLocal(actions.localToScene(actions.getLayoutBounds())).getMinY();
        double bottom = page.sceneToLocal(error.localToScene(error.getLayoutBounds())).getMaxY() + ERROR_MARGIN;
        double offset = root.getVvalue() * hidden;
        if (top < offset) {
            offset = top;
        }
        if (bottom > offset + viewportHeight) {
            offset = bottom - viewportHeight;
        }
        root.setVvalue(Math.min(1, Math.max(0, offset / hidden)));
    }

    /** Copies a password field's text into a fresh array, without making a String of it. */
    static char[] characters(PasswordField field) {
        CharSequence text = field.getCharacters();
        char[] copy = new char[text.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = text.charAt(i);
        }
        return copy;
    }

    private void chooseKeyFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose the private key file");
        Path sshFolder = Path.of(System.getProperty("user.home"), ".ssh");
        if (Files.isDirectory(sshFolder)) {
            chooser.setInitialDirectory(sshFolder.toFile());
        }
        File chosen = chooser.showOpenDialog(owner);
        if (chosen != null) {
            form.keyFileProperty().set(chosen.getAbsolutePath());
        }
    }

    private void hostKeyQuestionChanged(HostKeyInfo key) {
        if (key == null) {
            if (openDialog != null) {
                openDialog.close();
                openDialog = null;
            }
            return;
        }
        openDialog = new HostKeyDialog(owner, key, owner.getScene().getStylesheets(), model::answerHostKey);
        openDialog.show();
    }

    /**
     * Lays out one field: its name in a fixed-width column so all fields line up, and under the field its
     * validation message and a hint. The message's line stays reserved while there is none, so the fields below
     * never move while the person types.
     */
    private Node row(String name, Node field, ObservableValue<String> message, String messageId, String hint) {
        Label label = new Label(name);
        label.getStyleClass().add("field-label");
        label.setMinWidth(LABEL_WIDTH);
        label.setPrefWidth(LABEL_WIDTH);
        label.setLabelFor(field);

        VBox cell = new VBox(field);
        cell.getStyleClass().add("field-cell");
        HBox.setHgrow(cell, Priority.ALWAYS);
        if (hint != null) {
            Label hintLabel = new Label(hint);
            hintLabel.getStyleClass().add("field-hint");
            hintLabel.setWrapText(true);
            cell.getChildren().add(hintLabel);
        }
        if (message != null) {
            Label messageLabel = new Label();
            messageLabel.getStyleClass().add("field-error");
            messageLabel.setWrapText(true);
            // A space while there is no message keeps one line's height for it.
            messageLabel.textProperty().bind(Bindings.createStringBinding(
                    () -> isEmpty(message.getValue()) ? " " : message.getValue(), message));
            messageLabel.visibleProperty().bind(Bindings.createBooleanBinding(
                    () -> !isEmpty(message.getValue()), message));
            messageLabel.setId(messageId);
            message.addListener((observable, before, after) -> keepMessageSpace(messageLabel, after));
            messages.add(messageLabel);
            cell.getChildren().add(messageLabel);
        }
        HBox row = new HBox(label, cell);
        row.getStyleClass().add("form-row");
        if (message == null && hint == null) {
            row.getStyleClass().add("form-row-plain");
        }
        row.setAlignment(Pos.TOP_LEFT);
        return row;
    }

    /**
     * Keeps the height of a message that editing cleared, so a message of two lines leaves no gap that closes
     * under the cursor. A new message may grow its label again.
     */
    private static void keepMessageSpace(Label message, String text) {
        if (isEmpty(text)) {
            message.setMinHeight(Math.max(message.getHeight(), message.getMinHeight()));
        } else {
            message.setMinHeight(Region.USE_COMPUTED_SIZE);
        }
    }

    /** Gives a message label back its one reserved line once a new check has set every message. */
    private static void releaseMessageSpace(Label message) {
        if (!message.isVisible()) {
            message.setMinHeight(Region.USE_COMPUTED_SIZE);
        }
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private Node shownFor(LoginMethod method, Node row) {
        showWhen(row, form.loginMethodProperty().isEqualTo(method));
        return row;
    }

    static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    private static Node spacer() {
        Region spacer = new Region();
        spacer.setMinWidth(LABEL_WIDTH);
        spacer.setPrefWidth(LABEL_WIDTH);
        return spacer;
    }
}
