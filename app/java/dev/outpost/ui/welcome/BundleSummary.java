package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.Architecture;
import dev.outpost.engine.bundle.BundleArtifact;
import dev.outpost.engine.bundle.BundleComponent;
import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.ui.common.VerifiedBundle;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the welcome page shows about a verified bundle, as text.
 *
 * @param name          the bundle's name, as head office chose it
 * @param created       when head office built it, in the laptop's time zone, such as "4 December 2026, 09:00"
 * @param versions      the component versions, such as "K3s v1.29.1+k3s1, Linkerd stable-2.14.10"
 * @param architectures the gateway architectures it carries software for, such as "amd64, arm64"
 * @param signer        the fingerprint of the trusted key that signed it
 * @param location      where the bundle is on this laptop
 */
public record BundleSummary(String name, String created, String versions, String architectures, String signer,
        String location) {

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm",
            Locale.ENGLISH);

    /** Describes the bundle, with times in the zone given. */
    public static BundleSummary of(VerifiedBundle bundle, ZoneId zone) {
        BundleManifest manifest = bundle.verification().manifest();
        String versions = manifest.components().stream()
                .map(c -> componentName(c) + " " + c.version())
                .collect(Collectors.joining(", "));
        String architectures = manifest.artifacts().stream()
                .map(BundleArtifact::architecture)
                .filter(a -> a != Architecture.ALL)
                .distinct()
                .sorted()
                .map(Architecture::id)
                .collect(Collectors.joining(", "));
        return new BundleSummary(manifest.name(), CREATED.format(manifest.createdAt().atZone(zone)), versions,
                architectures.isEmpty() ? "any" : architectures, bundle.verification().signer(),
                bundle.path().toString());
    }

    private static String componentName(BundleComponent component) {
        return switch (component.name()) {
            case "k3s" -> "K3s";
            case "linkerd" -> "Linkerd";
            case "rancher-agent" -> "Rancher agent";
            case "workloads" -> "Workloads";
            default -> component.name();
        };
    }
}
