package dev.outpost.cli;

import dev.outpost.engine.bundle.Architecture;
import dev.outpost.engine.bundle.BundleArtifact;
import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.engine.bundle.BundleVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code outpost bundle inspect}: lists what a bundle contains, per architecture, without verifying it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Lists the bundle's components and files per architecture, as its manifest declares them."
            + " Checks nothing: run 'outpost bundle verify' before you use a bundle.",
            "Exit status: 0 when the manifest was read, 1 when it is invalid, 2 when the bundle could not be read."})
public final class BundleInspectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle: a folder, .tar or .tar.zst.")
    private Path bundle;

    @Override
    public Integer call() {
        try {
            print(new BundleVerifier().readManifest(bundle));
            return BundleExitStatus.OK;
        } catch (BundleException e) {
            spec.commandLine().getErr().println(BundleExitStatus.oneLine(e.getMessage()));
            return BundleExitStatus.of(e);
        } catch (IOException e) {
            spec.commandLine().getErr().println(BundleExitStatus.oneLine("The bundle " + bundle + " could not be"
                    + " read: " + e) + ".");
            return BundleExitStatus.UNREADABLE;
        }
    }

    private void print(BundleManifest manifest) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Bundle " + manifest.name() + ", created " + manifest.createdAt() + ", signed by "
                + manifest.signingKey() + " (not verified).");
        out.println("Components: " + manifest.components().stream().map(c -> c.name() + " " + c.version())
                .collect(Collectors.joining(", ")));
        for (Architecture architecture : Architecture.values()) {
            List<BundleArtifact> artifacts = manifest.artifacts().stream()
                    .filter(a -> a.architecture() == architecture).toList();
            if (artifacts.isEmpty()) {
                continue;
            }
            out.println(architecture.id() + ":");
            for (BundleArtifact artifact : artifacts) {
                out.printf(Locale.ROOT, "  %-28s %10s  %s%n", artifact.role().id(), size(artifact.size()),
                        artifact.path());
            }
        }
        out.println("Total: " + manifest.artifacts().size() + " files, " + size(manifest.totalSize()) + ".");
        out.flush();
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
