package dev.outpost.ui.checks;

import javafx.scene.AccessibleRole;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.SVGPath;

/**
 * A check's mark drawn with shapes: a circle in the mark's colour with a white tick, exclamation mark, cross or
 * "i". Shapes need no image files and stay sharp at any size; {@code outpost.css} sets the colours.
 */
public final class MarkIcon extends StackPane {

    /** The symbols in a 16 by 16 box, drawn as strokes with round caps so the dots come out round. */
    private static final String TICK = "M4.6 8.4 L7 10.8 L11.4 5.6";
    private static final String EXCLAMATION = "M8 4.2 L8 8.8 M8 11.6 L8 11.7";
    private static final String CROSS = "M5.4 5.4 L10.6 10.6 M10.6 5.4 L5.4 10.6";
    private static final String INFO = "M8 4.4 L8 4.5 M8 7.2 L8 11.6";
    private static final double BOX = 16;

    public MarkIcon(CheckMark mark, double diameter) {
        Circle circle = new Circle(diameter / 2);
        circle.getStyleClass().add("mark-circle");

        SVGPath symbol = new SVGPath();
        symbol.setContent(switch (mark) {
            case PASS -> TICK;
            case WARNING -> EXCLAMATION;
            case FAIL -> CROSS;
            case INFO -> INFO;
        });
        symbol.getStyleClass().add("mark-symbol");
        symbol.setScaleX(diameter / BOX);
        symbol.setScaleY(diameter / BOX);

        getChildren().addAll(circle, symbol);
        getStyleClass().addAll("mark-icon", mark.styleClass());
        setMinSize(diameter, diameter);
        setPrefSize(diameter, diameter);
        setMaxSize(diameter, diameter);
        setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        setAccessibleText(mark.label());
    }
}
