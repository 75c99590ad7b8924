package dev.outpost.ui.diagnostics;

import dev.outpost.engine.diagnostics.DiagnosticsSummary;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.List;
import java.util.Locale;

/**
 * Shows a diagnostics file's summary in a window of its own, with plain controls: what needs attention with what to
 * do first, then the site, the install's timeline, the checks, what was not collected and what was redacted.
 * The wizard has no web view (JavaFX's web module is not part of the app), and {@code report.html} inside the file
 * contains the full report for a browser. Built and shown on the FX thread.
 */
public final class DiagnosticsSummaryView {

    private final VBox content = new VBox(10);

    public DiagnosticsSummaryView(DiagnosticsSummary summary) {
        content.setPadding(new Insets(16));
        content.setId("diagnosticsSummary");
        Label headline = new Label(summary.headline());
        headline.setId("diagnosticsHeadline");
        headline.getStyleClass().add("page-title");
        headline.setWrapText(true);
        content.getChildren().addAll(headline, muted("Written " + summary.createdAt() + " by Outpost "
                + summary.outpostVersion() + (summary.addressesMasked() ? "; addresses are masked." : ".")));
        problems(summary.problems());
        site(summary.site());
        steps(summary.steps());
        if (!summary.checks().isEmpty()) {
            long failed = summary.checks().stream().filter(c -> c.mark().equals("fail")).count();
            long warnings = summary.checks().stream().filter(c -> c.mark().equals("warning")).count();
            section("Checks");
            content.getChildren().add(wrapped(summary.checks().size() + " checks: " + failed + " failed, "
                    + warnings + " warnings."));
        }
        list("Not collected", summary.notCollected());
        list("Redacted", summary.redactions().stream().map(r -> r.count() + " " + r.description()).toList());
    }

    /** Returns the summary's content, for a test or another container. */
    public Node root() {
        return content;
    }

    /** Opens the summary in a window over {@code owner}. */
    public void show(Window owner, List<String> stylesheets) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        Button close = new Button("Close");
        close.setDefaultButton(true);
        HBox bar = new HBox(close);
        bar.getStyleClass().add("navigation");
        VBox root = new VBox(scroll, bar);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Diagnostics file");
        Scene scene = new Scene(root, 720, 600);
        scene.getStylesheets().addAll(stylesheets);
        stage.setScene(scene);
        close.setOnAction(event -> stage.close());
        stage.show();
    }

    private void problems(List<DiagnosticsSummary.Problem> problems) {
        section("What needs attention");
        if (problems.isEmpty()) {
            content.getChildren().add(wrapped("Nothing: no problem was found."));
        }
        for (DiagnosticsSummary.Problem problem : problems) {
            Label title = new Label((problem.severity().equals("error") ? "Error: " : "Warning: ") + problem.title());
            title.setWrapText(true);
            title.setStyle("-fx-font-weight: bold;");
            VBox box = new VBox(4, title, wrapped(problem.what()));
            if (problem.fix() != null) {
                box.getChildren().add(wrapped("What to do: " + problem.fix()));
            }
            box.getStyleClass().add("diagnostics-problem");
            content.getChildren().add(box);
        }
    }

    private void site(List<DiagnosticsSummary.Fact> facts) {
        section("Site");
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(4);
        for (int i = 0; i < facts.size(); i++) {
            grid.addRow(i, muted(facts.get(i).label()), wrapped(facts.get(i).value()));
        }
        content.getChildren().add(grid);
    }

    private void steps(List<DiagnosticsSummary.Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        section("Install timeline");
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(2);
        for (int i = 0; i < steps.size(); i++) {
            DiagnosticsSummary.Step step = steps.get(i);
            String time = step.durationMillis() < 0 ? "" : String.format(Locale.ROOT, "%.1f s",
                    step.durationMillis() / 1000.0);
            grid.addRow(i, new Label(step.outcome()), new Label(time), wrapped(step.title()));
        }
        content.getChildren().add(grid);
    }

    private void list(String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        section(title);
        lines.forEach(line -> content.getChildren().add(wrapped(line)));
    }

    private void section(String title) {
        Label label = new Label(title);
        label.getStyleClass().add("section-title");
        label.setStyle("-fx-font-size: 1.1em; -fx-font-weight: bold; -fx-padding: 8 0 0 0;");
        content.getChildren().add(label);
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        return label;
    }

    private static Label muted(String text) {
        Label label = wrapped(text);
        label.getStyleClass().add("navigation-note");
        return label;
    }
}
