package dev.outpost.engine.bundle;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Watches the bytes of a tar stream as a tar reader consumes them, and checks the parts that no digest covers. These
 * are every header block's checksum, the zero padding after each entry's data, and the zero blocks at the end of the
 * archive. Together with the artifacts' SHA-256 and the manifest's signature, a changed byte anywhere in a
 * {@code .tar} bundle then fails verification. Not thread-safe.
 */
final class TarIntegrity extends FilterInputStream {

    private static final int BLOCK = 512;
    /** The largest PAX extended header kept for its {@code size} record; larger ones are rejected. */
    private static final int MAX_PAX_BYTES = 8 * 1024 * 1024;

    private enum Region { HEADER, DATA, PADDING, TRAILER }

    private long trailerStart;

    private final byte[] header = new byte[BLOCK];
    private final byte[] scratch = new byte[8192];
    private Region region = Region.HEADER;
    private int headerFill;
    private long headerStart;
    private long remaining;
    private long padding;
    private long position;
    private ByteArrayOutputStream pax;
    private long sizeOverride = -1;

    TarIntegrity(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            observe(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            observe(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /**
     * Reads the rest of the stream after the tar reader has stopped, and checks that the archive ended with its
     * end-of-archive blocks and that nothing but zeros follows them.
     */
    void finish() throws IOException {
        while (read(scratch, 0, scratch.length) >= 0) {
            continue;
        }
        // POSIX tar ends with two 512-byte blocks of zeros; one alone means the archive was cut short.
        if (region != Region.TRAILER || position - trailerStart < 2L * BLOCK) {
            throw new IOException("the archive ends at byte " + position + " without its end-of-archive blocks, so"
                    + " it is truncated.");
        }
    }

    private void observe(byte[] bytes, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int n = switch (region) {
                case HEADER -> takeHeader(bytes, i, end - i);
                case DATA -> takeData(bytes, i, end - i);
                case PADDING, TRAILER -> takeZeros(bytes, i, end - i);
            };
            i += n;
            position += n;
        }
    }

    private int takeHeader(byte[] bytes, int offset, int available) throws IOException {
        if (headerFill == 0) {
            headerStart = position;
        }
        int n = Math.min(BLOCK - headerFill, available);
        System.arraycopy(bytes, offset, header, headerFill, n);
        headerFill += n;
        if (headerFill == BLOCK) {
            headerFill = 0;
            onHeader();
        }
        return n;
    }

    private int takeData(byte[] bytes, int offset, int available) throws IOException {
        int n = (int) Math.min(remaining, available);
        if (pax != null) {
            if (pax.size() + n > MAX_PAX_BYTES) {
                throw new IOException("a PAX extended header is larger than " + MAX_PAX_BYTES + " bytes.");
            }
            pax.write(bytes, offset, n);
        }
        remaining -= n;
        if (remaining == 0) {
            endData();
        }
        return n;
    }

    private int takeZeros(byte[] bytes, int offset, int available) throws IOException {
        int n = region == Region.TRAILER ? available : (int) Math.min(remaining, available);
        for (int i = offset; i < offset + n; i++) {
            if (bytes[i] != 0) {
                String where = region == Region.TRAILER ? "after the end of the archive" : "in the padding after an"
                        + " entry";
                throw new IOException("byte " + (position + i - offset) + " " + where + " is not zero.");
            }
        }
        if (region == Region.PADDING) {
            remaining -= n;
            if (remaining == 0) {
                region = Region.HEADER;
            }
        }
        return n;
    }

    private void onHeader() throws IOException {
        if (allZero(header)) {
            region = Region.TRAILER;
            trailerStart = headerStart;
            return;
        }
        long start = headerStart;
        if (!checksumMatches(header)) {
            throw new IOException("the tar header at byte " + start + " has a wrong checksum.");
        }
        byte type = header[156];
        long size = parseSize(header, start);
        boolean extended = type == 'x' || type == 'g' || type == 'L' || type == 'K';
        if (!extended && sizeOverride >= 0) {
            size = sizeOverride;
        }
        if (!extended) {
            sizeOverride = -1;
        }
        pax = type == 'x' ? new ByteArrayOutputStream() : null;
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        region = size > 0 ? Region.DATA : Region.HEADER;
    }

    private void endData() {
        if (pax != null) {
            sizeOverride = paxSize(pax.toString(StandardCharsets.UTF_8));
            pax = null;
        }
        remaining = padding;
        region = padding > 0 ? Region.PADDING : Region.HEADER;
    }

    /** Returns the {@code size} record of a PAX header's records ({@code "LENGTH size=VALUE\n"}), or -1. */
    private static long paxSize(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("size=", space + 1)) {
                try {
                    return Long.parseLong(record.substring(space + 6).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static boolean checksumMatches(byte[] block) {
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        long stored = parseOctal(block, 148, 8);
        return stored == unsigned || stored == signed;
    }

    /** Parses the size field: octal digits, or base-256 when the first byte's high bit is set (star and GNU tar). */
    private static long parseSize(byte[] block, long start) throws IOException {
        if ((block[124] & 0x80) != 0) {
            long value = 0;
            for (int i = 125; i < 136; i++) {
                value = value << 8 | block[i] & 0xff;
            }
            return value;
        }
        long size = parseOctal(block, 124, 12);
        if (size < 0) {
            throw new IOException("the tar header at byte " + start + " has an invalid size.");
        }
        return size;
    }

    private static long parseOctal(byte[] block, int offset, int length) {
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = block[i];
            if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                return -1;
            }
            value = value * 8 + (b - '0');
            digits = true;
        }
        return value;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
