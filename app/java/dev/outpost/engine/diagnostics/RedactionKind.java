package dev.outpost.engine.diagnostics;

/** The kinds of things a diagnostics export removes or masks, as its list of redactions names them. */
public enum RedactionKind {
    PASSWORD("password", "passwords"),
    PASSPHRASE("passphrase", "passphrases"),
    TOKEN("token", "tokens"),
    PRIVATE_KEY("privateKey", "private keys"),
    KUBECONFIG_CREDENTIAL("kubeconfigCredential", "kubeconfig credentials"),
    ENROLLMENT_SECRET("enrollmentSecret", "enrollment secrets"),
    /** Values of Kubernetes Secrets, which the cluster snapshot leaves out: only names, types and keys remain. */
    SECRET_DATA("kubernetesSecretData", "Kubernetes Secret values left out"),
    URL_CREDENTIAL("urlCredential", "credentials in addresses"),
    OTHER_SECRET("otherSecret", "other secrets (values of fields named secret, key or credential)"),
    HEAD_OFFICE_PATTERN("headOfficePattern", "matches of head office's patterns"),
    ADDRESS("ipAddress", "IP addresses masked"),
    HOST_NAME("hostName", "host names masked");

    private final String id;
    private final String description;

    RedactionKind(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Returns the kind's name in {@code report.json}. */
    public String id() {
        return id;
    }

    /** Returns the kind in plain words, plural, for the report. */
    public String description() {
        return description;
    }

    /** Returns the text that replaces a removed value of this kind. */
    String placeholder() {
        return "[redacted " + id + "]";
    }
}
