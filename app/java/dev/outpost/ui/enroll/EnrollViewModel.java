package dev.outpost.ui.enroll;

import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.engine.enrollment.EnrollmentException;
import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenEnrollment;
import dev.outpost.ui.common.OpenedEnrollment;
import dev.outpost.ui.common.PageModel;
import dev.outpost.ui.common.SiteEnrollments;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The enrollment page: the site's enrollment file from head office, opened with the passphrase the technician was
 * given, and the site's details from it. Without a file, the wizard goes on to install K3s only. Every public
 * method is called on the FX thread.
 */
public final class EnrollViewModel implements PageModel {

    /** The page's stage. */
    public enum Phase {
        /** No file is chosen: Next installs K3s only. */
        NONE,
        /** A file is chosen and waits for its passphrase. */
        CHOSEN,
        /** The file is being read and its key opened. */
        OPENING,
        /** The enrollment is open; the install joins the site with it. */
        OPENED,
        /** The file could not be used; the error explains why. */
        FAILED
    }

    static final String NONE_STATUS = "No enrollment file is chosen. You can install K3s now and join the site to"
            + " head office later.";
    static final String CHOSEN_STATUS = "Type the passphrase head office gave you for this site, then choose Open.";
    static final String OPENING_STATUS = "Checking the enrollment and opening it.";
    static final String OPENED_STATUS = "The enrollment is signed by head office and open.";
    static final String NO_PASSPHRASE = "Type the passphrase head office gave you for this site. It came separately"
            + " from the enrollment file.";
    static final String KEYS_UNREADABLE = "Outpost could not read this laptop's trusted keys. Check them under"
            + " Trusted keys… on the first page, then choose Open again.";
    static final String UNEXPECTED_FAILURE = "The enrollment could not be opened because of an unexpected error."
            + " Choose Open again; if it keeps happening, send Outpost's log file to head office.";

