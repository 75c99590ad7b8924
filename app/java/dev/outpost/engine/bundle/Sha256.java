package dev.outpost.engine.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** Streams data through SHA-256 in fixed-size chunks, so no file is ever held in memory whole. */
final class Sha256 {

    /** The chunk size: large enough that the digest, not the read calls, sets the pace. */
    static final int BUFFER_SIZE = 1024 * 1024;

    /** The result of reading a stream: how many bytes it had (up to the limit) and their digest. */
    record Digest(long size, String hex) {
    }

    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256.", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * Reads the stream to its end or until {@code limit} bytes are read, whichever comes first, and digests what
     * was read.
     *
     * @param progress receives the count of bytes read after each chunk
     */
    static Digest digest(InputStream in, long limit, byte[] buffer, LongConsumer progress) throws IOException {
        MessageDigest digest = newDigest();
        long size = 0;
        while (size < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - size));
            if (n < 0) {
                break;
            }
            digest.update(buffer, 0, n);
            size += n;
            progress.accept(n);
        }
        return new Digest(size, hex(digest.digest()));
    }
}
