package dev.outpost.ui.connect;

import dev.outpost.engine.console.GatewayNetwork;
import javafx.beans.value.ObservableValue;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The console dialog's layout: the port and login, the live console log, the gateway's network, and the temporary
 * address with its confirmation. The password stays in its field until Log in copies it. Built and used on the FX
 * thread; closing it logs out and closes the port.
 */
public final class ConsoleDialog {

    static final double WIDTH = 900;
    static final double HEIGHT = 660;

    private final ConsoleViewModel model;
    private final Stage stage = new Stage();
    private final PasswordField password = new PasswordField();
    private final VBox networkLines = new VBox();

    /**
     * @param model       the dialog's view model
     * @param owner       the wizard's window
     * @param stylesheets the wizard's stylesheets, so the dialog looks like the window
     */
    public ConsoleDialog(ConsoleViewModel model, Window owner, List<String> stylesheets) {
        this.model = model;

        Label title = new Label("Reach the gateway through its console port");
        title.getStyleClass().add("dialog-title");
        Label lead = new Label("Plug the console cable (RS-232 or USB) into this laptop and the gateway's console"
                + " port. Outpost logs in there, shows the gateway's network, and can give the port your network"
                + " cable is in a temporary address, so that you can connect over the network.");
        lead.getStyleClass().add("dialog-text");
        lead.setWrapText(true);

        VBox left = new VBox(loginForm(), errorBox(), section("The gateway's network"), networkPane(),
                addressForm());
        left.getStyleClass().add("console-column");
        left.setPrefWidth(470);
        HBox.setHgrow(left, Priority.ALWAYS);
        Node log = consoleLog();
        VBox.setVgrow(log, Priority.ALWAYS);
        VBox right = new VBox(section("What the console shows"), log);
        right.getStyleClass().add("console-column");
        right.setPrefWidth(350);
        right.setMinWidth(300);
        HBox columns = new HBox(left, right);
        columns.getStyleClass().add("console-columns");
        VBox.setVgrow(columns, Priority.ALWAYS);
        VBox content = new VBox(title, lead, columns);
        content.getStyleClass().add("console-dialog");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("page-scroll");

        Button close = new Button("Close");
        close.setId("closeConsole");
        close.setCancelButton(true);
        close.setOnAction(event -> stage.close());
        HBox bottom = new HBox(useAddressButton(), close);
        bottom.setAlignment(Pos.CENTER_RIGHT);
        bottom.getStyleClass().add("navigation");

        BorderPane root = new BorderPane(scroll);
        root.setBottom(bottom);
        root.getStyleClass().add("wizard");
        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().addAll(stylesheets);
        stage.setScene(scene);
        stage.setTitle("Outpost: the gateway's console port");
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setOnHidden(event -> {
            password.clear();
            model.close();
        });
        model.networkProperty().addListener((observable, before, after) -> showNetwork(after));
        showNetwork(model.networkProperty().get());
    }

    /** Shows the dialog, lists the laptop's ports, and returns at once. */
    public void show() {
        stage.show();
        model.findPorts();
    }

    /** Closes the dialog, which logs out and closes the port. */
    public void close() {
        stage.close();
    }

    private Node loginForm() {
        ComboBox<String> port = new ComboBox<>(model.ports());
        port.setId("consolePort");
        port.setEditable(true);
        port.setPromptText("for example /dev/ttyUSB0 or COM3");
        port.setMaxWidth(Double.MAX_VALUE);
        port.valueProperty().bindBidirectional(model.portProperty());
        Button findPorts = new Button("Find ports again");
        findPorts.setId("findConsolePorts");
        findPorts.setOnAction(event -> model.findPorts());
        findPorts.setMinWidth(Region.USE_PREF_SIZE);
        HBox portField = new HBox(port, findPorts);
        portField.getStyleClass().add("field-with-button");
        HBox.setHgrow(port, Priority.ALWAYS);

        List<Integer> speeds = new ArrayList<>();
        speeds.add(null);
        speeds.addAll(ConsoleViewModel.SPEEDS);
        ComboBox<Integer> speed = new ComboBox<>(FXCollections.observableArrayList(speeds));
        speed.setId("consoleSpeed");
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer baud) {
                return baud == null ? "Find it (115200 first)" : baud + " baud";
            }

