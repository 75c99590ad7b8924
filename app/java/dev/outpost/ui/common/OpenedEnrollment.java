package dev.outpost.ui.common;

import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.install.MeshJoin;

import java.nio.file.Path;
import java.util.List;

/**
 * A site enrollment that was read, checked and opened with its passphrase: what the install page joins the site
 * with. It contains the issuer's key, so it is never logged.
 *
 * @param file     the enrollment file on this laptop
 * @param join     the enrollment and its issuer key
 * @param warnings findings that do not stop the join, such as an issuer that expires soon
 */
public record OpenedEnrollment(Path file, MeshJoin join, List<EnrollmentFinding> warnings) {

    public OpenedEnrollment {
        warnings = List.copyOf(warnings);
    }

    /** Names the file and site only. */
    @Override
    public String toString() {
        return "OpenedEnrollment[" + file + ", site=" + join.enrollment().siteId() + "]";
    }
}
