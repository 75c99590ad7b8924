package dev.outpost.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;

/** The part of a page's view model that the wizard's navigation uses. Every member is used on the FX thread. */
public interface PageModel {

    /** True while the page's long work runs; the wizard disables Back and Next meanwhile. */
    ReadOnlyBooleanProperty busyProperty();

    /** True when the person may go on to the next step. */
    ObservableBooleanValue canContinue();

    /** Called on the FX thread each time the page is shown. */
    default void entered() {
    }
}
