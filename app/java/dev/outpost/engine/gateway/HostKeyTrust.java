package dev.outpost.engine.gateway;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Decides whether to trust the host key a gateway presents, in front of the known-hosts file. A recorded key that
 * differs, including a recorded key of another algorithm, counts as changed. A key seen for the first time is
 * handled by the {@link HostKeyPolicy}, and only a trusted one is written to the file.
 *
 * <p>JSch calls {@link #check} on the connecting thread during the handshake. The outcome is kept so the connector
 * can explain a refusal without reading JSch's exception text.
 */
final class HostKeyTrust implements HostKeyRepository {

    /** What happened to the presented key. */
    enum Outcome { NOT_CHECKED, KNOWN, TRUSTED_NEW, CHANGED, NOT_PINNED, REJECTED }

    private final HostKeyRepository knownHosts;
    private final HostKeyPolicy policy;
    private final String host;
    private final int port;
    private Outcome outcome = Outcome.NOT_CHECKED;
    private HostKeyInfo presented;

    HostKeyTrust(HostKeyRepository knownHosts, HostKeyPolicy policy, String host, int port) {
        this.knownHosts = knownHosts;
        this.policy = policy;
        this.host = host;
        this.port = port;
    }

    @Override
    public int check(String hostEntry, byte[] key) {
        presented = new HostKeyInfo(host, port, algorithmOf(key), fingerprint(key));
        int recorded = knownHosts.check(hostEntry, key);
        if (recorded == OK) {
            outcome = Outcome.KNOWN;
            return OK;
        }
        HostKey[] others = knownHosts.getHostKey(hostEntry, null);
        if (recorded == CHANGED || (others != null && others.length > 0)) {
            outcome = Outcome.CHANGED;
            return CHANGED;
        }
        if (!trustNewKey()) {
            return NOT_INCLUDED;
        }
        try {
            knownHosts.add(new HostKey(hostEntry, key), null);
        } catch (JSchException e) {
            throw new IllegalStateException("The host key could not be recorded in the known-hosts file.", e);
        }
        outcome = Outcome.TRUSTED_NEW;
        return OK;
    }

    private boolean trustNewKey() {
        if (policy instanceof HostKeyPolicy.AcceptNew) {
            return true;
        }
        if (policy instanceof HostKeyPolicy.Pinned pinned) {
            boolean matches = pinned.fingerprint().equals(presented.fingerprint());
            outcome = matches ? outcome : Outcome.NOT_PINNED;
            return matches;
        }
        HostKeyPolicy.Ask ask = (HostKeyPolicy.Ask) policy;
        boolean trusted = ask.prompt() != null && ask.prompt().trust(presented);
        outcome = trusted ? outcome : Outcome.REJECTED;
        return trusted;
    }

    Outcome outcome() {
        return outcome;
    }

    /** Returns the key the gateway presented, or {@code null} before the handshake reached it. */
    HostKeyInfo presented() {
        return presented;
    }

    /** Computes the fingerprint as OpenSSH prints it: SHA-256 of the key blob in unpadded Base64. */
    static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256.", e);
        }
    }

    /** Reads the algorithm name, the first string of an SSH public key blob. */
    static String algorithmOf(byte[] keyBlob) {
        if (keyBlob.length < 4) {
            return "unknown";
        }
        int length = ByteBuffer.wrap(keyBlob, 0, 4).getInt();
        if (length <= 0 || length > keyBlob.length - 4) {
            return "unknown";
        }
        return new String(keyBlob, 4, length, StandardCharsets.US_ASCII);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        knownHosts.add(hostkey, ui);
    }

    @Override
    public void remove(String hostEntry, String type) {
        knownHosts.remove(hostEntry, type);
    }

    @Override
    public void remove(String hostEntry, String type, byte[] key) {
        knownHosts.remove(hostEntry, type, key);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String hostEntry, String type) {
        return knownHosts.getHostKey(hostEntry, type);
    }
}
