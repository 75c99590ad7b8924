package dev.outpost.ui.common;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.SessionListener;

/** An open, authenticated connection to one gateway, as the wizard uses it. */
public interface GatewayConnection {

    ConnectionSettings settings();

    /** Returns the host key the gateway presented when the connection opened. */
    HostKeyInfo hostKey();

    /**
     * Returns the engine's session behind this connection, for engine calls that take one, such as the install.
     * Closing the connection closes the session.
     */
    GatewaySession session();

    /**
     * Gathers the gateway's facts and evaluates every check. Blocks for about one round trip; never called on the
     * FX thread.
     *
     * @throws GatewayException when the connection fails, or was closed from another thread meanwhile
     */
    PreflightReport check(SessionListener listener) throws GatewayException;

    /**
     * Closes the connection and wipes the credentials. May be called from any thread, also while {@link #check}
     * runs on another one, which then fails at once. Blocks briefly while SSH says goodbye, so the wizard calls it
     * off the FX thread.
     */
    void close();
}
