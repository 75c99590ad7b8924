package dev.outpost.ui.connect;

import dev.outpost.engine.discovery.DiscoveredGateway;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The connect page's card of gateways found on the laptop's cable: one row per gateway with a Use button, the
 * search's status, Search again, the way to the console port, and the switch that turns searching off. Built and
 * used on the FX thread.
 */
final class DiscoveryPanel {

    private final DiscoveryViewModel model;
    private final VBox rows = new VBox();
    private final VBox root;

    /**
     * @param model       the list and its searches
     * @param openConsole opens the console-port dialog
     */
    DiscoveryPanel(DiscoveryViewModel model, Runnable openConsole) {
        this.model = model;

        Label title = new Label("On this laptop's cable");
        title.getStyleClass().add("discovery-title");
        ProgressIndicator searching = new ProgressIndicator();
        searching.setId("discoverySearching");
        searching.getStyleClass().add("small-progress");
        searching.visibleProperty().bind(model.searchingProperty());
        HBox header = new HBox(title, spacer(), searching);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("discovery-header");

        rows.setId("discoveredGateways");
        rows.getStyleClass().add("discovery-rows");
        rows.visibleProperty().bind(Bindings.isNotEmpty(model.gateways()));
        rows.managedProperty().bind(rows.visibleProperty());
        model.gateways().addListener((ListChangeListener<DiscoveredGateway>) change -> rebuildRows());

        Label status = new Label();
        status.setId("discoveryStatus");
        status.getStyleClass().add("discovery-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        status.visibleProperty().bind(model.statusProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());

        Button again = new Button("Search again");
        again.setId("searchAgain");
        again.disableProperty().bind(model.searchingProperty().or(model.enabledProperty().not()));
        again.setOnAction(event -> model.searchNow());
        Hyperlink console = new Hyperlink("Use the gateway's console port…");
        console.setId("openConsole");
        console.setOnAction(event -> openConsole.run());
        Hyperlink toggle = new Hyperlink();
        toggle.setId("toggleDiscovery");
        toggle.textProperty().bind(Bindings.when(model.enabledProperty()).then("Stop looking on the cable")
                .otherwise("Look for gateways on the cable"));
        toggle.setOnAction(event -> model.setEnabled(!model.enabledProperty().get()));
        VBox links = new VBox(again, console, toggle);
        links.getStyleClass().add("discovery-links");

        root = new VBox(header, rows, status, links);
        root.getStyleClass().add("discovery-card");
        rebuildRows();
    }

    Node root() {
        return root;
    }

    private void rebuildRows() {
        List<Node> built = new ArrayList<>();
        for (DiscoveredGateway gateway : model.gateways()) {
            built.add(row(gateway, built.size()));
        }
        rows.getChildren().setAll(built);
    }

    private Node row(DiscoveredGateway gateway, int index) {
        Label name = new Label(gateway.name().orElse("Unnamed gateway"));
        name.getStyleClass().add("discovery-name");
        Button use = new Button("Use");
        use.setId("useGateway" + index);
        use.setOnAction(event -> model.use(gateway));
        use.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(name, spacer(), use);
        top.setAlignment(Pos.CENTER_LEFT);

        Label where = new Label(gateway.address() + ", port " + gateway.sshPort());
        where.getStyleClass().add("discovery-detail");
        where.setWrapText(true);
        if (gateway.addresses().size() > 1) {
            where.setTooltip(new Tooltip("Also answers at " + String.join(", ",
                    gateway.addresses().subList(1, gateway.addresses().size())) + "."));
        }
        Label fingerprint = new Label(gateway.hostKeyFingerprint()
                .orElse("Its SSH server did not show its host key in time."));
        fingerprint.getStyleClass().addAll("discovery-detail", "discovery-fingerprint");
        fingerprint.setWrapText(true);
        Label how = new Label("Found by " + sources(gateway) + " on " + gateway.interfaceName() + ".");
        how.getStyleClass().add("discovery-detail");
        how.setWrapText(true);

        VBox row = new VBox(top, where, fingerprint, how);
        row.getStyleClass().add("discovery-row");
        return row;
    }

    private static String sources(DiscoveredGateway gateway) {
        return gateway.foundBy().stream().sorted()
                .map(source -> switch (source) {
                    case MDNS -> "its announcement";
                    case LINK_LOCAL -> "its link-local address";
                })
                .collect(Collectors.joining(" and "));
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
