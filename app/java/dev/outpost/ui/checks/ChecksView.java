package dev.outpost.ui.checks;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The layout of a page of checks: the summary, the list of checks, and the selected check's details. FX thread only.
 */
public final class ChecksView {

    private static final double LIST_ICON_SIZE = 20;
    private static final double SUMMARY_ICON_SIZE = 34;
    private static final double DETAILS_MIN_WIDTH = 320;

    private final CheckListModel model;
    private final String rerunText;
    private final VBox root;
    private final StackPane summaryIcon = new StackPane();
    private final Label headline = new Label();
    private final Label advice = new Label();

    public ChecksView(ChecksViewModel model) {
        this(model, "Run checks again");
    }

    /**
     * @param model     the checks to show
     * @param rerunText the label of the button that runs them again
     */
    public ChecksView(CheckListModel model, String rerunText) {
        this.model = model;
        this.rerunText = rerunText;

        Label error = new Label();
        error.setId("error");
        error.getStyleClass().add("error-box");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(model.errorProperty());
        showWhen(error, model.errorProperty().isNotEmpty());

        HBox body = new HBox(checkList(), details());
        body.getStyleClass().add("checks-body");
        VBox.setVgrow(body, Priority.ALWAYS);
        showWhen(body, Bindings.isNotEmpty(model.checks()));

        root = new VBox(summary(), error, body);
        root.getStyleClass().addAll("page", "checks-page");
        model.summaryProperty().addListener((observable, before, after) -> showSummary(after));
        showSummary(model.summaryProperty().get());
    }

    public Node root() {
        return root;
    }

    private Node summary() {
        headline.setId("summary");
        headline.getStyleClass().add("summary-headline");
        headline.setWrapText(true);
        advice.setId("summaryAdvice");
        advice.getStyleClass().add("summary-advice");
        advice.setWrapText(true);
        VBox text = new VBox(headline, advice);
        text.getStyleClass().add("summary-text");
        HBox.setHgrow(text, Priority.ALWAYS);

        summaryIcon.getStyleClass().add("summary-icon");
        summaryIcon.setMinSize(SUMMARY_ICON_SIZE, SUMMARY_ICON_SIZE);

        Button stop = new Button("Stop");
        stop.setId("stopChecks");
        stop.setOnAction(event -> model.stop());
        stop.setMinWidth(Region.USE_PREF_SIZE);
        showWhen(stop, model.busyProperty());

        Button rerun = new Button(rerunText);
        rerun.setId("rerun");
        rerun.disableProperty().bind(model.busyProperty());
        rerun.setOnAction(event -> model.runChecks());
        rerun.setMinWidth(Region.USE_PREF_SIZE);

        HBox summary = new HBox(summaryIcon, text, stop, rerun);
        summary.getStyleClass().add("summary");
        summary.setAlignment(Pos.CENTER_LEFT);
        return summary;
    }

    private void showSummary(CheckSummary summary) {
        headline.setText(summary == null ? "" : summary.headline());
        advice.setText(summary == null ? null : summary.advice());
        advice.setVisible(summary != null && summary.advice() != null);
        advice.setManaged(advice.isVisible());
        summaryIcon.getChildren().setAll(summary == null ? new Region() : icon(summary.tone()));
    }

    private static Node icon(CheckSummary.Tone tone) {
        return switch (tone) {
            case RUNNING -> {
                ProgressIndicator progress = new ProgressIndicator();
                progress.setId("checksProgress");
                progress.getStyleClass().add("summary-progress");
                yield progress;
            }
            case READY -> new MarkIcon(CheckMark.PASS, SUMMARY_ICON_SIZE);
            case WARNINGS -> new MarkIcon(CheckMark.WARNING, SUMMARY_ICON_SIZE);
            case BLOCKED, FAILED -> new MarkIcon(CheckMark.FAIL, SUMMARY_ICON_SIZE);
        };
    }

