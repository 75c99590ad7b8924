package dev.outpost.engine.mesh;

import dev.outpost.engine.enrollment.CentralLink;
import dev.outpost.engine.enrollment.SiteEnrollment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of the site's Linkerd multicluster link to the central cluster, as {@code linkerd multicluster link}
 * of the bundle's Linkerd release renders them: the credentials secret in both namespaces, the {@code Link}, and
 * the link's own service mirror with its permissions and probe service. The site mirrors central services; the
 * service mirror reads the central API with the token from the enrollment.
 */
public final class SiteLink {

    /** The {@code Link} resource kind, for the client. */
    public static final ResourceDefinitionContext LINK = new ResourceDefinitionContext.Builder()
            .withGroup(MeshNames.LINK_GROUP).withVersion(MeshNames.LINK_VERSION).withKind("Link").withPlural("links")
            .withNamespaced(true).build();

    static final String CREDENTIALS_TYPE = "mirror.linkerd.io/remote-kubeconfig";
    static final String CLUSTER_NAME_LABEL = "mirror.linkerd.io/cluster-name";
    private static final String REMOTE_ACCESS_ACCOUNT = "linkerd-service-mirror-remote-access-default";
    private static final String NAMESPACE = MeshNames.MULTICLUSTER_NAMESPACE;

    private SiteLink() {
    }

    /** Returns the credentials secrets, the {@code Link} and the service mirror, in the order they are applied. */
    public static List<HasMetadata> resources(SiteEnrollment enrollment, String linkerdVersion) {
        String cluster = enrollment.centralClusterName();
        List<HasMetadata> resources = new ArrayList<>(credentials(enrollment));
        resources.add(link(enrollment));
        resources.addAll(serviceMirror(cluster, "cr.l5d.io/linkerd/controller:" + linkerdVersion));
        return resources;
    }

