package dev.outpost.ui.common;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.InstallListener;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.MeshJoin;
import dev.outpost.engine.install.SiteSettings;
import dev.outpost.engine.install.StepOutcome;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/**
 * The engine call the install page makes: install K3s on the gateway from the verified offline bundle, over the
 * open connection, and join the site to the central mesh when an enrollment was opened. The composition root passes an implementation over the engine's installer, and tests use a test
 * double.
 */
public interface GatewayInstall {

    /** The sentence {@link #NOT_AVAILABLE} fails with. */
    String NOT_AVAILABLE_MESSAGE = "Installing is not available in this build of Outpost. Ask head office for a"
            + " build that can install, and close this window for now.";

    /** The implementation for a build without an installer: every run fails at once with its sentence. */
    GatewayInstall NOT_AVAILABLE = (connection, bundle, trustedKeys, site, join, listener) -> {
        listener.onEvent(new InstallEvent.Finished(Instant.now(), false, NOT_AVAILABLE_MESSAGE, 0));
        return new InstallResult(false, NOT_AVAILABLE_MESSAGE, null, 0);
    };

    /**
     * Runs the install plan on the gateway. Blocks until every step is done, a step failed, or the run was
     * cancelled, so it is never called on the FX thread. The listener receives the events on the calling thread, in
     * order: the plan first and {@link InstallEvent.Finished} last. A failed step ends the run with a result that did
     * not succeed, names the step, and carries the sentence with the next action. A later run skips the steps that
     * are done and still verified.
     *
     * <p>Cancelling is closing the connection from another thread with {@link GatewayConnection#close()}. The run
     * then ends soon after with the current step {@link StepOutcome#CANCELLED}, by returning or by throwing
     * {@link GatewayException}, and the next run continues from that step.
     *
     * @param connection  the open connection the install runs over
     * @param bundle      the verified offline bundle on this laptop
     * @param trustedKeys head office's public keys, whose signature on the bundle counts
     * @param site        the node name, labels and address ranges the K3s configuration gets
     * @param join        the opened enrollment to join the central mesh with after K3s, or {@code null} to install
     *                    K3s only
     * @param listener    receives the install's events
     * @return how the run ended
     * @throws GatewayException with the sentence for the person when the connection failed or was lost outside a
     *                          step's own handling
     */
    InstallResult install(GatewayConnection connection, VerifiedBundle bundle, List<PublicKey> trustedKeys,
            SiteSettings site, MeshJoin join, InstallListener listener) throws GatewayException;
}
