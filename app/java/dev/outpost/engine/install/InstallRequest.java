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
 */
public record InstallRequest(Path bundle, List<PublicKey> trustedKeys, SiteSettings site) {

    public InstallRequest {
        trustedKeys = List.copyOf(trustedKeys);
    }
}
