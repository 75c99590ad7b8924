package dev.outpost.cli;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.enrollment.CentralCluster;
import dev.outpost.engine.enrollment.EnrollmentException;
import dev.outpost.engine.enrollment.EnrollmentIssuer;
import dev.outpost.engine.enrollment.IssuancePolicy;
import dev.outpost.engine.enrollment.RancherManifest;
import dev.outpost.engine.enrollment.RancherRegistration;
import dev.outpost.engine.enrollment.TrustAnchor;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The options that {@code enroll create} and {@code enroll batch} share: head office's keys, the central cluster and
 * how long what they issue lasts. Secrets come from standard input, one line each, in this order and only when
 * their option is given: the signing key's passphrase, then the trust anchor key's passphrase.
 */
final class HeadOfficeOptions {

    @Option(names = "--trust-anchor-cert", required = true, paramLabel = "FILE", description = "The mesh's Linkerd"
            + " trust anchor certificate (PEM), the same as the central cluster's.")
    Path trustAnchorCert;

    @Option(names = "--trust-anchor-key", required = true, paramLabel = "FILE", description = "The trust anchor's"
            + " private key (PEM). It signs the site issuers and is never written anywhere.")
    Path trustAnchorKey;

    @Option(names = "--central-kubeconfig", required = true, paramLabel = "FILE", description = "A kubeconfig for"
            + " the central cluster, allowed to read Services and Secrets in linkerd-multicluster and ConfigMaps in"
            + " linkerd.")
    Path centralKubeconfig;

    @Option(names = "--sign-key", required = true, paramLabel = "KEY", description = "Head office's signing key, as"
            + " 'outpost keys generate' wrote it.")
    Path signKey;

    @Option(names = "--passphrase-stdin", description = "Read the signing key's passphrase from standard input.")
    boolean signKeyPassphraseFromStdin;

    @Option(names = "--trust-anchor-passphrase-stdin", description = "Read the trust anchor key's passphrase from"
            + " standard input, after the signing key's.")
    boolean anchorPassphraseFromStdin;

    @Option(names = "--central-name", defaultValue = "central", paramLabel = "NAME", description = "The central"
            + " cluster's name in the sites' links; mirrored services get it as a suffix. Default: ${DEFAULT-VALUE}.")
    String centralName;

    @Option(names = "--central-pod-cidr", defaultValue = IssuancePolicy.RKE2_POD_CIDR, paramLabel = "CIDR",
            description = "The central cluster's pod range. Default: ${DEFAULT-VALUE}, RKE2's.")
    String centralPodCidr;

    @Option(names = "--central-service-cidr", defaultValue = IssuancePolicy.RKE2_SERVICE_CIDR, paramLabel = "CIDR",
            description = "The central cluster's service range. Default: ${DEFAULT-VALUE}, RKE2's.")
    String centralServiceCidr;

    @Option(names = "--api-server-address", paramLabel = "URL", description = "The central API's address as sites"
            + " reach it, such as https://central.example.com:6443. Default: the kubeconfig's server, unless it is"
            + " a loopback address.")
    String apiServerAddress;

    @Option(names = "--gateway-address", paramLabel = "ADDRESS", description = "The central gateway's address"
            + " (names or IPs, comma-separated) as sites reach it. Default: the linkerd-gateway Service's"
            + " load-balancer address.")
    String gatewayAddress;

    @Option(names = "--rancher-manifest", paramLabel = "FILE", description = "Rancher's registration manifest for"
            + " importing a cluster; the sites apply it offline. Without it, sites do not register in Rancher.")
    Path rancherManifest;

    @Option(names = "--issuer-validity-days", defaultValue = "365", paramLabel = "DAYS", description = "How long a"
            + " site's Linkerd issuer certificate lasts, cut to the trust anchor's end. Default: ${DEFAULT-VALUE}.")
    int issuerValidityDays;

    @Option(names = "--expires-in-days", defaultValue = "90", paramLabel = "DAYS", description = "How long an"
            + " enrollment file can be used to join, cut to the issuer's end. Default: ${DEFAULT-VALUE}.")
    int expiresInDays;

    /** Head office's keys and the central cluster, read once for one or many sites. */
    record HeadOffice(PrivateKey signKey, EnrollmentIssuer issuer, CentralCluster central, TrustAnchor anchor) {
    }

    IssuancePolicy policy() {
        if (issuerValidityDays < 1 || expiresInDays < 1) {
            throw new IllegalArgumentException("--issuer-validity-days and --expires-in-days must be at least 1.");
        }
        return new IssuancePolicy(Duration.ofDays(issuerValidityDays), Duration.ofDays(expiresInDays),
                centralPodCidr, centralServiceCidr);
    }

    /**
     * Reads the passphrases from standard input, the keys, the Rancher manifest and the central cluster, in that
     * order, so that a wrong file fails before the network is used. Blocks on the network.
     */
    HeadOffice open(StdinSecrets stdin, Clock clock, SecureRandom random) throws IOException, BundleException,
            EnrollmentException {
        char[] signPassphrase = null;
        char[] anchorPassphrase = null;
        try {
            signPassphrase = signKeyPassphraseFromStdin ? stdin.readLine("signing key's passphrase") : null;
            anchorPassphrase = anchorPassphraseFromStdin ? stdin.readLine("trust anchor key's passphrase") : null;
            PrivateKey key = SigningKeys.readPrivateKey(signKey, signPassphrase);
            TrustAnchor anchor = TrustAnchor.read(trustAnchorCert, trustAnchorKey, anchorPassphrase);
            RancherRegistration rancher = rancherManifest == null ? null : RancherManifest.read(rancherManifest);
            CentralCluster central = CentralCluster.read(centralKubeconfig,
                    new CentralCluster.Overrides(apiServerAddress, gatewayAddress));
            EnrollmentIssuer issuer = new EnrollmentIssuer(anchor, central, centralName, rancher, policy(), clock,
                    random);
            return new HeadOffice(key, issuer, central, anchor);
        } finally {
            wipe(signPassphrase);
            wipe(anchorPassphrase);
        }
    }

    static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }

    /** Explains why a file could not be written, in words rather than the exception's type. */
    static String whyNotWritten(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its folder does not exist; create the folder or choose another";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "this account may not write there; choose a folder you may write to";
        }
        return (e.getMessage() == null ? "the disk refused it" : e.getMessage()) + "; check the folder and the free"
                + " space";
    }
}
