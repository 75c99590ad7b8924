package dev.outpost.engine.enrollment;

/**
 * The registration of the site's cluster in Rancher, carried whole so that it works offline.
 *
 * @param serverUrl    Rancher's address, {@code CATTLE_SERVER} in the manifest
 * @param caChecksum   the SHA-256 of Rancher's CA certificate as 64 hex digits, {@code CATTLE_CA_CHECKSUM}, or empty
 *                     when Rancher's certificate chains to a public CA
 * @param manifestYaml the registration manifest Rancher serves at its import address; it holds the registration
 *                     token, a secret
 */
public record RancherRegistration(String serverUrl, String caChecksum, String manifestYaml) {

    /** Leaves the manifest out, so that a log line or an exception never carries its token. */
    @Override
    public String toString() {
        return "RancherRegistration[serverUrl=" + serverUrl + ", caChecksum=" + caChecksum + "]";
    }
}
