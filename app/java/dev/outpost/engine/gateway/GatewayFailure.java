package dev.outpost.engine.gateway;

/** The kinds of failure a person can act on, each with the sentence shown to them. */
public enum GatewayFailure {

    UNREACHABLE("This laptop cannot reach the address %s. Check that the cable is plugged in, that the address is"
            + " right, and that this laptop's network settings match the gateway's network, then try again."),
    HOST_NOT_FOUND("The gateway name %s could not be found. Type the gateway's IP address instead, or check the"
            + " name with head office."),
    CONNECTION_REFUSED("The gateway at %s refused the connection on port %d. Check the port number and that the"
            + " SSH service is running on the gateway."),
    CONNECT_TIMED_OUT("The gateway at %s did not answer within %d seconds. Check the cable and the address; on a"
            + " slow link, allow a longer connect time-out."),
    CONNECTION_LOST("The connection to the gateway at %s was lost. Check the cable and try again."),
    HANDSHAKE_FAILED("The gateway at %s, port %d, closed the connection before logging in. Check that this is the"
            + " gateway's SSH port and that the gateway accepts SSH connections, then try again."),
    AUTHENTICATION_FAILED("The gateway at %s did not accept the user name and password or key. Check them, or ask"
            + " head office for the gateway's login."),
    KEY_PASSPHRASE_WRONG("The passphrase for the key file %s is wrong. Check it and try again."),
    KEY_PASSPHRASE_MISSING("The key file %s is protected by a passphrase, and none was given. Give the key's"
            + " passphrase and try again."),
    KEY_FILE_UNREADABLE("The key file %s could not be read as an OpenSSH private key. Choose the private key"
            + " (not the .pub file) in OpenSSH format."),
    HOST_KEY_CHANGED("The gateway at %s presented a different identity (host key %s) from the one recorded"
            + " earlier. This happens when the gateway was reinstalled, but it can also mean another device is"
            + " pretending to be it. Stop here and ask head office. If they confirm the gateway was reinstalled,"
            + " connect once with the new fingerprint they give you (command line: --host-key-fingerprint), which"
            + " replaces the recorded key."),
    HOST_KEY_NOT_PINNED("The gateway at %s presented host key %s, which is not the fingerprint you gave (%s)."
            + " Check the fingerprint with head office before you continue."),
    HOST_KEY_REJECTED("You did not trust the gateway's identity (host key %s), so nothing was done. Compare the"
            + " fingerprint with the one head office gave you and connect again."),
    HOST_KEY_UNCONFIRMED("The gateway at %s is not known yet and its identity (host key %s) was not confirmed."
            + " Compare the fingerprint with head office and pass --host-key-fingerprint %s, or"
            + " --accept-new-host-key."),
    COMMAND_TIMED_OUT("The gateway did not finish %s within %d seconds. Check the cable and the connection, then"
            + " try again."),
    KNOWN_HOSTS_UNUSABLE("The known-hosts file %s cannot be used (%s), so the gateway's identity cannot be"
            + " recorded. Check the file's permissions, or choose another file."),
    PROTOCOL_ERROR("The SSH connection to %s failed: %s. Try again; if it keeps failing, send Outpost's log"
            + " file to head office.");

    private final String template;

    GatewayFailure(String template) {
        this.template = template;
    }

    /** Formats this failure's sentence with its values, in the order the sentence names them. */
    public String describe(Object... values) {
        return String.format(template, values);
    }
}
