package dev.outpost.ui.common;

import dev.outpost.engine.bundle.BundleVerification;

import java.nio.file.Path;

/**
 * An offline bundle that passed verification on this laptop.
 *
 * @param path         where the bundle is: a folder, a {@code .tar} or a {@code .tar.zst}
 * @param verification what the verifier read and checked, including the manifest
 */
public record VerifiedBundle(Path path, BundleVerification verification) {
}
