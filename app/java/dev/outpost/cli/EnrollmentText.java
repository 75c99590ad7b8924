package dev.outpost.cli;

import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.enrollment.IssuerCertificates;
import dev.outpost.engine.enrollment.SiteEnrollment;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The enroll commands' lines on standard output. None of them carries a secret. */
final class EnrollmentText {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private EnrollmentText() {
    }

    /** Returns one line naming the file written, its site, how long it lasts and who signed it. */
    static String issued(SiteEnrollment enrollment, Path file, PrivateKey signKey) {
        return "Wrote the enrollment of site " + site(enrollment) + " to " + file + ": issuer valid until "
                + time(issuerEnd(enrollment)) + ", file expires " + time(enrollment.expiresAt()) + ", signed by "
                + SigningKeys.fingerprint(SigningKeys.publicKeyOf(signKey)) + ".";
    }

    /** Returns the enrollment's details for {@code enroll verify}, one {@code name: value} line each. */
    static String details(SiteEnrollment enrollment, String signer) {
        return String.join(System.lineSeparator(),
                "Site:            " + site(enrollment),
                "Labels:          " + labels(enrollment.labels()),
                "Central cluster: " + enrollment.centralClusterName() + " (API " + enrollment.link().apiServerUrl()
                        + ", gateway " + enrollment.link().gatewayAddress() + ":" + enrollment.link().gatewayPort()
                        + ")",
                "Site ranges:     pods " + enrollment.network().podCidr() + ", services "
                        + enrollment.network().serviceCidr(),
                "Rancher:         " + (enrollment.rancher() == null ? "not registered"
                        : enrollment.rancher().serverUrl()),
                "Issuer:          valid until " + time(issuerEnd(enrollment)),
                "Issued:          " + time(enrollment.issuedAt()),
                "Expires:         " + time(enrollment.expiresAt()),
                "Signed by:       " + signer);
    }

    static String finding(EnrollmentFinding finding) {
        return finding.severity() + " " + finding.id() + ": " + finding.message();
    }

    static String site(SiteEnrollment enrollment) {
        return enrollment.displayName() == null || enrollment.displayName().equals(enrollment.siteId())
                ? enrollment.siteId() : enrollment.siteId() + " (" + enrollment.displayName() + ")";
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Instant issuerEnd(SiteEnrollment enrollment) {
        try {
            return IssuerCertificates.parse(enrollment.issuerCertificatePem()).get(0).getNotAfter().toInstant();
        } catch (CertificateException e) {
            return null;
        }
    }

    private static String time(Instant instant) {
        return instant == null ? "unknown" : MINUTE.format(instant);
    }
}
