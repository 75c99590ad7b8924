package dev.outpost.ui.instruments;

import dev.outpost.engine.instruments.SerialAdapter;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/** The layout of the instruments page: the status and Re-scan, the table of ports, and the selected port's details. */
public final class InstrumentsView {

    private final VBox root;

    public InstrumentsView(InstrumentsViewModel model) {
        Label title = new Label("Serial instruments");
        title.getStyleClass().add("page-title");

        Label status = new Label();
        status.setId("instrumentsStatus");
        status.getStyleClass().add("lead");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setMaxWidth(Double.MAX_VALUE);
        status.textProperty().bind(model.statusProperty());
        HBox.setHgrow(status, Priority.ALWAYS);

        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("summary-progress");
        progress.visibleProperty().bind(model.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Button scan = new Button();
        scan.setId("scanInstruments");
        scan.textProperty().bind(Bindings.when(Bindings.isEmpty(model.rows())).then("Scan").otherwise("Re-scan"));
        scan.disableProperty().bind(model.busyProperty());
        scan.setOnAction(event -> model.scan());
        scan.setMinWidth(Region.USE_PREF_SIZE);

        HBox top = new HBox(progress, status, scan);
        top.getStyleClass().add("summary");
        top.setAlignment(Pos.CENTER_LEFT);

        Label cable = new Label(SerialAdapter.NAMES_THE_CABLE);
        cable.setId("adapterNote");
        cable.getStyleClass().add("detail-text");
        cable.setWrapText(true);
        cable.setMinHeight(Region.USE_PREF_SIZE);

        TableView<InstrumentRow> table = table(model);
        VBox.setVgrow(table, Priority.ALWAYS);

        TextArea details = new TextArea();
        details.setId("instrumentDetails");
        details.getStyleClass().addAll("observed", "copyable");
        details.setEditable(false);
        details.setWrapText(true);
        details.setPrefRowCount(5);
        details.setFocusTraversable(false);
        details.visibleProperty().bind(model.selectedProperty().isNotNull());
        details.managedProperty().bind(details.visibleProperty());
        model.selectedProperty().addListener((observable, before, row) -> {
            details.setText(row == null ? "" : row.details());
            table.getSelectionModel().select(row);
        });

        root = new VBox(title, top, cable, table, details);
        root.getStyleClass().addAll("page", "instruments-page");
    }

    private static TableView<InstrumentRow> table(InstrumentsViewModel model) {
        TableView<InstrumentRow> table = new TableView<>(model.rows());
        table.setId("instrumentTable");
        table.setPlaceholder(new Label("No ports scanned yet."));
        table.getColumns().add(column("Where", "place", InstrumentRow::place, 70));
        table.getColumns().add(column("Port", "port", InstrumentRow::port, 140));
        table.getColumns().add(column("Adapter", "adapter", InstrumentRow::adapter, 180));
        table.getColumns().add(column("Protocol", "protocol", InstrumentRow::protocol, 110));
        table.getColumns().add(column("Settings", "settings", InstrumentRow::settings, 80));
        table.getColumns().add(column("Identity", "identity", InstrumentRow::identity, 220));
        table.getColumns().add(column("Confidence", "confidence", InstrumentRow::confidence, 80));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getSelectionModel().selectedItemProperty().addListener((observable, before, after) -> {
            if (after != null) {
                model.selectedProperty().set(after);
            }
        });
        return table;
    }

    private static TableColumn<InstrumentRow, String> column(String title, String id,
            Function<InstrumentRow, String> value, double width) {
        TableColumn<InstrumentRow, String> column = new TableColumn<>(title);
        column.setId(id + "Column");
        column.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyStringWrapper(
                value.apply(cell.getValue())).getReadOnlyProperty());
        column.setPrefWidth(width);
        return column;
    }

    public Node root() {
        return root;
    }
}
