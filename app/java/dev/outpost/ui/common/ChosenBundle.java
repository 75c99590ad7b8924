package dev.outpost.ui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Optional;

/**
 * The offline bundle the person chose and Outpost verified: the welcome page sets it, and the later pages read it.
 * It is empty while no bundle is chosen or a new one is being checked. It changes on the FX thread only.
 */
public final class ChosenBundle {

    private final ReadOnlyObjectWrapper<VerifiedBundle> bundle = new ReadOnlyObjectWrapper<>(this, "bundle");

    /** The verified bundle, or {@code null} when there is none. */
    public ReadOnlyObjectProperty<VerifiedBundle> bundleProperty() {
        return bundle.getReadOnlyProperty();
    }

    public Optional<VerifiedBundle> current() {
        return Optional.ofNullable(bundle.get());
    }

    /** Makes the bundle the chosen one. Called on the FX thread. */
    public void choose(VerifiedBundle verified) {
        bundle.set(verified);
    }

    /** Forgets the chosen bundle. Called on the FX thread. */
    public void clear() {
        bundle.set(null);
    }
}
