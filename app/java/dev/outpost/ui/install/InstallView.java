package dev.outpost.ui.install;

import dev.outpost.ui.checks.CheckMark;
import dev.outpost.ui.checks.MarkIcon;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The install page's layout: the form before the first run, then the steps with their states, the progress, the
 * log and the buttons for the run. Built and used on the FX thread.
 */
public final class InstallView {

    private static final double LABEL_WIDTH = 150;
    private static final double SUMMARY_ICON_SIZE = 34;
    private static final String LEAD = "Outpost copies K3s from the offline bundle to the gateway, writes its"
            + " configuration for this site, starts it and waits until the node is ready. It takes a few minutes."
            + " You can cancel at any time, and the next run continues where this one stopped.";
    private static final String LEAD_JOIN = "Outpost copies K3s and Linkerd from the offline bundle to the gateway,"
            + " starts them with this site's settings from head office, gives Linkerd the site's own identity, and"
            + " links the site to the central mesh and Rancher. It takes a few minutes. You can cancel at any time,"
            + " and the next run continues where this one stopped.";
    private static final String SITE_NAME_HINT = "The gateway's name in Kubernetes and at head office. Use"
            + " lower-case letters, digits, '-' and '.'.";
    private static final String CANCEL_HINT = "You can cancel at any time. The next run continues where this one"
            + " stopped.";

    private final InstallViewModel model;
    private final VBox root;
    private final StackPane summaryIcon = new StackPane();

    public InstallView(InstallViewModel model) {
        this.model = model;
        BooleanBinding ready = model.phaseProperty().isEqualTo(InstallViewModel.Phase.READY);

        Node form = form();
        showWhen(form, ready);
        Node progress = progress();
        showWhen(progress, ready.not());
        VBox.setVgrow(progress, Priority.ALWAYS);

        root = new VBox(form, progress);
        root.getStyleClass().addAll("page", "install-page");
        model.phaseProperty().addListener((observable, before, after) -> showPhase(after));
        showPhase(model.phaseProperty().get());
    }

    public Node root() {
        return root;
    }

    private Node form() {
        Label title = new Label();
        title.setId("installTitle");
        title.getStyleClass().add("page-title");
        title.textProperty().bind(Bindings.when(model.enrolled()).then("Install K3s and join head office")
                .otherwise("Install K3s on the gateway"));
        Label lead = new Label();
        lead.textProperty().bind(Bindings.when(model.enrolled()).then(LEAD_JOIN).otherwise(LEAD));
        lead.getStyleClass().add("lead");
        lead.setWrapText(true);

        TextField siteName = new TextField();
        siteName.setId("siteName");
        siteName.setPromptText("for example store-0042");
        siteName.textProperty().bindBidirectional(model.siteNameProperty());
        siteName.disableProperty().bind(model.enrolled());
        Label label = new Label("Site name");
        label.getStyleClass().add("field-label");
        label.setMinWidth(LABEL_WIDTH);
        label.setPrefWidth(LABEL_WIDTH);
        label.setLabelFor(siteName);
        Label hint = new Label();
        hint.setId("siteNameHint");
        hint.textProperty().bind(Bindings.when(model.enrolled()).then(model.enrolledSite())
                .otherwise(SITE_NAME_HINT));
        hint.getStyleClass().add("field-hint");
        hint.setWrapText(true);
        Label nameError = new Label();
        nameError.setId("siteNameError");
        nameError.getStyleClass().add("field-error");
        nameError.setWrapText(true);
        // A space while there is no message keeps one line's height for it, so the rows below never move.
        nameError.textProperty().bind(Bindings.createStringBinding(() -> isEmpty(model.siteNameErrorProperty().get())
                ? " " : model.siteNameErrorProperty().get(), model.siteNameErrorProperty()));
        VBox cell = new VBox(siteName, hint, nameError);
        cell.getStyleClass().add("field-cell");
        HBox.setHgrow(cell, Priority.ALWAYS);
        HBox row = new HBox(label, cell);
        row.getStyleClass().add("form-row");
        VBox fields = new VBox(row);
        fields.getStyleClass().add("form");

        Label bundle = new Label();
        bundle.setId("installBundle");
        bundle.getStyleClass().addAll("status", "install-bundle");
        bundle.setWrapText(true);
        bundle.textProperty().bind(model.bundleDescription());
        showWhen(bundle, model.bundleDescription().isNotNull());

        Label noBundle = errorBox("noBundle");
        noBundle.textProperty().bind(model.bundleProblem());
        showWhen(noBundle, model.bundleProblem().isNotNull());

        Button install = new Button();
        install.textProperty().bind(Bindings.when(model.enrolled()).then("Install and join").otherwise("Install"));
        install.setId("install");
        install.getStyleClass().add("accent");
        install.setDefaultButton(true);
        install.setMinWidth(Region.USE_PREF_SIZE);
        install.disableProperty().bind(model.bundleProblem().isNotNull().or(model.busyProperty()));
        install.setOnAction(event -> model.start());
        HBox actions = new HBox(spacer(), install);
        actions.getStyleClass().add("actions");
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox form = new VBox(title, lead, fields, bundle, noBundle, actions);
        form.getStyleClass().add("install-form");
        return form;
    }

