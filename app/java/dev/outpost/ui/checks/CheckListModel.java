package dev.outpost.ui.checks;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;

/**
 * The content of a page of checks: a summary, the checks with their marks, the selected one's details, and an error.
 * The pre-flight checks and the mesh checks both have one. Every member is used on the FX thread.
 */
public interface CheckListModel {

    /** The checks in the order shown. */
    ObservableList<CheckItem> checks();

    /** The check whose details the page shows. */
    ObjectProperty<CheckItem> selectedProperty();

    /** The line at the top of the page, or {@code null} before the first run. */
    ReadOnlyObjectProperty<CheckSummary> summaryProperty();

    /** The sentence saying why the checks did not finish, or {@code null}. */
    ReadOnlyStringProperty errorProperty();

    /** True while the checks run. */
    ReadOnlyBooleanProperty busyProperty();

    /** Runs the checks again, unless they are running. */
    void runChecks();

    /** Stops checks that are running. */
    void stop();
}
