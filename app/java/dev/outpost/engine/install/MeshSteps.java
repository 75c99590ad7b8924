package dev.outpost.engine.install;

import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.cluster.ResourceApply;
import dev.outpost.engine.cluster.WorkloadReadiness;
import dev.outpost.engine.enrollment.IssuerKeys;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.mesh.LinkerdCharts;
import dev.outpost.engine.mesh.MeshNames;
import dev.outpost.engine.mesh.RegistrationResources;
import dev.outpost.engine.mesh.SiteLink;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The steps that join an installed site to the central mesh: the site's Linkerd identity, Linkerd through K3s's
 * Helm controller, the multicluster link, the Rancher registration and the site labels. Secrets (the issuer key,
 * the link's token, the registration token) reach the cluster only through its API, never a file on the gateway.
 */
final class MeshSteps {

    static final StepInfo IDENTITY = new StepInfo("linkerd-identity", "Give Linkerd this site's identity");
    static final StepInfo CHARTS = new StepInfo("linkerd-charts", "Install Linkerd from the bundle");
    static final StepInfo LINKERD_READY = new StepInfo("wait-for-linkerd", "Wait for Linkerd to start");
    static final StepInfo RANCHER = new StepInfo("rancher-registration", "Register the site with Rancher");
    static final StepInfo LABELS = new StepInfo("site-labels", "Label the site for Fleet");

    /** The control plane's deployments, which must all be available before the site links. */
    static final List<String> CONTROL_PLANE = List.of("linkerd-identity", "linkerd-destination",
            "linkerd-proxy-injector");

    private static final Logger log = LoggerFactory.getLogger(MeshSteps.class);
    private static final Duration SHORT = Duration.ofSeconds(30);

    private MeshSteps() {
    }

    static StepInfo linkStep(SiteEnrollment enrollment) {
        return new StepInfo("multicluster-link", "Link the site to " + enrollment.centralClusterName());
    }

    /**
     * Returns the steps in order.
     *
     * @param chartFiles     the chart archives' file names: CRDs, control plane, multicluster
     * @param linkerdVersion the bundle's Linkerd version, which the service mirror's image carries
     */
    static List<InstallStep> plan(MeshJoin join, List<String> chartFiles, String linkerdVersion) {
        SiteEnrollment enrollment = join.enrollment();
        List<InstallStep> steps = new ArrayList<>();
        steps.add(new Identity(enrollment, join.issuerKey()));
        steps.add(new Charts(LinkerdCharts.forSite(enrollment, chartFiles)));
        steps.add(new LinkerdReady());
        steps.add(new Link(enrollment, SiteLink.resources(enrollment, linkerdVersion)));
        if (enrollment.rancher() != null) {
            steps.add(new Rancher(enrollment));
        }
        steps.add(new Labels(enrollment));
        return steps;
    }

    /** The namespace {@code linkerd} and the issuer secret, created through the API. */
    private record Identity(SiteEnrollment enrollment, PrivateKey issuerKey) implements InstallStep {

        @Override
        public StepInfo info() {
            return IDENTITY;
        }

        @Override
        public String inputs() {
            return Digests.of(enrollment.issuerCertificatePem(), enrollment.trustAnchorPem());
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException, ClusterException {
            if (!context.journal().finishedWith(IDENTITY.id(), inputs())) {
                return false;
            }
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                Secret secret = cluster.client().secrets().inNamespace(MeshNames.LINKERD_NAMESPACE)
                        .withName(MeshNames.ISSUER_SECRET).get();
                return secret != null && secret.getData() != null && secret.getData().containsKey("tls.key")
                        && encoded(enrollment.issuerCertificatePem()).equals(secret.getData().get("tls.crt"))
                        && encoded(enrollment.trustAnchorPem()).equals(secret.getData().get("ca.crt"));
            }
        }

        @Override
        public void apply(StepContext context) throws GatewayException, ClusterException {
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                KubernetesClient client = cluster.client();
                applyResource(client, new NamespaceBuilder().withNewMetadata().withName(MeshNames.LINKERD_NAMESPACE)
                        .addToLabels("linkerd.io/is-control-plane", "true")
                        .addToLabels("config.linkerd.io/admission-webhooks", "disabled")
                        .addToLabels("linkerd.io/control-plane-ns", MeshNames.LINKERD_NAMESPACE)
                        .endMetadata().build());
                Secret issuer = new SecretBuilder().withNewMetadata().withName(MeshNames.ISSUER_SECRET)
                        .withNamespace(MeshNames.LINKERD_NAMESPACE).endMetadata().withType("kubernetes.io/tls")
                        .addToData("tls.crt", encoded(enrollment.issuerCertificatePem()))
                        .addToData("tls.key", encoded(IssuerKeys.toPem(issuerKey)))
                        .addToData("ca.crt", encoded(enrollment.trustAnchorPem())).build();
                applyResource(client, issuer);
                context.events().output(IDENTITY.id(), "Created the secret " + MeshNames.LINKERD_NAMESPACE + "/"
                        + MeshNames.ISSUER_SECRET + " with this site's issuer certificate and key.");
            } catch (KubernetesClientException e) {
                throw refused("the site's Linkerd identity", e);
            }
        }
    }

    /** The {@code HelmChart} manifests in K3s's manifests folder, written atomically and readable by root only. */
    private record Charts(List<LinkerdCharts.Chart> charts) implements InstallStep {

        @Override
        public StepInfo info() {
            return CHARTS;
        }

        @Override
        public String inputs() {
            return Digests.of(charts.stream().map(LinkerdCharts.Chart::manifest).toArray(String[]::new));
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException {
            for (LinkerdCharts.Chart chart : charts) {
                if (!digestOf(chart).equals(K3sSteps.fileDigest(context.session(), chart.manifestPath()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void apply(StepContext context) throws GatewayException, InstallException {
            for (LinkerdCharts.Chart chart : charts) {
                String path = chart.manifestPath();
                String script = "set -e; umask 077; mkdir -p " + MeshNames.MANIFESTS_DIR + "; cat > " + path
                        + ".new; chmod 600 " + path + ".new; mv -f " + path + ".new " + path;
                CommandResult result = context.session().runAsRoot(script,
                        chart.manifest().getBytes(StandardCharsets.UTF_8), SHORT);
                if (!result.succeeded() || !digestOf(chart).equals(K3sSteps.fileDigest(context.session(), path))) {
                    throw new InstallException("The gateway could not write " + path + ". Check that /var/lib is"
                            + " writable and not full, then run again.");
                }
                context.events().output(CHARTS.id(), "Wrote " + path + " for the chart " + chart.fileName() + ".");
            }
        }

        private static String digestOf(LinkerdCharts.Chart chart) {
            return Digests.ofBytes(chart.manifest().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Waits for the control plane's deployments and the multicluster extension's {@code Link} type. */
    private record LinkerdReady() implements InstallStep {

        @Override
        public StepInfo info() {
            return LINKERD_READY;
        }

        @Override
        public String inputs() {
            return Digests.of(CONTROL_PLANE.toArray(String[]::new));
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException, ClusterException {
            if (!context.journal().finishedWith(LINKERD_READY.id(), inputs())) {
                return false;
            }
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                return ready(cluster.client(), context);
            } catch (KubernetesClientException e) {
                return false;
            }
        }

        @Override
        public void apply(StepContext context) throws GatewayException, ClusterException, InterruptedException {
            Duration timeout = context.timeouts().nodeReady();
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                new WorkloadReadiness(cluster.client(), context.timeouts().pollEvery()).await(
                        "the Linkerd control plane", MeshNames.LINKERD_NAMESPACE, CONTROL_PLANE, timeout,
                        message -> context.events().progress(LINKERD_READY.id(), -1, -1, 0, null, message),
                        context.session()::closedByCaller);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!linkTypePresent(cluster.client())) {
                    if (context.session().closedByCaller()) {
                        throw new InterruptedException("The wait for the multicluster extension was stopped.");
                    }
                    context.events().progress(LINKERD_READY.id(), -1, -1, 0, null,
                            "Waiting for the multicluster extension.");
                    if (System.nanoTime() > deadline) {
                        throw new ClusterException("The Linkerd multicluster extension did not install within "
                                + timeout.toMinutes() + " minutes: the cluster has no " + MeshNames.LINK_CRD
                                + ". Run again; if it fails again, send the diagnostics to head office.");
                    }
                    Thread.sleep(context.timeouts().pollEvery().toMillis());
                }
            }
        }

        private static boolean ready(KubernetesClient client, StepContext context) {
            return new WorkloadReadiness(client, context.timeouts().pollEvery())
                    .unavailable(MeshNames.LINKERD_NAMESPACE, CONTROL_PLANE).isEmpty() && linkTypePresent(client);
        }

        private static boolean linkTypePresent(KubernetesClient client) {
            try {
                return client.apiextensions().v1().customResourceDefinitions().withName(MeshNames.LINK_CRD)
                        .get() != null;
            } catch (KubernetesClientException e) {
                log.debug("The custom resource definitions could not be read: {}", e.getMessage());
                return false;
            }
        }
    }

    /** The credentials secrets, the {@code Link} and its service mirror, applied through the API. */
    private record Link(SiteEnrollment enrollment, List<HasMetadata> resources, String inputs)
            implements InstallStep {

        /** Digests the resources as planned, before applying them sets their versions. */
        Link(SiteEnrollment enrollment, List<HasMetadata> resources) {
            this(enrollment, resources, Digests.of(resources.stream().map(MeshSteps::fingerprint)
                    .toArray(String[]::new)));
        }

        @Override
        public StepInfo info() {
            return linkStep(enrollment);
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException, ClusterException {
            if (!context.journal().finishedWith(info().id(), inputs())) {
                return false;
            }
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                return cluster.client().genericKubernetesResources(SiteLink.LINK)
                        .inNamespace(MeshNames.MULTICLUSTER_NAMESPACE)
                        .withName(enrollment.centralClusterName()).get() != null;
            } catch (KubernetesClientException e) {
                return false;
            }
        }

        @Override
        public void apply(StepContext context) throws GatewayException, ClusterException {
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                for (HasMetadata resource : resources) {
                    applyToLink(cluster.client(), resource);
                    context.events().output(info().id(), "Applied " + describe(resource) + ".");
                }
            } catch (KubernetesClientException e) {
                throw refused("the link to " + enrollment.centralClusterName(), e);
            }
        }

        private static void applyToLink(KubernetesClient client, HasMetadata resource) {
            if (resource instanceof GenericKubernetesResource generic) {
                ResourceApply.apply(client, SiteLink.LINK, generic);
            } else {
                MeshSteps.applyResource(client, resource);
            }
        }
    }

    /** Rancher's registration manifest, applied through the API; its token never lands in a file. */
    private record Rancher(SiteEnrollment enrollment) implements InstallStep {

        @Override
        public StepInfo info() {
            return RANCHER;
        }

        @Override
        public String inputs() {
            return Digests.of(enrollment.rancher().manifestYaml());
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException, ClusterException {
            if (!context.journal().finishedWith(RANCHER.id(), inputs())) {
                return false;
            }
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                return cluster.client().apps().deployments().inNamespace(MeshNames.RANCHER_NAMESPACE)
                        .withName(MeshNames.RANCHER_AGENT).get() != null;
            } catch (KubernetesClientException e) {
                return false;
            }
        }

        @Override
        public void apply(StepContext context) throws GatewayException, ClusterException, InstallException {
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                List<HasMetadata> resources = RegistrationResources.resources(enrollment.rancher().manifestYaml());
                for (HasMetadata resource : resources) {
                    MeshSteps.applyResource(cluster.client(), resource);
                    context.events().output(RANCHER.id(), "Applied " + describe(resource) + ".");
                }
                log.info("The site's Rancher registration for {} is applied.", enrollment.rancher().serverUrl());
            } catch (KubernetesClientException e) {
                throw refused("the Rancher registration", e);
            }
        }
    }

    /**
     * The site labels on the node, where workloads select by them, and the site's record in Outpost's namespace,
     * which the mesh checks compare with.
     */
    private record Labels(SiteEnrollment enrollment) implements InstallStep {

        @Override
        public StepInfo info() {
            return LABELS;
        }

        @Override
        public String inputs() {
            return Digests.of(siteRecord().getData().toString());
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException, ClusterException {
            if (!context.journal().finishedWith(LABELS.id(), inputs())) {
                return false;
            }
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                ConfigMap existing = cluster.client().configMaps().inNamespace(MeshNames.OUTPOST_NAMESPACE)
                        .withName(MeshNames.SITE_CONFIG_MAP).get();
                var node = cluster.client().nodes().withName(enrollment.siteId()).get();
                return existing != null && Objects.equals(existing.getData(), siteRecord().getData())
                        && node != null && node.getMetadata().getLabels() != null
                        && node.getMetadata().getLabels().entrySet().containsAll(labels().entrySet());
            } catch (KubernetesClientException e) {
                return false;
            }
        }

        @Override
        public void apply(StepContext context) throws GatewayException, ClusterException, InstallException {
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                KubernetesClient client = cluster.client();
                if (client.nodes().withName(enrollment.siteId()).get() == null) {
                    throw new InstallException("The site's node " + enrollment.siteId() + " is not in the cluster,"
                            + " so its labels cannot be set. Run again; if it fails again, send the diagnostics to"
                            + " head office.");
                }
                client.nodes().withName(enrollment.siteId()).edit(node -> {
                    node.getMetadata().setLabels(merged(node.getMetadata().getLabels(), labels()));
                    return node;
                });
                applyResource(client, new NamespaceBuilder().withNewMetadata().withName(MeshNames.OUTPOST_NAMESPACE)
                        .withLabels(labels()).endMetadata().build());
                MeshSteps.applyResource(client, siteRecord());
                labels().forEach((key, value) -> context.events().output(LABELS.id(), "Labelled the site "
                        + key + "=" + value + "."));
            } catch (KubernetesClientException e) {
                throw refused("the site labels", e);
            }
        }

        private Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>(enrollment.labels());
            labels.put(K3sConfig.SITE_LABEL, enrollment.siteId());
            return labels;
        }

        private ConfigMap siteRecord() {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("site", enrollment.siteId());
            data.put("displayName", enrollment.displayName());
            data.put("centralCluster", enrollment.centralClusterName());
            data.put("trustAnchor", enrollment.trustAnchorPem());
            data.put("rancher", String.valueOf(enrollment.rancher() != null));
            enrollment.labels().forEach((key, value) -> data.put("label." + key, value));
            return new ConfigMapBuilder().withNewMetadata().withName(MeshNames.SITE_CONFIG_MAP)
                    .withNamespace(MeshNames.OUTPOST_NAMESPACE).withLabels(labels()).endMetadata()
                    .withData(data).build();
        }

        private static Map<String, String> merged(Map<String, String> existing, Map<String, String> added) {
            Map<String, String> labels = new LinkedHashMap<>(existing == null ? Map.of() : existing);
            labels.putAll(added);
            return labels;
        }
    }

    static void applyResource(KubernetesClient client, HasMetadata resource) {
        ResourceApply.apply(client, resource);
    }

    static String describe(HasMetadata resource) {
        String namespace = resource.getMetadata().getNamespace();
        return resource.getKind() + " " + (namespace == null ? "" : namespace + "/") + resource.getMetadata().getName();
    }

    /** Digests a resource's kind, name and content for the journal, so that secret values are hashed, never kept. */
    static String fingerprint(HasMetadata resource) {
        return Digests.ofBytes(io.fabric8.kubernetes.client.utils.Serialization.asJson(resource)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static ClusterException refused(String what, KubernetesClientException e) {
        return new ClusterException("The site cluster rejected " + what + " (HTTP " + e.getCode() + "). Run again; if"
                + " it fails again, send the diagnostics to head office.", e);
    }

    private static String encoded(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
