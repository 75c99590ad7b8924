package dev.outpost.ui.common;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.SessionListener;

/** {@link GatewayChecks} over the engine's {@link Preflight}. */
public final class PreflightGatewayChecks implements GatewayChecks {

    private final Preflight preflight;

    public PreflightGatewayChecks(Preflight preflight) {
        this.preflight = preflight;
    }

    @Override
    public GatewayConnection connect(ConnectionSettings settings, SessionListener listener) throws GatewayException {
        return new SessionConnection(preflight, preflight.connect(settings, listener));
    }

    /** A connection backed by one engine session. */
    private record SessionConnection(Preflight preflight, GatewaySession session) implements GatewayConnection {

        @Override
        public ConnectionSettings settings() {
            return session.settings();
        }

        @Override
        public HostKeyInfo hostKey() {
            return session.hostKey();
        }

        @Override
        public PreflightReport check(SessionListener listener) throws GatewayException {
            return preflight.check(session, listener);
        }

        @Override
        public void close() {
            try {
                session.close();
            } finally {
                session.settings().credentials().wipe();
            }
        }
    }
}
