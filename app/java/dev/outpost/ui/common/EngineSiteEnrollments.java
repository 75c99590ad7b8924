package dev.outpost.ui.common;

import dev.outpost.engine.enrollment.EnrollmentException;
import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.enrollment.EnrollmentReview;
import dev.outpost.engine.enrollment.IssuerKeys;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.install.MeshJoin;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;

/** The wizard's enrollment call over the engine: the signature, the certificates and dates, then the key. */
public final class EngineSiteEnrollments implements SiteEnrollments {

    private final Clock clock;

    public EngineSiteEnrollments(Clock clock) {
        this.clock = clock;
    }

    /** Blocks; never called on the FX thread. */
    @Override
    public OpenedEnrollment open(Path file, char[] passphrase, List<PublicKey> trustedKeys)
            throws EnrollmentException {
        SiteEnrollment enrollment = EnrollmentFile.read(file, trustedKeys);
        List<EnrollmentFinding> findings = EnrollmentReview.review(enrollment, clock.instant());
        EnrollmentReview.requireUsable(findings);
        MeshJoin join = new MeshJoin(enrollment, IssuerKeys.openFor(enrollment, passphrase));
        return new OpenedEnrollment(file, join, findings.stream().filter(f -> !f.isBlocker()).toList());
    }
}
