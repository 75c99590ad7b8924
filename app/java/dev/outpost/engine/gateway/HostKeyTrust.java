package dev.outpost.engine.gateway;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Decides whether to trust the host key a gateway presents, in front of the known-hosts file. A recorded key that
 * differs, including a recorded key of another algorithm, counts as changed. A key seen for the first time is
 * handled by the {@link HostKeyPolicy}, and only a trusted one is written to the file, which is created then.
 *
 * <p>JSch calls {@link #check} on the connecting thread during the handshake. The outcome is kept so the connector
 * can explain a refusal without reading JSch's exception text.
 */
final class HostKeyTrust implements HostKeyRepository {

    /** The outcome of checking the presented key. */
    enum Outcome { NOT_CHECKED, KNOWN, TRUSTED_NEW, REPLACED, CHANGED, NOT_PINNED, REJECTED, NOT_RECORDED }

    private static final Logger log = LoggerFactory.getLogger(HostKeyTrust.class);

    private final HostKeyRepository knownHosts;
    private final Path knownHostsFile;
    private final HostKeyPolicy policy;
    private final String host;
    private final int port;
    private Outcome outcome = Outcome.NOT_CHECKED;
    private HostKeyInfo presented;
    private String recordFailure;

    HostKeyTrust(HostKeyRepository knownHosts, Path knownHostsFile, HostKeyPolicy policy, String host, int port) {
        this.knownHosts = knownHosts;
        this.knownHostsFile = knownHostsFile;
        this.policy = policy;
        this.host = host;
        this.port = port;
    }

    /**
     * Decides on the presented key. A pinned fingerprint is compared first, so a recorded key never overrides it. A
     * pin that matches also replaces a recorded key that changed, which is how a reinstalled gateway is trusted again.
     */
    @Override
    public int check(String hostEntry, byte[] key) {
        presented = new HostKeyInfo(host, port, algorithmOf(key), fingerprint(key));
        if (policy instanceof HostKeyPolicy.Pinned pinned && !pinned.fingerprint().equals(presented.fingerprint())) {
            outcome = Outcome.NOT_PINNED;
            return NOT_INCLUDED;
        }
        int recorded = knownHosts.check(hostEntry, key);
        if (recorded == OK) {
            outcome = Outcome.KNOWN;
            return OK;
        }
        HostKey[] others = knownHosts.getHostKey(hostEntry, null);
        boolean changed = recorded == CHANGED || (others != null && others.length > 0);
        if (changed && !(policy instanceof HostKeyPolicy.Pinned)) {
            outcome = Outcome.CHANGED;
            return CHANGED;
        }
        if (!changed && !trustNewKey()) {
            return NOT_INCLUDED;
        }
        if (changed) {
            log.warn("The recorded host key of {} is replaced by the pinned key {}.", hostEntry,
                    presented.fingerprint());
            knownHosts.remove(hostEntry, null);
        }
        if (!record(hostEntry, key)) {
            outcome = Outcome.NOT_RECORDED;
            return NOT_INCLUDED;
        }
        outcome = changed ? Outcome.REPLACED : Outcome.TRUSTED_NEW;
        return OK;
    }

    private boolean trustNewKey() {
        if (policy instanceof HostKeyPolicy.AcceptNew || policy instanceof HostKeyPolicy.Pinned) {
            return true;
        }
        HostKeyPolicy.Ask ask = (HostKeyPolicy.Ask) policy;
        boolean trusted = ask.prompt() != null && ask.prompt().trust(presented);
        outcome = trusted ? outcome : Outcome.REJECTED;
        return trusted;
    }

    /**
     * Writes the trusted key to the known-hosts file, creating the file on first use, and reads it back, because
     * JSch's known-hosts writer drops write errors silently.
     */
    private boolean record(String hostEntry, byte[] key) {
        try {
            Path folder = knownHostsFile.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            if (Files.notExists(knownHostsFile)) {
                Files.createFile(knownHostsFile);
            }
            knownHosts.add(new HostKey(hostEntry, key), null);
            String encoded = Base64.getEncoder().encodeToString(key);
            if (!Files.readString(knownHostsFile).contains(encoded)) {
                recordFailure = "the file did not change";
                return false;
            }
            return true;
        } catch (IOException | JSchException | RuntimeException e) {
            recordFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.debug("The host key could not be written to {}.", knownHostsFile, e);
            return false;
        }
    }

    /** Returns why the key could not be recorded, or {@code null}. */
    String recordFailure() {
        return recordFailure;
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
        return HostKeyInfo.fingerprintOf(keyBlob);
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
