package dev.outpost.engine.install;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * What to install: the offline bundle, the keys whose signature on it counts, and the site's settings.
 *
 * @param bundle      a bundle folder, {@code .tar} or {@code .tar.zst}
 * @param trustedKeys head office's public keys
 * @param site        the site settings the K3s configuration is written from
 * @param join        what joining the central mesh needs, or {@code null} to install K3s alone
 */
public record InstallRequest(Path bundle, List<PublicKey> trustedKeys, SiteSettings site, MeshJoin join) {

    public InstallRequest {
        trustedKeys = List.copyOf(trustedKeys);
    }

    /** Creates a request that installs K3s alone. */
    public InstallRequest(Path bundle, List<PublicKey> trustedKeys, SiteSettings site) {
        this(bundle, trustedKeys, site, null);
    }

    /** Creates a request that installs K3s with the enrolled site's settings, then joins the central mesh. */
    public static InstallRequest joining(Path bundle, List<PublicKey> trustedKeys, MeshJoin join) {
        return new InstallRequest(bundle, trustedKeys, join.siteSettings(), join);
    }
}
