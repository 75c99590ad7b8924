package dev.outpost.ui.common;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleProgressListener;
import dev.outpost.engine.bundle.BundleVerification;
import dev.outpost.engine.bundle.BundleVerifier;
import dev.outpost.engine.bundle.TrustedKeys;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * Verifies bundles with the engine's {@link BundleVerifier} against the {@link TrustedKeys} of this laptop, and
 * words the messages for the wizard rather than the command line.
 */
public final class TrustedBundleChecks implements BundleChecks {

    /** The problem shown when a bundle is chosen before any key is trusted. */
    public static final String NO_TRUSTED_KEY = "This laptop trusts no head-office key yet, so the bundle cannot be"
            + " checked. Choose Trusted keys… and add the .pub file head office gave you.";
    /** The command-line advice at the end of the engine's unknown-signer message, and the wizard's version of it. */
    private static final String COMMAND_LINE_ADVICE = "pass their public key with --trust.";
    private static final String WIZARD_ADVICE = "add their public key under Trusted keys….";

    private final TrustedKeys keys;
    private final BundleVerifier verifier = new BundleVerifier();

    public TrustedBundleChecks(TrustedKeys keys) {
        this.keys = keys;
    }

    @Override
    public BundleVerification verify(Path bundle, BundleProgressListener listener)
            throws BundleException, IOException {
        List<PublicKey> trusted = keys.publicKeys();
        if (trusted.isEmpty()) {
            throw new BundleException(BundleException.Kind.UNREADABLE, null, NO_TRUSTED_KEY);
        }
        try {
            return verifier.verify(bundle, trusted, listener);
        } catch (BundleException e) {
            String message = e.getMessage();
            if (message == null || !message.contains(COMMAND_LINE_ADVICE)) {
                throw e;
            }
            throw new BundleException(e.kind(), e.artifact(), message.replace(COMMAND_LINE_ADVICE, WIZARD_ADVICE),
                    e);
        }
    }
}
