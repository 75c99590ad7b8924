package dev.outpost.engine.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Waits for named deployments of one namespace to be available, reporting how many are while it waits. An image
 * that cannot be pulled is named as an image missing from the bundle, as at an offline site it is.
 */
public final class WorkloadReadiness {

    private static final Logger log = LoggerFactory.getLogger(WorkloadReadiness.class);

    private final KubernetesClient client;
    private final Duration pollEvery;

    public WorkloadReadiness(KubernetesClient client, Duration pollEvery) {
        this.client = client;
        this.pollEvery = pollEvery;
    }

    /** Returns whether the deployment exists and has as many available replicas as it wants, at least one. */
    public static boolean isAvailable(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null) {
            return false;
        }
        Integer available = deployment.getStatus().getAvailableReplicas();
        Integer wanted = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return available != null && available > 0 && available >= (wanted == null ? 1 : wanted);
    }

    /**
     * Blocks until every named deployment is available.
     *
     * @param what        the workloads in plain words, such as "the Linkerd control plane"
     * @param deployments the deployments' names
     * @param stopped     true once the wait should end at once, such as after the connection was closed
     * @throws InterruptedException when stopped
     * @throws ClusterException when an image is missing from the bundle, or the time-out passes, naming what was
     *                          last seen
     */
    public void await(String what, String namespace, List<String> deployments, Duration timeout,
            NodeReadiness.Progress progress, BooleanSupplier stopped) throws ClusterException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "The cluster's API did not respond yet.";
        while (true) {
            NodeReadiness.stopIf(stopped);
            try {
                List<String> waiting = unavailable(namespace, deployments);
                last = waiting.isEmpty() ? "All of " + what + " is available."
                        : (deployments.size() - waiting.size()) + " of " + deployments.size() + " parts of " + what
                        + " are available; waiting for " + String.join(", ", waiting) + ".";
                progress.update(last);
                List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
                List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
                Optional<String> missing = NodeReadiness.missingImage(pods, events);
                if (missing.isPresent()) {
                    throw new ClusterException("The image " + missing.get() + " is missing from the bundle, so "
                            + what + " cannot start at this offline site. Ask head office for a bundle whose image"
                            + " archives include it, then run again.");
                }
                if (waiting.isEmpty()) {
                    log.info("{} is available.", capitalised(what));
                    return;
                }
            } catch (KubernetesClientException e) {
                log.debug("The cluster's API did not respond: {}", e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException(capitalised(what) + " did not become available within "
                        + NodeReadiness.minutes(timeout) + ". Last seen: " + last + " Run again; if it fails again,"
                        + " send the diagnostics to head office.");
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /** Returns the named deployments that are missing or not available yet. */
    public List<String> unavailable(String namespace, List<String> deployments) {
        List<String> waiting = new ArrayList<>();
        for (String name : deployments) {
            if (!isAvailable(client.apps().deployments().inNamespace(namespace).withName(name).get())) {
                waiting.add(name);
            }
        }
        return waiting;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
