package dev.outpost.engine.gateway;

import java.util.regex.Pattern;

/** What to do with a gateway host key that the known-hosts file does not list yet. */
public sealed interface HostKeyPolicy {

    /** Ask the person at the laptop, showing the fingerprint. */
    record Ask(HostKeyPrompt prompt) implements HostKeyPolicy {
    }

    /** Trust a key seen for the first time and record it, like OpenSSH's {@code StrictHostKeyChecking=accept-new}. */
    record AcceptNew() implements HostKeyPolicy {
    }

    /** Trust only a key with this SHA-256 fingerprint, written as OpenSSH prints it ({@code SHA256:…}). */
    record Pinned(String fingerprint) implements HostKeyPolicy {

        private static final Pattern SHA256_FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

        public Pinned {
            if (fingerprint == null || !SHA256_FINGERPRINT.matcher(fingerprint.trim()).matches()) {
                throw new IllegalArgumentException("The host key fingerprint '" + fingerprint
                        + "' is not in OpenSSH's SHA256 form. Copy it from 'ssh-keygen -lf' on the gateway,"
                        + " for example SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU.");
            }
            fingerprint = fingerprint.trim().replaceAll("=$", "");
        }
    }
}
