package dev.outpost.ui.install;

import dev.outpost.ui.checks.CheckMark;
import dev.outpost.ui.checks.MarkIcon;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The install page's list of steps: each step's mark, title and state, with the running, failed or cancelled step
 * scrolled into view. The marks are the checks page's, so done looks like passed and failed like must be fixed.
 * Built and used on the FX thread.
 */
final class StepList {

    private static final double ICON_SIZE = 20;
    private static final double WIDTH = 330;

    private final ObservableList<InstallStepItem> steps;
    private final VBox rows = new VBox();
    private final ScrollPane root = new ScrollPane(rows);

    StepList(ObservableList<InstallStepItem> steps) {
        this.steps = steps;
        rows.setId("installSteps");
        rows.getStyleClass().add("install-steps");
        root.getStyleClass().add("install-steps-scroll");
        root.setFitToWidth(true);
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.setMinWidth(WIDTH);
        root.setPrefWidth(WIDTH);
        root.setMaxWidth(WIDTH);
        steps.addListener((ListChangeListener<InstallStepItem>) change -> showSteps());
        showSteps();
    }

    Node root() {
        return root;
    }

    private void showSteps() {
        rows.getChildren().clear();
        Node active = null;
        for (int i = 0; i < steps.size(); i++) {
            InstallStepItem step = steps.get(i);
            Node row = row(step);
            // Step ids contain characters such as ':' and '/' that CSS selectors cannot name, so rows are numbered.
            row.setId("installStep" + (i + 1));
            rows.getChildren().add(row);
            if (step.state() == StepState.RUNNING || step.state() == StepState.FAILED
                    || step.state() == StepState.CANCELLED) {
                active = row;
            }
        }
        if (active != null) {
            Node rowToShow = active;
            Platform.runLater(() -> scrollIntoView(rowToShow));
        }
    }

    /** Scrolls the list as little as needed to show the row, once the rows are laid out. */
    private void scrollIntoView(Node row) {
        Scene scene = root.getScene();
        boolean showing = scene != null && scene.getWindow() != null && scene.getWindow().isShowing();
        if (row.getParent() != rows || !showing) {
            return;
        }
        root.applyCss();
        root.layout();
        double viewport = root.getViewportBounds().getHeight();
        double hidden = rows.getHeight() - viewport;
        if (hidden <= 0) {
            return;
        }
        double offset = root.getVvalue() * hidden;
        double top = row.getBoundsInParent().getMinY();
        double bottom = row.getBoundsInParent().getMaxY();
        if (top < offset) {
            offset = top;
        } else if (bottom > offset + viewport) {
            offset = bottom - viewport;
        }
        root.setVvalue(Math.min(1, Math.max(0, offset / hidden)));
    }

    private static Node row(InstallStepItem step) {
        Label title = new Label(step.title());
        title.getStyleClass().add("install-step-title");
        title.setWrapText(true);
        title.setMinWidth(0);
        VBox text = new VBox(title);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        if (step.state() != StepState.WAITING) {
            Label state = new Label(step.state().label());
            state.getStyleClass().add("install-step-state");
            text.getChildren().add(state);
        }
        HBox row = new HBox(icon(step.state()), text);
        row.getStyleClass().addAll("install-step", "install-step-" + step.state().name().toLowerCase(Locale.ROOT)
                .replace('_', '-'));
        row.setAlignment(Pos.CENTER_LEFT);
        row.setAccessibleText(step.state().label() + ": " + step.title());
        return row;
    }

    private static Node icon(StepState state) {
        return switch (state) {
            case WAITING -> {
                Region circle = new Region();
                circle.getStyleClass().add("waiting-mark");
                yield fixedSize(circle);
            }
            case RUNNING -> {
                ProgressIndicator spinner = new ProgressIndicator();
                spinner.getStyleClass().add("step-spinner");
                yield fixedSize(spinner);
            }
            case DONE -> new MarkIcon(CheckMark.PASS, ICON_SIZE);
            case ALREADY_DONE -> {
                MarkIcon icon = new MarkIcon(CheckMark.PASS, ICON_SIZE);
                icon.getStyleClass().add("already-done");
                yield icon;
            }
            case FAILED -> new MarkIcon(CheckMark.FAIL, ICON_SIZE);
            case CANCELLED -> new MarkIcon(CheckMark.WARNING, ICON_SIZE);
        };
    }

    private static Region fixedSize(Region node) {
        node.setMinSize(ICON_SIZE, ICON_SIZE);
        node.setPrefSize(ICON_SIZE, ICON_SIZE);
        node.setMaxSize(ICON_SIZE, ICON_SIZE);
        return node;
    }
}