    /**
     * The kubeconfig the service mirror reads the central API with: the central server and CA, and one user with
     * the token of the central cluster's remote-access service account. It contains a secret.
     */
    static String kubeconfig(String cluster, CentralLink link) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(Map.of("name", cluster, "cluster", Map.of("server", link.apiServerUrl(),
                "certificate-authority-data", base64(link.apiServerCaPem())))));
        config.put("users", List.of(Map.of("name", REMOTE_ACCESS_ACCOUNT, "user",
                Map.of("token", link.serviceMirrorToken()))));
        config.put("contexts", List.of(Map.of("name", cluster, "context", Map.of("cluster", cluster, "user",
                REMOTE_ACCESS_ACCOUNT))));
        config.put("current-context", cluster);
        return Serialization.asYaml(config);
    }

    static List<Secret> credentials(SiteEnrollment enrollment) {
        String cluster = enrollment.centralClusterName();
        String kubeconfig = base64(kubeconfig(cluster, enrollment.link()));
        Secret forMirror = new SecretBuilder().withNewMetadata().withName(MeshNames.credentialsSecret(cluster))
                .withNamespace(NAMESPACE).endMetadata().withType(CREDENTIALS_TYPE)
                .addToData("kubeconfig", kubeconfig).build();
        Secret forDestination = new SecretBuilder().withNewMetadata()
                .withName(MeshNames.credentialsSecret(cluster)).withNamespace(MeshNames.LINKERD_NAMESPACE)
                .addToLabels("multicluster.linkerd.io/cluster-name", cluster)
                .addToAnnotations("multicluster.linkerd.io/trust-domain", enrollment.link().trustDomain())
                .addToAnnotations("multicluster.linkerd.io/cluster-domain", enrollment.link().clusterDomain())
                .endMetadata().withType(CREDENTIALS_TYPE).addToData("kubeconfig", kubeconfig).build();
        return List.of(forMirror, forDestination);
    }

    /**
     * Builds the {@code Link} with the central gateway's address given explicitly, because a site has no load
     * balancer.
     */
    static GenericKubernetesResource link(SiteEnrollment enrollment) {
        String cluster = enrollment.centralClusterName();
        CentralLink central = enrollment.link();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetClusterName", cluster);
        spec.put("targetClusterDomain", central.clusterDomain());
        spec.put("targetClusterLinkerdNamespace", MeshNames.LINKERD_NAMESPACE);
        spec.put("clusterCredentialsSecret", MeshNames.credentialsSecret(cluster));
        spec.put("gatewayAddress", central.gatewayAddress());
        spec.put("gatewayPort", String.valueOf(central.gatewayPort()));
        spec.put("gatewayIdentity", central.gatewayIdentity());
        spec.put("probeSpec", Map.of("path", central.probePath(), "port", String.valueOf(central.probePort()),
                "period", central.probePeriodSeconds() + "s"));
        spec.put("selector", Map.of("matchLabels", Map.of("mirror.linkerd.io/exported", "true")));
        spec.put("remoteDiscoverySelector", Map.of("matchLabels",
                Map.of("mirror.linkerd.io/exported", "remote-discovery")));
        GenericKubernetesResource link = new GenericKubernetesResourceBuilder()
                .withApiVersion(MeshNames.LINK_GROUP + "/" + MeshNames.LINK_VERSION).withKind("Link")
                .withNewMetadata().withName(cluster).withNamespace(NAMESPACE).endMetadata().build();
        link.setAdditionalProperty("spec", spec);
        return link;
    }

    static List<HasMetadata> serviceMirror(String cluster, String image) {
        String name = MeshNames.serviceMirror(cluster);
        Map<String, String> labels = Map.of("linkerd.io/extension", "multicluster", "component", "service-mirror",
                CLUSTER_NAME_LABEL, cluster);
        String localAccess = "linkerd-service-mirror-access-local-resources-" + cluster;
        String readCredentials = "linkerd-service-mirror-read-remote-creds-" + cluster;
        var subject = new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(NAMESPACE).build();
        List<HasMetadata> resources = new ArrayList<>();
        resources.add(new ClusterRoleBuilder().withNewMetadata().withName(localAccess).withLabels(labels)
                .endMetadata()
                .addToRules(rule("", List.of("endpoints", "services"),
                        List.of("list", "get", "watch", "create", "delete", "update")))
                .addToRules(rule("", List.of("namespaces"), List.of("list", "get", "watch"))).build());
        resources.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(localAccess).withLabels(labels)
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", localAccess)
                .withSubjects(subject).build());
        resources.add(new RoleBuilder().withNewMetadata().withName(readCredentials).withNamespace(NAMESPACE)
                .withLabels(labels).endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                        .withResourceNames(MeshNames.credentialsSecret(cluster))
                        .withVerbs("list", "get", "watch").build())
                .addToRules(rule(MeshNames.LINK_GROUP, List.of("links"), List.of("list", "get", "watch")))
                .addToRules(rule(MeshNames.LINK_GROUP, List.of("links/status"), List.of("update", "patch")))
                .addToRules(rule("coordination.k8s.io", List.of("leases"),
                        List.of("create", "get", "update", "patch")))
                .build());
        resources.add(new RoleBindingBuilder().withNewMetadata().withName(readCredentials).withNamespace(NAMESPACE)
                .withLabels(labels).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", readCredentials)
                .withSubjects(subject).build());
        resources.add(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(labels).endMetadata().build());
        resources.add(deployment(cluster, name, labels, image));
        resources.add(new ServiceBuilder().withNewMetadata().withName(MeshNames.probeService(cluster))
                .withNamespace(NAMESPACE).addToLabels("linkerd.io/extension", "multicluster")
                .addToLabels("mirror.linkerd.io/mirrored-gateway", "true").addToLabels(CLUSTER_NAME_LABEL, cluster)
                .endMetadata().withNewSpec().addNewPort().withName("mc-probe").withPort(4191).withProtocol("TCP")
                .endPort().endSpec().build());
        return resources;
    }

    private static HasMetadata deployment(String cluster, String name, Map<String, String> labels, String image) {
        Map<String, String> podLabels = Map.of("linkerd.io/extension", "multicluster", "component",
                "linkerd-service-mirror", CLUSTER_NAME_LABEL, cluster);
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels)
                .endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("component", "linkerd-service-mirror")
                .addToMatchLabels(CLUSTER_NAME_LABEL, cluster).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels)
                .addToAnnotations("linkerd.io/inject", "enabled").endMetadata()
                .withNewSpec().withServiceAccountName(name)
                .addNewContainer().withName("service-mirror").withImage(image).withImagePullPolicy("IfNotPresent")
                .withArgs("service-mirror", "-log-level=info", "-log-format=plain", "-event-requeue-limit=3",
                        "-namespace=" + NAMESPACE, "-enable-pprof=false",
                        "-probe-service=" + MeshNames.probeService(cluster), cluster)
                .addNewPort().withContainerPort(9999).withName("admin-http").endPort()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true).withRunAsUser(2103L).withRunAsGroup(2103L).endSecurityContext()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.rbac.PolicyRule rule(String group, List<String> resources,
            List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
