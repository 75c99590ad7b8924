package dev.outpost.ui.common;

import dev.outpost.engine.install.InstallListener;
import dev.outpost.engine.install.InstallRequest;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.MeshJoin;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.SiteSettings;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;

/** The wizard's install over the engine's {@link Installer}, one installer per run. */
public final class InstallerGatewayInstall implements GatewayInstall {

    private final Path laptopJournals;
    private final Clock clock;
    private final Installer.Timeouts timeouts;

    /**
     * @param laptopJournals the folder that keeps the laptop's copy of each gateway's install journal
     */
    public InstallerGatewayInstall(Path laptopJournals, Clock clock, Installer.Timeouts timeouts) {
        this.laptopJournals = laptopJournals;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    /** Blocks; never called on the FX thread. Closing the connection from another thread cancels the run. */
    @Override
    public InstallResult install(GatewayConnection connection, VerifiedBundle bundle, List<PublicKey> trustedKeys,
            SiteSettings site, MeshJoin join, InstallListener listener) {
        return new Installer(laptopJournals, clock, timeouts).install(connection.session(),
                new InstallRequest(bundle.path(), trustedKeys, site, join), listener);
    }
}
