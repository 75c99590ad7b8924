package dev.outpost.engine.install;

import dev.outpost.engine.bundle.BundleArtifact;
import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleReader;
import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.ShellQuoting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends artifacts from the bundle to the gateway, each into a partial file next to its target, resuming from
 * what an earlier run left when the partial file's digest matches the same bytes of the artifact. The gateway
 * checks the finished file against the signed manifest's SHA-256 before it takes its real name, so a target
 * contains either its old content or the verified new one, never a part.
 */
final class ArtifactTransfer {

    /** Receives a transfer's milestones; called on the transfer's thread. */
    interface Listener {
        void started(ArtifactPlacement placement, long resumedFrom);

        void progress(ArtifactPlacement placement, long done, TransferMeter meter);

        void finished(ArtifactPlacement placement, long bytesSent);
    }

    /**
     * One artifact to send.
     *
     * @param placement   where it goes
     * @param resumeFrom  the size of the partial file on the gateway that may be resumed, or 0
     * @param partialHash the digest of that partial file, or {@code null}
     */
    record Planned(ArtifactPlacement placement, long resumeFrom, String partialHash) {
    }

    private static final Logger log = LoggerFactory.getLogger(ArtifactTransfer.class);
    private static final int CHUNK = 64 * 1024;
    private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(10);
    private static final int CHECKSUM_MISMATCH = 3;
    private static final int PARTIAL_CHANGED = 4;
    /** The input ended early, as when a broken connection's last bytes arrive late; the partial file stays. */
    private static final int INCOMPLETE = 5;

    private final GatewaySession session;
    private final BundleReader reader;
    private long bytesSent;

    ArtifactTransfer(GatewaySession session, BundleReader reader) {
        this.session = session;
        this.reader = reader;
    }

    long bytesSent() {
        return bytesSent;
    }

    /**
     * Sends the planned artifacts in the bundle's order. Blocks.
     *
     * @throws InstallException when the gateway cannot store a file or a copy does not match the manifest
     * @throws GatewayException when the connection is lost or closed to cancel
     */
    void send(List<Planned> planned, Listener listener) throws InstallException, GatewayException, BundleException,
            IOException {
        Map<String, Planned> byPath = new LinkedHashMap<>();
        planned.forEach(p -> byPath.put(p.placement().artifact().path(), p));
        Map<String, Planned> restart = new LinkedHashMap<>();
        pass(byPath, restart, listener);
        if (!restart.isEmpty()) {
            log.warn("Partly received files on the gateway did not match the bundle and are sent again: {}.",
                    restart.keySet());
            pass(restart, new LinkedHashMap<>(), listener);
        }
    }

    private void pass(Map<String, Planned> byPath, Map<String, Planned> restart, Listener listener)
            throws InstallException, GatewayException, BundleException, IOException {
        try {
            reader.read(byPath.keySet(), (artifact, data) -> {
                Planned plan = byPath.get(artifact.path());
                try {
                    long offset = resumableOffset(plan, data);
                    if (offset < 0) {
                        restart.put(artifact.path(), new Planned(plan.placement(), 0, null));
                        return;
                    }
                    sendOne(plan.placement(), offset, data, listener);
                } catch (InstallException | GatewayException e) {
                    throw new Abort(e);
                }
            });
        } catch (Abort abort) {
            if (abort.getCause() instanceof GatewayException g) {
                throw g;
            }
            throw (InstallException) abort.getCause();
        }
    }

