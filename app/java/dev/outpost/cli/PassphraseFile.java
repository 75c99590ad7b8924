package dev.outpost.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The file of generated site passphrases that head office sends to technicians separately from the enrollment
 * files: CSV with the header {@code site,passphrase}, readable only by its owner (0600 where the file system is
 * POSIX). It is the one place a site passphrase is written.
 */
final class PassphraseFile {

    /**
     * One site's passphrase.
     *
     * @param site       the site id
     * @param passphrase the passphrase; the caller wipes it
     */
    record Entry(String site, char[] passphrase) {

        @Override
        public String toString() {
            return "Entry[" + site + "]";
        }
    }

    private PassphraseFile() {
    }

    /** Writes a new file; an existing file is never overwritten. */
    static void write(Path file, List<Entry> entries) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(parent).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), attributes);
             Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
            writer.write("site,passphrase\n");
            for (Entry entry : entries) {
                writer.write(entry.site());
                writer.write(',');
                writer.write(entry.passphrase());
                writer.write('\n');
            }
        }
    }
}
