package dev.outpost.ui.common;

import dev.outpost.engine.enrollment.EnrollmentException;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * The engine call the enrollment page makes: read a site enrollment file, check it, and open the issuer key with
 * the passphrase. The composition root passes the engine's implementation, and tests use a test double.
 */
public interface SiteEnrollments {

    /**
     * Reads, checks and opens the enrollment. Blocks, so it is never called on the FX thread. The caller wipes the
     * passphrase afterwards.
     *
     * @throws EnrollmentException with the sentence for the person when the file is not usable: unreadable,
     *                             tampered, expired, with a certificate problem, or the passphrase is wrong
     */
    OpenedEnrollment open(Path file, char[] passphrase, List<PublicKey> trustedKeys) throws EnrollmentException,
            IOException;
}
