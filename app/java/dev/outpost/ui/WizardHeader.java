package dev.outpost.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

import java.util.ArrayList;
import java.util.List;

/**
 * The band at the top of the window: the product's name and the steps of the visit, with the current step
 * highlighted and the finished ones ticked off. Built and updated on the FX thread.
 */
final class WizardHeader {

    private static final String[] STATES = {"step-done", "step-current", "step-upcoming"};

    private final HBox root;
    private final List<HBox> steps = new ArrayList<>();
    private final List<Label> badges = new ArrayList<>();

    WizardHeader(WizardViewModel wizard) {
        Label brand = new Label("Outpost");
        brand.getStyleClass().add("brand");
        brand.setMinWidth(Region.USE_PREF_SIZE);

        HBox stepBar = new HBox();
        stepBar.getStyleClass().add("step-bar");
        stepBar.setAlignment(Pos.CENTER_RIGHT);
        List<String> names = wizard.stepNames();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                Region line = new Region();
                line.getStyleClass().add("step-line");
                stepBar.getChildren().add(line);
            }
            Label badge = new Label(Integer.toString(i + 1));
            badge.getStyleClass().add("step-badge-text");
            badges.add(badge);
            StackPane circle = new StackPane(badge);
            circle.getStyleClass().add("step-circle");
            Label name = new Label(names.get(i));
            name.getStyleClass().add("step-name");
            name.setMinWidth(Region.USE_PREF_SIZE);
            HBox step = new HBox(circle, name);
            step.setId("step" + names.get(i));
            step.getStyleClass().add("step");
            step.setAlignment(Pos.CENTER_LEFT);
            steps.add(step);
            stepBar.getChildren().add(step);
        }

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root = new HBox(brand, spacer, stepBar);
        root.getStyleClass().add("header");
        root.setAlignment(Pos.CENTER_LEFT);

        wizard.currentProperty().addListener((observable, before, after) -> highlight(after.intValue()));
        highlight(wizard.currentProperty().get());
    }

    Node root() {
        return root;
    }

    private void highlight(int current) {
        for (int i = 0; i < steps.size(); i++) {
            HBox step = steps.get(i);
            step.getStyleClass().removeAll(STATES);
            if (i < current) {
                step.getStyleClass().add(STATES[0]);
            } else if (i == current) {
                step.getStyleClass().add(STATES[1]);
            } else {
                step.getStyleClass().add(STATES[2]);
            }
            badges.get(i).setText(i < current ? "✓" : Integer.toString(i + 1));
        }
    }
}
