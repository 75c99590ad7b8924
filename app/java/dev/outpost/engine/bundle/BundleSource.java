package dev.outpost.engine.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A bundle opened for one pass from front to back, in any of its forms. The manifest and its signature are read
 * when the source opens; the artifacts are streamed afterwards, each once.
 */
interface BundleSource extends Closeable {

    /** Receives one file entry of the bundle. */
    @FunctionalInterface
    interface EntryVisitor {
        /**
         * Handles one entry.
         *
         * @param size the entry's length as the folder or archive header declares it
         * @param data the entry's bytes; valid only during the call
         */
        void visit(String path, long size, InputStream data) throws IOException, BundleException;
    }

    byte[] manifest();

    byte[] signature();

    /** Bounds the bytes the remaining pass may produce, once the signed manifest gives the expected sizes. */
    void expect(BundleManifest manifest);

    /**
     * Hands every file other than the manifest and its signature to the visitor, after checking its name and type.
     *
     * @throws BundleException (rejected) for an unsafe, duplicate, linked or special entry, or a truncated archive
     */
    void entries(EntryVisitor visitor) throws IOException, BundleException;
}