    private Node progress() {
        Label error = errorBox("installError");
        error.textProperty().bind(model.errorProperty());
        showWhen(error, model.errorProperty().isNotEmpty());

        HBox body = new HBox(new StepList(model.steps()).root(), details());
        body.getStyleClass().add("install-body");
        // The body takes the height the rows above leave, instead of squeezing them to make room for the log.
        body.setPrefHeight(0);
        VBox.setVgrow(body, Priority.ALWAYS);

        VBox progress = new VBox(summary(), error, overall(), body);
        progress.getStyleClass().add("install-progress");
        return progress;
    }

    private Node summary() {
        Label headline = new Label();
        headline.setId("installHeadline");
        headline.getStyleClass().add("summary-headline");
        headline.setWrapText(true);
        headline.textProperty().bind(model.headlineProperty());
        Label advice = new Label();
        advice.setId("installAdvice");
        advice.getStyleClass().add("summary-advice");
        advice.setWrapText(true);
        advice.textProperty().bind(model.adviceProperty());
        VBox text = new VBox(headline, advice);
        text.getStyleClass().add("summary-text");
        HBox.setHgrow(text, Priority.ALWAYS);

        summaryIcon.getStyleClass().add("summary-icon");
        summaryIcon.setMinSize(SUMMARY_ICON_SIZE, SUMMARY_ICON_SIZE);

        Button cancel = new Button("Cancel");
        cancel.setId("cancelInstall");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setOnAction(event -> model.cancel());
        showWhen(cancel, model.phaseProperty().isEqualTo(InstallViewModel.Phase.RUNNING));

        Button again = new Button();
        again.setId("installAgain");
        again.getStyleClass().add("accent");
        again.setMinWidth(Region.USE_PREF_SIZE);
        again.textProperty().bind(Bindings.createStringBinding(
                () -> model.phaseProperty().get() == InstallViewModel.Phase.CANCELLED ? "Continue" : "Try again",
                model.phaseProperty()));
        again.setOnAction(event -> model.start());
        showWhen(again, model.phaseProperty().isEqualTo(InstallViewModel.Phase.FAILED)
                .or(model.phaseProperty().isEqualTo(InstallViewModel.Phase.CANCELLED)));

        HBox summary = new HBox(summaryIcon, text, cancel, again);
        summary.getStyleClass().add("summary");
        summary.setAlignment(Pos.CENTER_LEFT);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        return summary;
    }

    private Node overall() {
        ProgressBar bar = new ProgressBar();
        bar.setId("overallProgress");
        bar.getStyleClass().add("overall-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.overallProgressProperty());

        Label done = new Label();
        done.setId("stepsDone");
        done.getStyleClass().add("status");
        done.textProperty().bind(model.stepsDoneProperty());
        Label hint = new Label(CANCEL_HINT);
        hint.setId("cancelHint");
        hint.getStyleClass().add("field-hint");
        showWhen(hint, model.phaseProperty().isEqualTo(InstallViewModel.Phase.RUNNING));
        HBox line = new HBox(done, spacer(), hint);
        line.setAlignment(Pos.CENTER_LEFT);

        VBox overall = new VBox(bar, line);
        overall.getStyleClass().add("overall");
        overall.setMinHeight(Region.USE_PREF_SIZE);
        return overall;
    }

    private Node details() {
        Label title = new Label();
        title.setId("currentStep");
        title.getStyleClass().add("current-step-title");
        title.textProperty().bind(model.currentTitleProperty());
        Label activity = new Label();
        activity.setId("currentActivity");
        activity.getStyleClass().add("current-step-activity");
        activity.setWrapText(true);
        activity.textProperty().bind(model.activityProperty());
        ProgressBar bar = new ProgressBar();
        bar.setId("stepProgress");
        bar.getStyleClass().add("step-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.stepProgressProperty());
        Label text = new Label();
        text.setId("stepProgressText");
        text.getStyleClass().add("status");
        text.textProperty().bind(model.stepProgressTextProperty());
        VBox current = new VBox(title, activity, bar, text);
        current.getStyleClass().add("current-step");
        current.setMinHeight(Region.USE_PREF_SIZE);
        showWhen(current, model.currentTitleProperty().isNotEmpty());

        Label heading = new Label("Log");
        heading.getStyleClass().add("detail-heading");
        Node log = new LogPane(model.logLines()).root();
        VBox.setVgrow(log, Priority.ALWAYS);

        VBox details = new VBox(current, heading, log);
        details.getStyleClass().add("install-details");
        HBox.setHgrow(details, Priority.ALWAYS);
        return details;
    }

    private void showPhase(InstallViewModel.Phase phase) {
        summaryIcon.getChildren().setAll(switch (phase) {
            case READY -> new Region();
            case RUNNING -> {
                ProgressIndicator spinner = new ProgressIndicator();
                spinner.setId("installSpinner");
                spinner.getStyleClass().add("summary-progress");
                yield spinner;
            }
            case FAILED -> new MarkIcon(CheckMark.FAIL, SUMMARY_ICON_SIZE);
            case CANCELLED -> new MarkIcon(CheckMark.WARNING, SUMMARY_ICON_SIZE);
            case FINISHED -> new MarkIcon(CheckMark.PASS, SUMMARY_ICON_SIZE);
        });
    }

    private static Label errorBox(String id) {
        Label error = new Label();
        error.setId(id);
        error.getStyleClass().add("error-box");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.setMinHeight(Region.USE_PREF_SIZE);
        return error;
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }
}
