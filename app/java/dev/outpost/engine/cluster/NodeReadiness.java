package dev.outpost.engine.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits for the site's node to become Ready, reporting the node's state and the system pods while it waits. An
 * image that cannot be pulled is named for what it is at an offline site: an image missing from the bundle.
 */
public final class NodeReadiness {

    /** Receives a plain description of what is being waited for; called on the waiting thread. */
    @FunctionalInterface
    public interface Progress {
        void update(String message);
    }

    /** The cluster's state at one poll. */
    record Snapshot(boolean registered, boolean ready, int podsRunning, int podsTotal, String missingImage) {

        String describe(String nodeName) {
            String node = !registered ? "Waiting for node " + nodeName + " to register"
                    : ready ? "Node " + nodeName + " is ready" : "Node " + nodeName + " is registered, not ready yet";
            return node + "; " + podsRunning + " of " + podsTotal + " system pods running.";
        }
    }

    static final String SYSTEM_NAMESPACE = "kube-system";
    private static final Logger log = LoggerFactory.getLogger(NodeReadiness.class);
    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull");
    private static final Pattern FAILED_PULL = Pattern.compile("[Ff]ailed to pull image \"([^\"]+)\"");

    private final KubernetesClient client;
    private final Duration pollEvery;

    public NodeReadiness(KubernetesClient client, Duration pollEvery) {
        this.client = client;
        this.pollEvery = pollEvery;
    }

    /**
     * Blocks until the node is Ready.
     *
     * @throws ClusterException when an image is missing from the bundle, or the time-out passes. The message
     *                          names what was last seen.
     */
    public void await(String nodeName, Duration timeout, Progress progress) throws ClusterException,
            InterruptedException {
        await(nodeName, timeout, progress, () -> false);
    }

    /**
     * Blocks until the node is Ready, or until {@code stopped} is true, such as after the connection was closed to
     * cancel the run.
     *
     * @throws InterruptedException when stopped
     */
    public void await(String nodeName, Duration timeout, Progress progress, BooleanSupplier stopped)
            throws ClusterException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "The cluster's API did not respond yet.";
        while (true) {
            stopIf(stopped);
            Optional<Snapshot> snapshot = poll(nodeName);
            if (snapshot.isPresent()) {
                Snapshot seen = snapshot.get();
                last = seen.describe(nodeName);
                progress.update(last);
                if (seen.missingImage() != null) {
                    throw new ClusterException("The image " + seen.missingImage() + " is missing from the bundle,"
                            + " so a system pod cannot start at this offline site. Ask head office for a bundle"
                            + " whose image archives include it, then install again.");
                }
                if (seen.ready()) {
                    log.info("Node {} is ready.", nodeName);
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException("The node " + nodeName + " did not become ready within "
                        + minutes(timeout) + ". Last seen: " + last);
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    private Optional<Snapshot> poll(String nodeName) {
        try {
            Node node = client.nodes().withName(nodeName).get();
            List<Pod> pods = client.pods().inNamespace(SYSTEM_NAMESPACE).list().getItems();
            List<Event> events = client.v1().events().inNamespace(SYSTEM_NAMESPACE).list().getItems();
            int running = (int) pods.stream().filter(p -> p.getStatus() != null
                    && "Running".equals(p.getStatus().getPhase())).count();
            return Optional.of(new Snapshot(node != null, isReady(node), running, pods.size(),
                    missingImage(pods, events).orElse(null)));
        } catch (KubernetesClientException e) {
            log.debug("The cluster's API did not respond yet: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Throws when the wait should stop, so that a cancelled run ends at once instead of at its time-out. */
    static void stopIf(BooleanSupplier stopped) throws InterruptedException {
        if (stopped.getAsBoolean()) {
            throw new InterruptedException("The wait was stopped because the connection was closed.");
        }
    }

    /** Whether the node reports the condition Ready as True. */
    public static boolean isReady(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus)
                .anyMatch("True"::equals);
    }

    /** The first image a pod cannot pull, from the pods' states or from warning events. */
    public static Optional<String> missingImage(List<Pod> pods, List<Event> events) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                var waiting = status.getState() == null ? null : status.getState().getWaiting();
                if (waiting != null && PULL_FAILURES.contains(waiting.getReason())) {
                    return Optional.ofNullable(status.getImage()).or(() -> imageIn(waiting.getMessage()));
                }
            }
        }
        return events.stream()
                .filter(e -> "Warning".equals(e.getType()))
                .map(e -> imageIn(e.getMessage()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<String> imageIn(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = FAILED_PULL.matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String minutes(Duration timeout) {
        long minutes = timeout.toMinutes();
        if (minutes == 1) {
            return "1 minute";
        }
        if (minutes > 1) {
            return minutes + " minutes";
        }
        return timeout.toSeconds() + " seconds";
    }
}
