package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.ui.common.BackgroundTasks;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The head-office keys this laptop trusts to sign bundles, and adding one after the person compared its
 * fingerprint. The file system work runs off the FX thread; every method is called on the FX thread.
 */
public final class TrustedKeysViewModel {

    private static final Logger log = LoggerFactory.getLogger(TrustedKeysViewModel.class);

    /** A key read from a file, and the trusted key with the same fingerprint if there is one. */
    private record Preview(TrustedKeys.KeyCandidate candidate, Optional<TrustedKeys.TrustedKey> trusted) {
    }

    private final TrustedKeys store;
    private final BackgroundTasks tasks;
    private final ObservableList<TrustedKeys.TrustedKey> keys = FXCollections.observableArrayList();
    private final ObservableList<TrustedKeys.TrustedKey> readOnlyKeys = FXCollections.unmodifiableObservableList(keys);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    /**
     * @param store the trusted keys on this laptop
     * @param tasks runs the file system work off the FX thread
     */
    public TrustedKeysViewModel(TrustedKeys store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** The trusted keys, as last read; shipped keys first. */
    public ObservableList<TrustedKeys.TrustedKey> keys() {
        return readOnlyKeys;
    }

    /** One sentence on the last key added, or empty. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last key could not be read or added, naming the file; empty when there is no problem. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Returns the folder of added keys, to name in the dialog. */
    public Path folder() {
        return store.folder();
    }

    /** Reads the trusted keys again. */
    public void refresh() {
        tasks.run(store::list, keys::setAll, failure -> {
            log.warn("The trusted keys in {} could not be listed.", store.folder(), failure);
            problem.set("The trusted keys in " + store.folder() + " could not be read (" + failure.getMessage()
                    + "). Check that the folder is readable, then open this window again.");
        });
    }

    /**
     * Reads the key file and, when it contains a public key not yet trusted, passes it to {@code confirm} so the
     * person can compare its fingerprint. A key already trusted, or a file that is not a public key, is reported
     * in the status or problem instead.
     *
     * @param confirm receives the key to ask about, on the FX thread
     */
    public void preview(Path file, Consumer<TrustedKeys.KeyCandidate> confirm) {
        status.set("");
        problem.set("");
        tasks.run(() -> {
            TrustedKeys.KeyCandidate candidate = store.preview(file);
            return new Preview(candidate, store.find(candidate.fingerprint()));
        }, preview -> {
            if (preview.trusted().isPresent()) {
                status.set("This key is already trusted, as " + preview.trusted().get().name() + ". Nothing was"
                        + " added.");
            } else {
                confirm.accept(preview.candidate());
            }
        }, failure -> problem.set(message(file, failure)));
    }

    /** Adds the key the person confirmed, then reads the list again. */
    public void add(TrustedKeys.KeyCandidate candidate) {
        tasks.run(() -> store.add(candidate), added -> {
            status.set("Added " + added.name() + ". Bundles signed with this key can now be checked.");
            refresh();
        }, failure -> problem.set(message(candidate.file(), failure)));
    }

    /** Notes that the person did not add the key. */
    public void declined(TrustedKeys.KeyCandidate candidate) {
        log.info("The key {} from {} was not added, because the fingerprint was not confirmed.",
                candidate.fingerprint(), candidate.file());
        status.set("The key was not added.");
    }

    private String message(Path file, Exception failure) {
        if (failure instanceof BundleException) {
            log.warn("The key file {} was not accepted.", file, failure);
            return failure.getMessage();
        }
        log.warn("The key file {} could not be added to {}.", file, store.folder(), failure);
        return "The key from " + file + " could not be saved in " + store.folder() + " (" + failure.getMessage()
                + "). Check that the folder is writable, then add the key again.";
    }

    /** Returns a one-line description of the keys for the welcome page, such as "1 trusted head-office key". */
    static String count(List<TrustedKeys.TrustedKey> keys) {
        return switch (keys.size()) {
            case 0 -> "No head-office key is trusted yet";
            case 1 -> "1 trusted head-office key";
            default -> keys.size() + " trusted head-office keys";
        };
    }
}
