package dev.outpost.ui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Optional;

/**
 * The site enrollment the person opened on the enrollment page, which the install page joins the site with. It is
 * empty when the site installs K3s only. It changes on the FX thread only.
 */
public final class ChosenEnrollment {

    private final ReadOnlyObjectWrapper<OpenedEnrollment> enrollment = new ReadOnlyObjectWrapper<>(this,
            "enrollment");

    /** The opened enrollment, or {@code null} when there is none. */
    public ReadOnlyObjectProperty<OpenedEnrollment> enrollmentProperty() {
        return enrollment.getReadOnlyProperty();
    }

    public Optional<OpenedEnrollment> current() {
        return Optional.ofNullable(enrollment.get());
    }

    /** Makes the enrollment the chosen one. Called on the FX thread. */
    public void choose(OpenedEnrollment opened) {
        enrollment.set(opened);
    }

    /** Forgets the enrollment. Called on the FX thread. */
    public void clear() {
        enrollment.set(null);
    }
}
