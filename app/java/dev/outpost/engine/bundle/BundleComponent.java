package dev.outpost.engine.bundle;

/**
 * A piece of software the bundle carries at one pinned version, such as K3s {@code v1.29.1+k3s1}.
 *
 * @param name    {@code k3s}, {@code linkerd}, {@code rancher-agent} or {@code workloads}
 * @param version the upstream version or release name
 */
public record BundleComponent(String name, String version) {
}
