package dev.outpost.ui.connect;

/** The way the person logs in to the gateway: with a password or with a private key file. */
public enum LoginMethod {

    PASSWORD("Password"),
    KEY_FILE("Key file");

    private final String label;

    LoginMethod(String label) {
        this.label = label;
    }

    /** Returns the name shown on the page. */
    public String label() {
        return label;
    }
}
