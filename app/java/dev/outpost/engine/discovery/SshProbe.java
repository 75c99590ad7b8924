package dev.outpost.engine.discovery;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import dev.outpost.engine.gateway.HostKeyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Connects to one address's SSH port, reads the server's version line and fetches its host key with a JSch key
 * exchange, then disconnects. The key is recorded and rejected, so the exchange stops before authentication: no
 * user name, password or key is ever sent.
 */
final class SshProbe {

    /** The time limit of one probe's TCP connect, and of each read during the key exchange. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The user name JSch puts in its session; the exchange ends before JSch would send it. */
    private static final String UNUSED_USER = "outpost-discovery";
    private static final Logger log = LoggerFactory.getLogger(SshProbe.class);

    /**
     * The result of one probe.
     *
     * @param banner      the SSH version line the server sent, or empty when no SSH server responded on the port
     * @param fingerprint the host key's SHA-256 fingerprint, or empty when the key exchange did not reach it
     */
    record Outcome(Optional<String> banner, Optional<String> fingerprint) {

        static final Outcome NO_ANSWER = new Outcome(Optional.empty(), Optional.empty());

        boolean answered() {
            return banner.isPresent();
        }
    }

    private SshProbe() {
    }

    /** Probes the address, blocking for at most a few times {@link #TIMEOUT}. */
    static Outcome probe(String address, int port, String interfaceName) {
        log.debug("Sending an SSH probe to {} port {} on {}.", address, port, interfaceName);
        KeyRecorder recorder = new KeyRecorder();
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(recorder);
        Session session = null;
        try {
            session = jsch.getSession(UNUSED_USER, address, port);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.connect(Math.toIntExact(TIMEOUT.toMillis()));
            log.warn("The SSH server at {} accepted a session without a host key check; the probe ends it.",
                    address);
        } catch (JSchException e) {
            if (recorder.fingerprint == null) {
                log.debug("The SSH probe of {} on {} failed: {}", address, interfaceName, e.getMessage());
            }
        } finally {
            if (session != null) {
                session.disconnect();
            }
        }
        Optional<String> banner = serverVersion(session).map(String::strip).filter(text -> !text.isEmpty());
        Outcome outcome = new Outcome(banner, Optional.ofNullable(recorder.fingerprint));
        log.debug("The SSH probe of {} on {} found banner {} and host key {}.", address, interfaceName,
                banner.orElse("(none)"), outcome.fingerprint().orElse("(none)"));
        return outcome;
    }

    /** Returns the version line the server sent, or empty when the connection failed before it. */
    private static Optional<String> serverVersion(Session session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(session.getServerVersion());
        } catch (NullPointerException e) {
            // JSch 2.28.8 decodes the stored line without a null check, so it throws when no line arrived.
            return Optional.empty();
        }
    }

    /** A host-key repository that records the presented key and rejects it, which ends the key exchange. */
    private static final class KeyRecorder implements HostKeyRepository {

        private volatile String fingerprint;

        @Override
        public int check(String host, byte[] key) {
            fingerprint = HostKeyInfo.fingerprintOf(key);
            return NOT_INCLUDED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // Nothing is ever recorded.
        }

        @Override
        public void remove(String host, String type) {
            // Nothing is recorded, so nothing is removed.
        }

        @Override
        public void remove(String host, String type, byte[] key) {
            // Nothing is recorded, so nothing is removed.
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return "outpost-discovery";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }
}
