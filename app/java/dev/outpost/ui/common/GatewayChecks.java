package dev.outpost.ui.common;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.session.SessionListener;

/**
 * The part of the engine the wizard drives: open a connection to the gateway, then run the pre-flight checks over
 * it. {@link PreflightGatewayChecks} implements it with the real engine; tests use a test double.
 */
public interface GatewayChecks {

    /**
     * Opens an authenticated connection. Blocks, including while a person answers the host-key question through
     * the settings' {@link dev.outpost.engine.gateway.HostKeyPolicy.Ask} prompt; never called on the FX thread.
     * The returned connection owns the settings' credentials and wipes them when it closes; after a failure they
     * stay with the caller.
     *
     * @throws GatewayException with the plain sentence for the person when the gateway cannot be reached or refuses
     */
    GatewayConnection connect(ConnectionSettings settings, SessionListener listener) throws GatewayException;
}
