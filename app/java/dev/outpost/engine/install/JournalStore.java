package dev.outpost.engine.install;

import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * Keeps the install journal on the gateway ({@link GatewayPaths#JOURNAL}, readable by root only) and a copy in
 * the laptop's data folder, one file per gateway address. The gateway's copy decides what is done; the laptop's
 * copy is for the diagnostics export and for a person to read.
 */
final class JournalStore {

    private static final Logger log = LoggerFactory.getLogger(JournalStore.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final GatewaySession session;
    private final Path laptopCopy;
    private final JournalJson json = new JournalJson();

    JournalStore(GatewaySession session, Path laptopFolder) {
        this.session = session;
        this.laptopCopy = LaptopRecords.journalCopy(laptopFolder, session.settings().host(),
                session.settings().port());
    }

    /** The laptop's copy of this gateway's journal. */
    Path laptopCopy() {
        return laptopCopy;
    }

    /**
     * Parses the journal text read from the gateway. A damaged journal counts as empty, so every step verifies
     * again; one from a newer Outpost stops the run.
     */
    InstallJournal parse(String text) throws InstallException {
        if (text.isBlank()) {
            return InstallJournal.empty();
        }
        try {
            return json.read(text);
        } catch (JournalJson.UnusableJournal e) {
            if (e.getMessage().contains("newer Outpost")) {
                throw new InstallException(e.getMessage());
            }
            log.warn("The gateway's install journal is damaged and is ignored: {}", e.getMessage());
            return InstallJournal.empty();
        }
    }

    /** Writes the journal on the gateway, atomically, and then the laptop's copy. Blocks. */
    void save(InstallJournal journal) throws GatewayException, InstallException {
        byte[] bytes = json.write(journal);
        String script = "set -e; umask 077; mkdir -p " + GatewayPaths.OUTPOST_DIR + "; cat > "
                + GatewayPaths.JOURNAL + ".new; mv -f " + GatewayPaths.JOURNAL + ".new " + GatewayPaths.JOURNAL;
        CommandResult result = session.runAsRoot(script, bytes, TIMEOUT);
        if (!result.succeeded()) {
            throw new InstallException("The gateway could not record the install's progress in "
                    + GatewayPaths.JOURNAL + ". Check the gateway's disk, then install again.");
        }
        saveLaptopCopy(bytes);
    }

    /** Removes the laptop's copy, after an uninstall. */
    void forgetLaptopCopy() {
        try {
            Files.deleteIfExists(laptopCopy);
        } catch (IOException e) {
            log.warn("The laptop's copy of the install journal {} could not be removed.", laptopCopy, e);
        }
    }

    private void saveLaptopCopy(byte[] bytes) {
        try {
            Files.createDirectories(laptopCopy.getParent());
            Path next = laptopCopy.resolveSibling(laptopCopy.getFileName() + ".new");
            Files.write(next, bytes);
            if (Files.getFileStore(next).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(next, laptopCopy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("The laptop's copy of the install journal {} could not be written: {}", laptopCopy,
                    e.getMessage());
        }
    }
}