    /** Reads the bytes the partial file should hold and returns where to continue, or -1 when they differ. */
    private static long resumableOffset(Planned plan, InputStream data) throws IOException {
        if (plan.resumeFrom() <= 0 || plan.partialHash() == null) {
            return 0;
        }
        MessageDigest digest = Digests.newSha256();
        byte[] buffer = new byte[CHUNK];
        long left = plan.resumeFrom();
        while (left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return -1;
            }
            digest.update(buffer, 0, n);
            left -= n;
        }
        boolean same = Digests.hex(digest.digest()).equals(plan.partialHash());
        log.info(same ? "Resuming {} from byte {}." : "The partial copy of {} ({} bytes) differs from the bundle.",
                plan.placement().target(), plan.resumeFrom());
        return same ? plan.resumeFrom() : -1;
    }

    private void sendOne(ArtifactPlacement placement, long offset, InputStream data, Listener listener)
            throws InstallException, GatewayException {
        BundleArtifact artifact = placement.artifact();
        listener.started(placement, offset);
        long[] done = {offset};
        TransferMeter meter = new TransferMeter(offset, artifact.size(), System.nanoTime());
        CommandResult result = session.runAsRoot(receiveScript(placement, offset), stdin -> {
            copy(data, stdin, artifact.size() - offset, done, placement, meter, listener);
        }, FINISH_TIMEOUT, "checking " + artifact.fileName());
        long sent = done[0] - offset;
        bytesSent += sent;
        if (result.exitCode() == CHECKSUM_MISMATCH) {
            throw new InstallException("The copy of " + artifact.fileName() + " on the gateway does not match the"
                    + " bundle's checksum, so it was deleted. Check the bundle with 'outpost bundle verify', then"
                    + " install again.");
        }
        if (result.exitCode() == PARTIAL_CHANGED) {
            throw new InstallException("The partly received copy of " + artifact.fileName() + " changed while"
                    + " Outpost was resuming it. Make sure no other Outpost is installing on this gateway, then"
                    + " install again.");
        }
        if (result.exitCode() == INCOMPLETE) {
            throw new InstallException("The gateway received only part of " + artifact.fileName() + ". Check the"
                    + " cable, then install again; the transfer continues where it stopped.");
        }
        if (!result.succeeded()) {
            throw receiveFailure(placement, result);
        }
        if (done[0] != artifact.size()) {
            throw new InstallException("The bundle ended before all of " + artifact.fileName() + " was read. Copy"
                    + " the bundle again, then install again.");
        }
        log.info("Sent {} to {} ({} bytes, {} of them in this run).", artifact.fileName(), placement.target(),
                artifact.size(), sent);
        listener.finished(placement, sent);
    }

    private static void copy(InputStream data, OutputStream stdin, long count, long[] done,
            ArtifactPlacement placement, TransferMeter meter, Listener listener) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long left = count;
        while (left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return;
            }
            stdin.write(buffer, 0, n);
            left -= n;
            done[0] += n;
            if (meter.due(done[0], System.nanoTime())) {
                listener.progress(placement, done[0], meter);
            }
        }
    }

    private static InstallException receiveFailure(ArtifactPlacement placement, CommandResult result) {
        String error = result.stderr().strip();
        log.error("The gateway could not store {} (exit {}): {}", placement.target(), result.exitCode(), error);
        if (error.contains("No space left")) {
            return new InstallException("The gateway's disk filled up while it received "
                    + placement.artifact().fileName() + ". Free space on the gateway, then install again; the"
                    + " transfer continues where it stopped.");
        }
        if (error.contains("Read-only file system")) {
            return new InstallException("The gateway's file system for " + placement.folder() + " is read-only."
                    + " Make it writable, then install again.");
        }
        return new InstallException("The gateway could not store " + placement.target() + " (exit "
                + result.exitCode() + "). Check the gateway's disk, then install again.");
    }

    /**
     * The gateway side: append the arriving bytes to the partial file with the writer's process id beside it, so
     * a later run can stop a writer a broken connection left behind; then, only when the file is complete, check
     * the digest and rename. A file cut short stays for the next run to resume.
     */
    static String receiveScript(ArtifactPlacement placement, long offset) {
        String partial = ShellQuoting.quote(placement.partial());
        return "set -e\n"
                + "p=" + partial + "\n"
                + "mkdir -p " + ShellQuoting.quote(placement.folder()) + "\n"
                + (offset == 0 ? ": > \"$p\"\n"
                        : "[ \"$(stat -c %s \"$p\" 2>/dev/null)\" = " + offset + " ] || exit " + PARTIAL_CHANGED
                                + "\n")
                + "exec 3<&0\n"
                + "cat <&3 >> \"$p\" &\n"
                + "echo $! > \"$p.pid\"\n"
                + "wait $! || { rm -f \"$p.pid\"; exit 1; }\n"
                + "rm -f \"$p.pid\"\n"
                + "[ \"$(stat -c %s \"$p\")\" = " + placement.artifact().size() + " ] || exit " + INCOMPLETE + "\n"
                + "set -- $(sha256sum < \"$p\")\n"
                + "if [ \"$1\" != " + placement.artifact().sha256() + " ]; then rm -f \"$p\"; exit "
                + CHECKSUM_MISMATCH + "; fi\n"
                + "chmod " + placement.mode() + " \"$p\"\n"
                + "mv -f \"$p\" " + ShellQuoting.quote(placement.target()) + "\n";
    }

    /** Carries a failure out of the bundle reader's visitor. */
    private static final class Abort extends RuntimeException {
        Abort(Exception cause) {
            super(cause);
        }
    }
}
