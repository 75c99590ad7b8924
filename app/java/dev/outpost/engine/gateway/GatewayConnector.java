package dev.outpost.engine.gateway;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** Opens SSH sessions to gateways with JSch, enforcing the host-key policy. */
public final class GatewayConnector {

    private static final String PREFERRED_CIPHERS = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,"
            + "aes192-ctr,aes256-ctr,chacha20-poly1305@openssh.com";

    private static final Logger log = LoggerFactory.getLogger(GatewayConnector.class);
    private static final int KEEP_ALIVE_MISSES_BEFORE_DISCONNECT = 3;

    /**
     * Connects and authenticates. Blocks for up to the connect time-out, plus the time a person takes to answer the
     * host-key question.
     *
     * @throws GatewayException with the plain-language reason when the gateway cannot be reached or refuses
     */
    public GatewaySession connect(ConnectionSettings settings) throws GatewayException {
        JSch jsch = new JSch();
        HostKeyTrust trust = trustFor(jsch, settings);
        addIdentity(jsch, settings.credentials());
        Session session = newSession(jsch, settings, trust);

        log.info("Connecting to the gateway at {}:{} as {}.", settings.host(), settings.port(), settings.user());
        long started = System.nanoTime();
        try {
            session.connect(Math.toIntExact(settings.connectTimeout().toMillis()));
        } catch (JSchException e) {
            session.disconnect();
            throw explain(e, settings, trust);
        }
        log.info("Connected to the gateway at {} in {} ms; host key {} {}.", settings.host(),
                (System.nanoTime() - started) / 1_000_000, trust.presented().algorithm(),
                switch (trust.outcome()) {
                    case TRUSTED_NEW -> "trusted now";
                    case REPLACED -> "replaced the recorded key";
                    default -> "already known";
                });
        return new GatewaySession(session, settings, trust.presented());
    }

    private static HostKeyTrust trustFor(JSch jsch, ConnectionSettings settings) throws GatewayException {
        Path file = settings.knownHosts();
        if (Files.isDirectory(file)) {
            throw new GatewayException(GatewayFailure.KNOWN_HOSTS_UNUSABLE,
                    GatewayFailure.KNOWN_HOSTS_UNUSABLE.describe(file, "it is a folder"));
        }
        try {
            // A missing file is read as empty; the file is created when the first key is trusted.
            jsch.setKnownHosts(file.toString());
        } catch (JSchException e) {
            throw new GatewayException(GatewayFailure.KNOWN_HOSTS_UNUSABLE,
                    GatewayFailure.KNOWN_HOSTS_UNUSABLE.describe(file, e.getMessage()), e);
        }
        HostKeyTrust trust = new HostKeyTrust(jsch.getHostKeyRepository(), file, settings.hostKeyPolicy(),
                settings.host(), settings.port());
        jsch.setHostKeyRepository(trust);
        return trust;
    }

    private static void addIdentity(JSch jsch, Credentials credentials) throws GatewayException {
        if (!(credentials instanceof Credentials.PrivateKey key)) {
            return;
        }
        byte[] keyBytes = readKeyFile(key.keyFile());
        byte[] passphrase = key.passphrase() == null ? null : Credentials.utf8(key.passphrase());
        try {
            KeyPair pair = KeyPair.load(jsch, keyBytes, null);
            if (pair.isEncrypted() && (passphrase == null || !pair.decrypt(passphrase))) {
                pair.dispose();
                GatewayFailure failure = passphrase == null ? GatewayFailure.KEY_PASSPHRASE_MISSING
                        : GatewayFailure.KEY_PASSPHRASE_WRONG;
                throw new GatewayException(failure, failure.describe(key.keyFile()));
            }
            pair.dispose();
            jsch.addIdentity(key.keyFile().toString(), keyBytes, null, passphrase);
        } catch (JSchException e) {
            throw new GatewayException(GatewayFailure.KEY_FILE_UNREADABLE,
                    GatewayFailure.KEY_FILE_UNREADABLE.describe(key.keyFile()), e);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    private static byte[] readKeyFile(Path file) throws GatewayException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GatewayException(GatewayFailure.KEY_FILE_UNREADABLE, "The key file " + file
                    + " does not exist. Choose the private key file that head office gave you.", e);
        } catch (IOException e) {
            throw new GatewayException(GatewayFailure.KEY_FILE_UNREADABLE, "The key file " + file
                    + " could not be read (" + e.getMessage() + "). Check that you may read it.", e);
        }
    }