    private static final Logger log = LoggerFactory.getLogger(EnrollViewModel.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final SiteEnrollments enrollments;
    private final BackgroundTasks tasks;
    private final ChosenEnrollment chosen;
    private final TrustedKeys trustedKeys;
    private final ZoneId zone;

    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NONE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", NONE_STATUS);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper warnings = new ReadOnlyStringWrapper(this, "warnings");
    private final ReadOnlyStringWrapper siteName = new ReadOnlyStringWrapper(this, "siteName");
    private final ReadOnlyStringWrapper siteId = new ReadOnlyStringWrapper(this, "siteId");
    private final ReadOnlyStringWrapper central = new ReadOnlyStringWrapper(this, "central");
    private final ReadOnlyStringWrapper expires = new ReadOnlyStringWrapper(this, "expires");
    private final ObservableList<String> labels = FXCollections.observableArrayList();
    private final BooleanBinding canContinue;

    /**
     * @param enrollments reads and opens enrollment files, on a worker thread
     * @param tasks       runs the opening off the FX thread, and its busy flag is this page's
     * @param chosen      where the opened enrollment goes, for the install page
     * @param trustedKeys head office's keys, whose signature on the file counts
     * @param zone        the time zone of the dates shown
     */
    public EnrollViewModel(SiteEnrollments enrollments, BackgroundTasks tasks, ChosenEnrollment chosen,
            TrustedKeys trustedKeys, ZoneId zone) {
        this.enrollments = enrollments;
        this.tasks = tasks;
        this.chosen = chosen;
        this.trustedKeys = trustedKeys;
        this.zone = zone;
        canContinue = Bindings.createBooleanBinding(() -> phase.get() == Phase.NONE || phase.get() == Phase.OPENED,
                phase);
    }

    /** Takes a new file; any enrollment opened before is forgotten. */
    public void choose(Path chosenFile) {
        if (tasks.isBusy() || chosenFile == null) {
            return;
        }
        forget();
        file.set(chosenFile);
        phase.set(Phase.CHOSEN);
        status.set(CHOSEN_STATUS);
    }

    /** Forgets the file and any opened enrollment, so that the install is K3s only. */
    public void clear() {
        if (tasks.isBusy()) {
            return;
        }
        forget();
        file.set(null);
        phase.set(Phase.NONE);
        status.set(NONE_STATUS);
    }

    /**
     * Reads, checks and opens the chosen file on a worker thread. The passphrase is wiped once the work is done,
     * whatever its outcome. Does nothing without a file or while opening.
     */
    public void open(char[] passphrase) {
        Path chosenFile = file.get();
        if (chosenFile == null || tasks.isBusy()) {
            Arrays.fill(passphrase, '\0');
            return;
        }
        if (passphrase.length == 0) {
            error.set(NO_PASSPHRASE);
            return;
        }
        forget();
        phase.set(Phase.OPENING);
        status.set(OPENING_STATUS);
        tasks.run(() -> {
            try {
                return enrollments.open(chosenFile, passphrase, trustedKeys.publicKeys());
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }, this::opened, this::failed);
    }

    private void opened(OpenedEnrollment opened) {
        SiteEnrollment enrollment = opened.join().enrollment();
        log.info("The enrollment {} for the site {} is open.", opened.file(), enrollment.siteId());
        chosen.choose(opened);
        siteName.set(enrollment.displayName());
        siteId.set(enrollment.siteId());
        central.set(enrollment.centralClusterName() + (enrollment.rancher() == null ? ""
                : ", managed by Rancher at " + enrollment.rancher().serverUrl()));
        expires.set(DAY.format(enrollment.expiresAt().atZone(zone)));
        labels.setAll(enrollment.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .sorted().toList());
        warnings.set(opened.warnings().isEmpty() ? null : opened.warnings().stream()
                .map(EnrollmentFinding::message).collect(Collectors.joining("\n")));
        phase.set(Phase.OPENED);
        status.set(OPENED_STATUS);
    }

    private void failed(Exception failure) {
        String sentence;
        if (failure instanceof EnrollmentException refused) {
            log.warn("The enrollment {} was rejected: {}", file.get(), refused.getMessage());
            sentence = refused.getMessage();
        } else if (failure instanceof IOException) {
            log.error("The trusted keys could not be read to check the enrollment {}.", file.get(), failure);
            sentence = KEYS_UNREADABLE;
        } else {
            log.error("The enrollment {} could not be opened.", file.get(), failure);
            sentence = UNEXPECTED_FAILURE;
        }
        phase.set(Phase.FAILED);
        status.set(CHOSEN_STATUS);
        error.set(sentence);
    }

    private void forget() {
        chosen.clear();
        error.set(null);
        warnings.set(null);
        siteName.set(null);
        siteId.set(null);
        central.set(null);
        expires.set(null);
        labels.clear();
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The status line: the page's state and the next action. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The sentence that explains why the file cannot be used and what to do, or {@code null}. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The findings that do not stop the join, one per line, or {@code null}. */
    public ReadOnlyStringProperty warningsProperty() {
        return warnings.getReadOnlyProperty();
    }

    /** The site's name for people, once the enrollment is open. */
    public ReadOnlyStringProperty siteNameProperty() {
        return siteName.getReadOnlyProperty();
    }

    /** The site's id, which becomes the node name, once the enrollment is open. */
    public ReadOnlyStringProperty siteIdProperty() {
        return siteId.getReadOnlyProperty();
    }

    /** The central cluster the site links to, and the Rancher server that manages it. */
    public ReadOnlyStringProperty centralProperty() {
        return central.getReadOnlyProperty();
    }

    /** The day after which the enrollment can no longer be used. */
    public ReadOnlyStringProperty expiresProperty() {
        return expires.getReadOnlyProperty();
    }

    /** The site labels as {@code key=value}, sorted. */
    public ObservableList<String> labels() {
        return labels;
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    /** True without a file, where the install is K3s only, and once the chosen file is open. */
    @Override
    public ObservableBooleanValue canContinue() {
        return canContinue;
    }
}
