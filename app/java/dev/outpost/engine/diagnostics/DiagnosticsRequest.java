package dev.outpost.engine.diagnostics;

import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.PreflightReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one diagnostics export starts from: what the laptop knows, and the gateway when it can be reached.
 *
 * @param directories          Outpost's data and log folders on this laptop
 * @param gatewayHost          the gateway's address, or {@code null} when no gateway was named
 * @param gatewayPort          the gateway's SSH port
 * @param session              an open session to the gateway, or {@code null} when it cannot be reached
 * @param gatewayMissingReason why there is no session, as a sentence, when {@code session} is {@code null}
 * @param lastChecks           the pre-flight report the wizard already has, or {@code null}; without a session it
 *                             is the only source of the gateway's facts and checks
 * @param enrollment           the site's enrollment when one was opened, or {@code null}; its secrets are removed
 * @param knownSecrets         secrets known by value, such as the login password, removed wherever they occur
 * @param maskAddresses        whether IP addresses and host names are masked
 * @param extraPatterns        head office's redaction patterns given for this export, beside those in the file
 */
public record DiagnosticsRequest(AppDirectories directories, String gatewayHost, int gatewayPort,
        GatewaySession session, String gatewayMissingReason, PreflightReport lastChecks, SiteEnrollment enrollment,
        List<KnownSecret> knownSecrets, boolean maskAddresses, List<String> extraPatterns) {

    /**
     * A secret known by value.
     *
     * @param value the secret
     * @param kind  what it is, for the list of redactions
     */
    public record KnownSecret(String value, RedactionKind kind) {

        /**
         * Returns the secrets of a login: its password, or its key's passphrase, and the sudo password. They are
         * copied into strings, which cannot be wiped, and live as long as the export.
         */
        public static List<KnownSecret> of(Credentials credentials) {
            List<KnownSecret> secrets = new ArrayList<>();
            if (credentials instanceof Credentials.Password password) {
                secrets.add(new KnownSecret(new String(password.password()), RedactionKind.PASSWORD));
            } else if (credentials instanceof Credentials.PrivateKey key && key.passphrase() != null) {
                secrets.add(new KnownSecret(new String(key.passphrase()), RedactionKind.PASSPHRASE));
            }
            credentials.sudoPassword().ifPresent(p -> secrets.add(new KnownSecret(new String(p),
                    RedactionKind.PASSWORD)));
            return secrets;
        }

        /** Leaves the value out, so that a log line or an exception never carries it. */
        @Override
        public String toString() {
            return "KnownSecret[" + kind + "]";
        }
    }

    public DiagnosticsRequest {
        Objects.requireNonNull(directories, "directories");
        knownSecrets = List.copyOf(knownSecrets);
        extraPatterns = List.copyOf(extraPatterns);
    }

    /** Returns a request for the laptop's own files alone, for when no gateway is named. */
    public static DiagnosticsRequest laptopOnly(AppDirectories directories, String reason) {
        return new DiagnosticsRequest(directories, null, 22, null, reason, null, null, List.of(), false, List.of());
    }

    public DiagnosticsRequest withGateway(String host, int port, GatewaySession openSession, String missingReason) {
        return new DiagnosticsRequest(directories, host, port, openSession, missingReason, lastChecks, enrollment,
                knownSecrets, maskAddresses, extraPatterns);
    }

    public DiagnosticsRequest withLastChecks(PreflightReport report) {
        return new DiagnosticsRequest(directories, gatewayHost, gatewayPort, session, gatewayMissingReason, report,
                enrollment, knownSecrets, maskAddresses, extraPatterns);
    }

    public DiagnosticsRequest withEnrollment(SiteEnrollment siteEnrollment) {
        return new DiagnosticsRequest(directories, gatewayHost, gatewayPort, session, gatewayMissingReason,
                lastChecks, siteEnrollment, knownSecrets, maskAddresses, extraPatterns);
    }

    public DiagnosticsRequest withKnownSecrets(List<KnownSecret> secrets) {
        return new DiagnosticsRequest(directories, gatewayHost, gatewayPort, session, gatewayMissingReason,
                lastChecks, enrollment, secrets, maskAddresses, extraPatterns);
    }

    public DiagnosticsRequest withMasking(boolean mask) {
        return new DiagnosticsRequest(directories, gatewayHost, gatewayPort, session, gatewayMissingReason,
                lastChecks, enrollment, knownSecrets, mask, extraPatterns);
    }

    public DiagnosticsRequest withPatterns(List<String> patterns) {
        return new DiagnosticsRequest(directories, gatewayHost, gatewayPort, session, gatewayMissingReason,
                lastChecks, enrollment, knownSecrets, maskAddresses, patterns);
    }
}