    private static Session newSession(JSch jsch, ConnectionSettings settings, HostKeyTrust trust)
            throws GatewayException {
        try {
            Session session = jsch.getSession(settings.user(), settings.host(), settings.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("HashKnownHosts", "no");
            if (settings.credentials() instanceof Credentials.Password password) {
                session.setConfig("PreferredAuthentications", "password,keyboard-interactive");
                session.setPassword(Credentials.utf8(password.password()));
                session.setUserInfo(new PasswordAnswer(password.password()));
            } else {
                session.setConfig("PreferredAuthentications", "publickey");
            }
            // AES-GCM first: the JDK runs it on the processor's AES and carry-less multiply instructions, which
            // sends a bundle faster than AES-CTR with a separate MAC.
            session.setConfig("cipher.c2s", PREFERRED_CIPHERS);
            session.setConfig("cipher.s2c", PREFERRED_CIPHERS);
            session.setServerAliveInterval(Math.toIntExact(settings.keepAlive().toMillis()));
            session.setServerAliveCountMax(KEEP_ALIVE_MISSES_BEFORE_DISCONNECT);
            return session;
        } catch (JSchException e) {
            throw explain(e, settings, trust);
        }
    }

    /** Maps JSch's exception to the failure a person can act on. */
    static GatewayException explain(JSchException e, ConnectionSettings settings, HostKeyTrust trust) {
        String host = settings.host();
        HostKeyInfo key = trust.presented();
        GatewayFailure failure;
        String message;
        switch (trust.outcome()) {
            case CHANGED -> {
                failure = GatewayFailure.HOST_KEY_CHANGED;
                message = failure.describe(host, key.fingerprint());
            }
            case NOT_PINNED -> {
                failure = GatewayFailure.HOST_KEY_NOT_PINNED;
                String pinned = ((HostKeyPolicy.Pinned) settings.hostKeyPolicy()).fingerprint();
                message = failure.describe(host, key.fingerprint(), pinned);
            }
            case REJECTED -> {
                boolean promptShown = ((HostKeyPolicy.Ask) settings.hostKeyPolicy()).prompt() != null;
                failure = promptShown ? GatewayFailure.HOST_KEY_REJECTED : GatewayFailure.HOST_KEY_UNCONFIRMED;
                message = promptShown ? failure.describe(key.fingerprint())
                        : failure.describe(host, key.fingerprint(), key.fingerprint());
            }
            case NOT_RECORDED -> {
                failure = GatewayFailure.KNOWN_HOSTS_UNUSABLE;
                message = failure.describe(settings.knownHosts(), trust.recordFailure());
            }
            default -> {
                return explainTransport(e, settings);
            }
        }
        log.warn("The gateway's host key was not trusted: {}", message);
        return new GatewayException(failure, message, e);
    }

    private static GatewayException explainTransport(JSchException e, ConnectionSettings settings) {
        String host = settings.host();
        Throwable cause = e.getCause();
        String text = String.valueOf(e.getMessage());
        String causeText = cause == null ? "" : String.valueOf(cause.getMessage());
        GatewayFailure failure;
        String message;
        if (cause instanceof ConnectException) {
            failure = GatewayFailure.CONNECTION_REFUSED;
            message = failure.describe(host, settings.port());
        } else if (cause instanceof SocketTimeoutException || text.contains("timeout")) {
            failure = GatewayFailure.CONNECT_TIMED_OUT;
            message = failure.describe(host, settings.connectTimeout().toSeconds());
        } else if (cause instanceof UnknownHostException) {
            failure = GatewayFailure.HOST_NOT_FOUND;
            message = failure.describe(host);
        } else if (cause instanceof NoRouteToHostException || (cause instanceof SocketException
                && !causeText.contains("reset") && !causeText.contains("closed"))) {
            // Covers "Network is unreachable": the laptop has no route to the address at all.
            failure = GatewayFailure.UNREACHABLE;
            message = failure.describe(host);
        } else if (text.startsWith("Auth fail") || text.startsWith("Auth cancel")) {
            failure = GatewayFailure.AUTHENTICATION_FAILED;
            message = failure.describe(host);
        } else if (cause instanceof IOException || text.contains("Session.connect")
                || text.contains("Connection reset")) {
            failure = GatewayFailure.HANDSHAKE_FAILED;
            message = failure.describe(host, settings.port());
        } else {
            failure = GatewayFailure.PROTOCOL_ERROR;
            message = failure.describe(host, text);
        }
        log.debug("The SSH connection to {} failed: {}", host, text, e);
        return new GatewayException(failure, message, e);
    }

    /**
     * Answers one keyboard-interactive password prompt, for servers that ask through PAM rather than "password".
     * It declines every later prompt, so a wrong password costs one attempt rather than the server's maximum.
     */
    private static final class PasswordAnswer implements UserInfo, UIKeyboardInteractive {

        private final char[] password;
        private boolean answered;

        PasswordAnswer(char[] password) {
            this.password = password;
        }

        @Override
        public String[] promptKeyboardInteractive(String destination, String name, String instruction,
                                                  String[] prompt, boolean[] echo) {
            if (answered || prompt.length != 1 || echo[0]) {
                return null;
            }
            answered = true;
            return new String[] {new String(password)};
        }

        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return new String(password);
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
            log.info("The gateway sent this message during login: {}", message);
        }
    }
}
