package dev.outpost.ui.install;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

import java.util.Optional;

/**
 * The install page's log: one line per row in a fixed-width font, following new lines while it shows its end, with
 * a menu item that copies every line. Built and used on the FX thread.
 */
final class LogPane {

    private final ObservableList<String> lines;
    private final ListView<String> list;
    private boolean following = true;

    LogPane(ObservableList<String> lines) {
        this.lines = lines;
        list = new ListView<>(lines);
        list.setId("installLog");
        list.getStyleClass().add("install-log");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(view -> new LineCell());
        list.setPlaceholder(new Label(""));

        MenuItem copy = new MenuItem("Copy the log");
        copy.setOnAction(event -> copyAll());
        list.setContextMenu(new ContextMenu(copy));

        // A person who scrolls up to read an earlier line keeps their place until they scroll back to the end.
        // Scrolling by program sends none of these events.
        list.addEventHandler(ScrollEvent.SCROLL, event -> Platform.runLater(this::updateFollowing));
        list.addEventHandler(MouseEvent.MOUSE_RELEASED, event -> Platform.runLater(this::updateFollowing));
        list.addEventHandler(KeyEvent.KEY_RELEASED, event -> Platform.runLater(this::updateFollowing));
        lines.addListener((ListChangeListener<String>) change -> {
            if (following) {
                // The list's skin handles the change after this listener runs, so the end is shown once it has.
                Platform.runLater(() -> flow().ifPresent(flow -> flow.setPosition(1)));
            }
        });
    }

    Node root() {
        return list;
    }

    private void copyAll() {
        ClipboardContent content = new ClipboardContent();
        content.putString(String.join(System.lineSeparator(), lines) + System.lineSeparator());
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void updateFollowing() {
        IndexedCell<?> last = flow().map(VirtualFlow::getLastVisibleCell).orElse(null);
        following = last == null || last.getIndex() >= lines.size() - 1;
    }

    private Optional<VirtualFlow<?>> flow() {
        return Optional.ofNullable((VirtualFlow<?>) list.lookup(".virtual-flow"));
    }

    /** One line of the log in a fixed-width font, so aligned command output stays aligned. */
    private static final class LineCell extends ListCell<String> {

        LineCell() {
            getStyleClass().add("monospace");
        }

        @Override
        protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            setText(empty ? null : line);
        }
    }
}