    private Node checkList() {
        ListView<CheckItem> list = new ListView<>(model.checks());
        list.setId("checkList");
        list.getStyleClass().add("check-list");
        list.setCellFactory(view -> new CheckCell());
        list.setPlaceholder(new Label(""));
        list.getSelectionModel().selectedItemProperty().addListener((observable, before, after) -> {
            if (after != null) {
                model.selectedProperty().set(after);
            }
        });
        model.selectedProperty().addListener((observable, before, after) -> list.getSelectionModel().select(after));
        return list;
    }

    private Node details() {
        Label title = new Label();
        title.setId("detailTitle");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);

        Label verdict = new Label();
        verdict.setId("detailVerdict");
        verdict.getStyleClass().add("detail-verdict");

        Label explanation = wrapped("detailExplanation", "detail-text");
        Label fixHeading = heading("What to do");
        Label fix = wrapped("detailFix", "detail-text");
        Label observedHeading = heading("What Outpost found");

        TextArea observed = new TextArea();
        observed.setId("detailObserved");
        observed.getStyleClass().addAll("observed", "copyable");
        observed.setEditable(false);
        observed.setWrapText(true);
        observed.setPrefRowCount(2);
        observed.setFocusTraversable(false);

        VBox details = new VBox(title, verdict, explanation, fixHeading, fix, observedHeading, observed);
        details.getStyleClass().add("details");
        model.selectedProperty().addListener((observable, before, item) -> {
            details.setVisible(item != null);
            if (item == null) {
                return;
            }
            title.setText(item.title());
            verdict.setText(item.verdict());
            verdict.getStyleClass().removeIf(style -> style.startsWith("mark-"));
            verdict.getStyleClass().add(item.mark().styleClass());
            explanation.setText(item.explanation());
            fix.setText(item.fix() == null ? "" : item.fix());
            fixHeading.setText(item.mark() == CheckMark.INFO ? "What happens next" : "What to do");
            fixHeading.setVisible(item.fix() != null);
            fixHeading.setManaged(item.fix() != null);
            fix.setVisible(item.fix() != null);
            fix.setManaged(item.fix() != null);
            observed.setText(item.observed());
        });
        details.setVisible(false);

        ScrollPane scroll = new ScrollPane(details);
        scroll.getStyleClass().add("details-scroll");
        scroll.setFitToWidth(true);
        // A small preferred width lets the list keep its own; the details then take the rest of the row.
        scroll.setPrefWidth(DETAILS_MIN_WIDTH);
        scroll.setMinWidth(DETAILS_MIN_WIDTH);
        HBox.setHgrow(scroll, Priority.ALWAYS);
        return scroll;
    }

    private static Label wrapped(String id, String styleClass) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(styleClass);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("detail-heading");
        return label;
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    /**
     * One row of the list: the mark and the title and, for a check that did not pass, what was found, with failed
     * checks highlighted.
     */
    private static final class CheckCell extends ListCell<CheckItem> {

        /** A cell as wide as the list, so a long title wraps instead of widening the list. */
        CheckCell() {
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(CheckItem item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(style -> style.startsWith("check-cell-"));
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                setAccessibleText(null);
                return;
            }
            Label title = new Label(item.title());
            title.getStyleClass().add("check-title");
            title.setWrapText(true);
            title.setMinWidth(0);
            VBox text = new VBox(title);
            text.getStyleClass().add("check-text");
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            if (item.finding() != null) {
                Label finding = new Label(item.finding());
                finding.getStyleClass().addAll("check-finding", item.mark().styleClass());
                finding.setWrapText(true);
                finding.setMinWidth(0);
                text.getChildren().add(finding);
            }
            HBox row = new HBox(new MarkIcon(item.mark(), LIST_ICON_SIZE), text);
            row.getStyleClass().add("check-row");
            row.setAlignment(Pos.CENTER_LEFT);
            setGraphic(row);
            setText(null);
            setTooltip(new Tooltip(item.verdict()));
            setAccessibleText(item.mark().label() + ": " + item.title()
                    + (item.finding() == null ? "" : ". " + item.finding()));
            getStyleClass().add("check-cell-" + item.mark().name().toLowerCase(Locale.ROOT));
        }
    }
}
