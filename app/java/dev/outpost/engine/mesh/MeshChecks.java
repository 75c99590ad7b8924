package dev.outpost.engine.mesh;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;
import dev.outpost.engine.checks.Severity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mesh checks of a joined site, in the spirit of {@code linkerd check} but worded for people who are not
 * Linkerd experts, and offline: the trust anchor, the issuer, the control plane, the proxy injector, the link to the
 * central cluster and its gateway, the Rancher agent and the site labels. A site that cannot reach head office yet
 * sees what will happen once it can, and that is not a failure.
 */
public final class MeshChecks {

    /** Below this, the issuer's remaining validity is a warning, as {@code linkerd check} warns. */
    public static final Duration ISSUER_WARNING = Duration.ofDays(60);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);
    private static final Pattern GATEWAY_ALIVE = Pattern.compile(
            "^gateway_alive\\{[^}]*target_cluster_name=\"([^\"]+)\"[^}]*\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
    private static final String SEND = " If it stays so, send the diagnostics to head office.";

    private final KubernetesClient client;
    private final Clock clock;
    private final GatewayProbe probe;

    public MeshChecks(KubernetesClient client, Clock clock, GatewayProbe probe) {
        this.client = client;
        this.clock = clock;
        this.probe = probe;
    }

    /** Runs every check. Blocks; a check whose state cannot be read reports so rather than failing the others. */
    public List<CheckResult> run(SiteExpectation site) {
        List<CheckResult> results = new ArrayList<>();
        results.add(guard("mesh.trust-anchor", "The site trusts the mesh's trust anchor", () -> trustAnchor(site)));
        results.add(guard("mesh.issuer", "The site's identity issuer is valid", () -> issuer(site)));
        results.add(guard("mesh.control-plane", "The Linkerd control plane is running", this::controlPlane));
        results.add(guard("mesh.proxy-injector", "New workloads join the mesh automatically", this::injector));
        results.add(guard("mesh.link", "The site is linked to " + site.centralCluster(), () -> link(site)));
        results.add(guard("mesh.central-gateway", "Head office's mesh gateway answers", () -> gateway(site)));
        results.add(guard("mesh.rancher", "Rancher manages the site", () -> rancher(site)));
        results.add(guard("mesh.site-labels", "The site carries its labels", () -> labels(site)));
        return results;
    }

    private interface Check {
        CheckResult evaluate();
    }

    private CheckResult guard(String id, String title, Check check) {
        try {
            return check.evaluate();
        } catch (KubernetesClientException e) {
            return new CheckResult(id, Severity.BLOCKER, CheckStatus.UNKNOWN, title,
                    "The site cluster did not respond (HTTP " + e.getCode() + ").",
                    "Check that K3s is running on the gateway, then check again.", e.getMessage());
        }
    }

    private CheckResult trustAnchor(SiteExpectation site) {
        String id = "mesh.trust-anchor";
        String title = "The site trusts the mesh's trust anchor";
        String present = TrustRoots.read(client).orElse(null);
        if (present == null) {
            return fail(id, Severity.BLOCKER, title, "Linkerd has not written its trust roots ("
                    + MeshNames.LINKERD_NAMESPACE + "/" + MeshNames.TRUST_ROOTS + ") yet.",
                    "Join the site again; Linkerd writes them when it installs." + SEND, "missing");
        }
        if (!TrustRoots.same(present, site.trustAnchorPem())) {
            return fail(id, Severity.BLOCKER, title, "The site's Linkerd trusts another anchor than the mesh's, so"
                    + " the site and head office cannot verify each other.",
                    "Ask head office for the right enrollment file, then join again.", "different anchor");
        }
        return pass(id, title, "The site's Linkerd trusts the same anchor as head office.");
    }

    private CheckResult issuer(SiteExpectation site) {
        String id = "mesh.issuer";
        String title = "The site's identity issuer is valid";
        Secret secret = client.secrets().inNamespace(MeshNames.LINKERD_NAMESPACE)
                .withName(MeshNames.ISSUER_SECRET).get();
        String pem = secret == null || secret.getData() == null ? null : decoded(secret.getData().get("tls.crt"));
        X509Certificate issuer = pem == null ? null : certificate(pem);
        X509Certificate anchor = certificate(site.trustAnchorPem());
        if (issuer == null) {
            return fail(id, Severity.BLOCKER, title, "The site has no readable issuer certificate ("
                    + MeshNames.LINKERD_NAMESPACE + "/" + MeshNames.ISSUER_SECRET + ").",
                    "Join the site again with its enrollment file.", "missing");
        }
        if (anchor == null || !signedBy(issuer, anchor)) {
            return fail(id, Severity.BLOCKER, title, "The site's issuer certificate was not signed by the mesh's"
                    + " trust anchor, so no other cluster trusts the site's workloads.",
                    "Ask head office for a new enrollment file, then join again.", issuer.getSubjectX500Principal()
                            .getName());
        }
        Instant now = clock.instant();
        Instant until = issuer.getNotAfter().toInstant();
        if (now.isBefore(issuer.getNotBefore().toInstant()) || now.isAfter(until)) {
            return fail(id, Severity.BLOCKER, title, "The issuer certificate is valid from "
                    + DAY.format(issuer.getNotBefore().toInstant()) + " to " + DAY.format(until) + ", and it is "
                    + DAY.format(now) + " now.", "Check the gateway's clock; if it is right, ask head office for a"
                    + " new enrollment file.", "not valid now");
        }
        long days = (Duration.between(now, until).toHours() + 23) / 24;
        if (Duration.between(now, until).compareTo(ISSUER_WARNING) < 0) {
            return fail(id, Severity.WARNING, title, "The issuer certificate expires on " + DAY.format(until)
                    + ", in " + days + " days. After that, workloads at the site cannot get new identities.",
                    "Ask head office for a new enrollment file before then, and join again with it.",
                    days + " days left");
        }
        return pass(id, title, "The issuer chains to the trust anchor and is valid until " + DAY.format(until)
                + " (" + days + " days).");
    }

    private CheckResult controlPlane() {
        String id = "mesh.control-plane";
        String title = "The Linkerd control plane is running";
        List<String> waiting = unavailable(MeshNames.LINKERD_NAMESPACE,
                List.of("linkerd-identity", "linkerd-destination", "linkerd-proxy-injector"));
        if (!waiting.isEmpty()) {
            return fail(id, Severity.BLOCKER, title, "These parts of Linkerd are not running: "
                    + String.join(", ", waiting) + ".", "Wait a minute and check again." + SEND,
                    String.join(",", waiting));
        }
        return pass(id, title, "Identity, destination and the proxy injector are running.");
    }

    private CheckResult injector() {
        String id = "mesh.proxy-injector";
        String title = "New workloads join the mesh automatically";
        boolean present = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(MeshNames.PROXY_INJECTOR_WEBHOOK).get() != null;
        return present ? pass(id, title, "Linkerd's proxy injector is registered with the cluster.")
                : fail(id, Severity.BLOCKER, title, "The proxy injector's webhook ("
                        + MeshNames.PROXY_INJECTOR_WEBHOOK + ") is missing, so workloads would start outside the"
                        + " mesh.", "Join the site again." + SEND, "missing");
    }

    private CheckResult link(SiteExpectation site) {
        String id = "mesh.link";
        String title = "The site is linked to " + site.centralCluster();
        boolean link = client.genericKubernetesResources(SiteLink.LINK).inNamespace(MeshNames.MULTICLUSTER_NAMESPACE)
                .withName(site.centralCluster()).get() != null;
        if (!link) {
            return fail(id, Severity.BLOCKER, title, "The site has no link to " + site.centralCluster() + ".",
                    "Join the site again with its enrollment file.", "no Link");
        }
        String mirror = MeshNames.serviceMirror(site.centralCluster());
        if (!unavailable(MeshNames.MULTICLUSTER_NAMESPACE, List.of(mirror)).isEmpty()) {
            return fail(id, Severity.BLOCKER, title, "The link is in place, but its service mirror (" + mirror
                    + ") is not running, so no central service is mirrored.", "Wait a minute and check again."
                    + SEND, "service mirror not running");
        }
        return pass(id, title, "The link and its service mirror are in place.");
    }

    private CheckResult gateway(SiteExpectation site) {
        String id = "mesh.central-gateway";
        String title = "Head office's mesh gateway answers";
        Optional<String> address = client.pods().inNamespace(MeshNames.MULTICLUSTER_NAMESPACE)
                .withLabel(SiteLink.CLUSTER_NAME_LABEL, site.centralCluster()).list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .map(Pod::getStatus).map(s -> s.getPodIP()).filter(ip -> ip != null && !ip.isBlank()).findFirst();
        Optional<Boolean> alive = address.flatMap(probe::metrics).flatMap(m -> alive(m, site.centralCluster()));
        if (alive.orElse(false)) {
            return pass(id, title, "The site reaches " + site.centralCluster() + "'s gateway; central services"
                    + " are reachable from the site.");
        }
        return waiting(id, title, "The site has not reached " + site.centralCluster() + "'s gateway yet.",
                "Nothing to do at the site. Once the site's network reaches head office, the link connects on its"
                        + " own and central services become reachable from the site's workloads.",
                alive.isPresent() ? "gateway_alive 0" : "probe state not readable");
    }

    private CheckResult rancher(SiteExpectation site) {
        String id = "mesh.rancher";
        String title = "Rancher manages the site";
        if (!site.registersWithRancher()) {
            return new CheckResult(id, Severity.INFO, CheckStatus.UNKNOWN, title, "Head office did not register"
                    + " this site with Rancher.", null, "no registration");
        }
        Deployment agent = client.apps().deployments().inNamespace(MeshNames.RANCHER_NAMESPACE)
                .withName(MeshNames.RANCHER_AGENT).get();
        if (agent == null) {
            return fail(id, Severity.WARNING, title, "The Rancher agent is not installed.",
                    "Join the site again with its enrollment file.", "no agent");
        }
        boolean connected = client.namespaces().withName(MeshNames.FLEET_AGENT_NAMESPACE).get() != null;
        if (connected) {
            return pass(id, title, "The Rancher agent has connected, and Rancher has installed its Fleet agent.");
        }
        return waiting(id, title, "The Rancher agent is installed and waiting for the connection to head office.",
                "Nothing to do at the site. Once the site's network reaches Rancher, the agent connects, Rancher"
                        + " shows the site as active and Fleet starts deploying the site's workloads.",
                "agent installed, not connected");
    }

    private CheckResult labels(SiteExpectation site) {
        String id = "mesh.site-labels";
        String title = "The site carries its labels";
        Node node = client.nodes().withName(site.siteId()).get();
        Map<String, String> present = node == null || node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        List<String> missing = site.labels().entrySet().stream()
                .filter(e -> !e.getValue().equals(present.get(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        if (node == null || !missing.isEmpty()) {
            return fail(id, Severity.WARNING, title, node == null ? "The site's node " + site.siteId()
                    + " is not in the cluster." : "The node lacks the labels " + String.join(", ", missing) + ".",
                    "Join the site again so that Fleet and workloads can find it.", String.join(",", missing));
        }
        return pass(id, title, "The node carries the site's " + site.labels().size() + " labels.");
    }

    private List<String> unavailable(String namespace, List<String> deployments) {
        return new dev.outpost.engine.cluster.WorkloadReadiness(client, Duration.ZERO)
                .unavailable(namespace, deployments);
    }

    static Optional<Boolean> alive(String metrics, String cluster) {
        Matcher m = GATEWAY_ALIVE.matcher(metrics);
        while (m.find()) {
            if (m.group(1).equals(cluster)) {
                try {
                    return Optional.of(Double.parseDouble(m.group(2)) >= 1);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static CheckResult pass(String id, String title, String explanation) {
        return new CheckResult(id, Severity.BLOCKER, CheckStatus.PASSED, title, explanation, null, "ok");
    }

    private static CheckResult fail(String id, Severity severity, String title, String explanation, String fix,
            String observed) {
        return new CheckResult(id, severity, CheckStatus.FAILED, title, explanation, fix, observed);
    }

    /** A state that resolves on its own once the site reaches head office: information, not a failure. */
    private static CheckResult waiting(String id, String title, String explanation, String whatHappens,
            String observed) {
        return new CheckResult(id, Severity.INFO, CheckStatus.UNKNOWN, title,
                "Waiting for the connection to head office. " + explanation, whatHappens, observed);
    }

    private static String decoded(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate anchor) {
        try {
            certificate.verify(anchor.getPublicKey());
            return certificate.getIssuerX500Principal().equals(anchor.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