            @Override
            public Integer fromString(String text) {
                return null;
            }
        });
        speed.valueProperty().bindBidirectional(model.speedProperty());

        TextField user = new TextField();
        user.setId("consoleUser");
        user.setPromptText("for example root");
        user.textProperty().bindBidirectional(model.userProperty());
        password.setId("consolePassword");

        Button logIn = new Button("Log in and read the network");
        logIn.setId("consoleLogIn");
        logIn.getStyleClass().add("accent");
        logIn.setDefaultButton(true);
        logIn.setOnAction(event -> logIn());
        logIn.setMinWidth(Region.USE_PREF_SIZE);
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("small-progress");
        showWhen(progress, model.busyProperty());
        Label status = new Label();
        status.setId("consoleStatus");
        status.getStyleClass().add("status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        showWhen(status, model.statusProperty().isNotEmpty());
        HBox actions = new HBox(logIn, progress);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.getStyleClass().add("actions");

        GridPane grid = new GridPane();
        grid.getStyleClass().add("form-grid");
        grid.addRow(0, fieldLabel("Port", port), portField);
        grid.addRow(1, fieldLabel("Speed", speed), speed);
        grid.addRow(2, fieldLabel("User", user), user);
        grid.addRow(3, fieldLabel("Password", password), password);
        GridPane.setHgrow(portField, Priority.ALWAYS);
        grid.disableProperty().bind(model.busyProperty());
        logIn.disableProperty().bind(model.busyProperty());
        VBox login = new VBox(grid, actions, status);
        login.getStyleClass().add("console-column");
        return login;
    }

    private void logIn() {
        char[] typed = ConnectView.characters(password);
        try {
            model.logIn(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    private Node errorBox() {
        return ConnectView.errorBox("consoleError", model.errorProperty());
    }

    private Node consoleLog() {
        TextArea log = new TextArea();
        log.setId("consoleLog");
        log.setEditable(false);
        log.setWrapText(true);
        log.setPrefRowCount(8);
        log.getStyleClass().addAll("monospace", "console-log");
        log.setPromptText("What Outpost types and the gateway replies appears here. Passwords are shown as dots.");
        log.textProperty().bind(model.transcriptProperty());
        // The text area lays out new text on its next pulse, so the scroll to the end waits for it.
        log.textProperty().addListener((observable, before, after) ->
                Platform.runLater(() -> log.setScrollTop(Double.MAX_VALUE)));
        return log;
    }

    private Node networkPane() {
        networkLines.setId("consoleNetwork");
        networkLines.getStyleClass().add("console-network");
        return networkLines;
    }

    private void showNetwork(GatewayNetwork network) {
        List<Node> lines = new ArrayList<>();
        if (network == null) {
            Label none = new Label("Log in to see the gateway's interfaces and addresses.");
            none.getStyleClass().add("hint");
            lines.add(none);
        } else {
            for (GatewayNetwork.NetworkInterface device : network.interfaces()) {
                if (device.name().equals("lo")) {
                    continue;
                }
                Label name = new Label(device.name());
                name.getStyleClass().add("console-interface-name");
                name.setMinWidth(70);
                String addresses = device.addresses().isEmpty() ? "no address"
                        : device.addresses().stream().map(GatewayNetwork.Address::toString)
                                .collect(Collectors.joining(", "));
                Label detail = new Label((device.carrier() ? "cable in" : device.up() ? "no cable" : "down")
                        + ", " + addresses);
                detail.getStyleClass().add("console-interface-detail");
                detail.setWrapText(true);
                HBox line = new HBox(name, detail);
                line.getStyleClass().add("console-interface");
                lines.add(line);
            }
            Label route = new Label(network.defaultRoute()
                    .map(found -> "Default route: " + (found.via() == null ? "" : "via " + found.via() + " ")
                            + "on " + found.device() + ".")
                    .orElse("No default route: the gateway reaches only its own networks."));
            route.getStyleClass().add("hint");
            lines.add(route);
        }
        networkLines.getChildren().setAll(lines);
    }

    private Node addressForm() {
        ComboBox<String> device = new ComboBox<>();
        device.setId("consoleInterface");
        model.networkProperty().addListener((observable, before, after) -> {
            // Replacing the items clears the choice, so a choice the new network still has is put back.
            String chosen = model.interfaceNameProperty().get();
            device.getItems().setAll(after == null ? List.of() : after.interfaces().stream()
                    .map(GatewayNetwork.NetworkInterface::name).filter(name -> !name.equals("lo")).toList());
            if (chosen != null && device.getItems().contains(chosen)) {
                device.setValue(chosen);
            }
        });
        device.valueProperty().bindBidirectional(model.interfaceNameProperty());
        TextField address = new TextField();
        address.setId("consoleAddress");
        address.setPrefColumnCount(16);
        address.textProperty().bindBidirectional(model.addressProperty());
        Button set = new Button("Set temporary address…");
        set.setId("consoleSetAddress");
        set.setOnAction(event -> confirmAndSet());
        set.setMinWidth(Region.USE_PREF_SIZE);
        GridPane grid = new GridPane();
        grid.getStyleClass().addAll("form-grid", "console-address");
        grid.addRow(0, fieldLabel("Interface", device), device);
        grid.addRow(1, fieldLabel("Address", address), new HBox(10, address, set));
        grid.disableProperty().bind(model.networkProperty().isNull().or(model.busyProperty()));
        return new VBox(section("A temporary address for the network cable"), grid);
    }

    private void confirmAndSet() {
        model.confirmation().ifPresent(question -> {
            ButtonType setIt = new ButtonType("Set address", ButtonBar.ButtonData.OK_DONE);
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, setIt, ButtonType.CANCEL);
            alert.initOwner(stage);
            alert.setTitle("Set a temporary address");
            alert.setHeaderText("Change the gateway's network until it restarts?");
            alert.getDialogPane().getStylesheets().addAll(stage.getScene().getStylesheets());
            alert.getDialogPane().setId("consoleConfirm");
            alert.getDialogPane().lookupButton(setIt).setId("consoleConfirmSet");
            alert.getDialogPane().lookupButton(ButtonType.CANCEL).setId("consoleConfirmCancel");
            alert.showAndWait().filter(setIt::equals).ifPresent(answer -> model.setAddress());
        });
    }

    private Node useAddressButton() {
        Button use = new Button("Use this address");
        use.setId("consoleUseAddress");
        use.getStyleClass().add("accent");
        use.setOnAction(event -> {
            model.useSetAddress();
            stage.close();
        });
        showWhen(use, model.usableAddressProperty().isNotEmpty());
        return use;
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-heading");
        return label;
    }

    private static Label fieldLabel(String text, Node field) {
        Label label = new Label(text);
        label.getStyleClass().add("field-label");
        label.setLabelFor(field);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        ConnectView.showWhen(node, condition);
    }
}
