package dev.outpost.engine.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes a decompressor produces and fails once they pass a limit, so a small archive that expands to far
 * more than its manifest declares (a decompression bomb) is stopped while it is read. Not thread-safe.
 */
final class ExpansionLimit extends FilterInputStream {

    /** Thrown when the decompressed stream passes the limit. */
    static final class Exceeded extends IOException {
        Exceeded(long limit) {
            super("The decompressed archive passed " + limit + " bytes.");
        }
    }

    private long limit;
    private long count;

    ExpansionLimit(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** Sets a new limit on the total bytes read, counted from the start of the stream. */
    void limitTo(long bytes) {
        this.limit = bytes;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    private void add(long n) throws Exceeded {
        count += n;
        if (count > limit) {
            throw new Exceeded(limit);
        }
    }
}
