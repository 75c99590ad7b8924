package dev.outpost.ui.welcome;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The welcome page's layout. Built and used on the FX thread. */
public final class WelcomeView {

    private final VBox root;

    public WelcomeView(WelcomeViewModel model) {
        Label title = new Label(model.title());
        title.getStyleClass().add("page-title");

        Label introduction = new Label(model.introduction());
        introduction.getStyleClass().add("lead");
        introduction.setWrapText(true);

        Label stepsHeading = new Label("What happens next");
        stepsHeading.getStyleClass().add("section-heading");

        Label hint = new Label(model.startHint());
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);

        root = new VBox(title, introduction, stepsHeading, steps(model), hint);
        root.getStyleClass().addAll("page", "welcome-page");
    }

    public Node root() {
        return root;
    }

    private static GridPane steps(WelcomeViewModel model) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("welcome-steps");
        int row = 0;
        for (WelcomeViewModel.Step step : model.steps()) {
            Label number = new Label(Integer.toString(row + 1));
            number.getStyleClass().add("step-number");
            StackPane badge = new StackPane(number);
            badge.getStyleClass().add("step-badge");
            badge.setAlignment(Pos.CENTER);

            Label name = new Label(step.name());
            name.getStyleClass().add("welcome-step-name");
            Label description = new Label(step.description());
            description.getStyleClass().add("welcome-step-description");
            description.setWrapText(true);

            grid.addRow(row, badge, new VBox(name, description));
            row++;
        }
        return grid;
    }
}
