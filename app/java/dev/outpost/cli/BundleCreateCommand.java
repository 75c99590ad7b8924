package dev.outpost.cli;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.engine.bundle.BundleWriter;
import dev.outpost.engine.bundle.SigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code outpost bundle create}: builds and signs a bundle from a folder of downloaded artifacts. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds a signed offline bundle from the files in a folder laid out as"
            + " COMPONENT/VERSION/ARCHITECTURE/FILE (see installer-bundles/README.md). Downloads nothing.",
            "Exit status: 0 when the bundle was written, 2 when the arguments, the folder or the key are wrong."})
public final class BundleCreateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(BundleCreateCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The folder with the artifacts.")
    private Path from;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle to write: a name"
            + " ending in .tar.zst or .tar writes that archive, any other name a folder. Must not exist yet.")
    private Path out;

    @Option(names = "--sign-key", required = true, paramLabel = "KEY", description = "The private key that signs"
            + " the manifest, as 'outpost keys generate' wrote it.")
    private Path signKey;

    @Option(names = "--name", required = true, paramLabel = "N", description = "The bundle's name, shown to the"
            + " people who install it.")
    private String name;

    @Option(names = "--passphrase-stdin", description = "Read the signing key's passphrase from the first line of"
            + " standard input.")
    private boolean passphraseFromStdin;

    private final InputStream stdin;
    private final Clock clock;

    public BundleCreateCommand(InputStream stdin, Clock clock) {
        this.stdin = stdin;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        char[] passphrase = null;
        try {
            if (name.isBlank()) {
                throw new IllegalArgumentException("--name must not be empty.");
            }
            passphrase = passphraseFromStdin ? SecretInput.passphrase(stdin, "bundle create") : null;
            PrivateKey key = SigningKeys.readPrivateKey(signKey, passphrase);
            BundleManifest manifest = new BundleWriter(clock).create(from, out, name, key);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("Wrote bundle " + manifest.name() + " to " + out + ": " + manifest.artifacts().size()
                    + " artifacts, " + manifest.totalSize() + " bytes, signed by " + manifest.signingKey() + ".");
            stdout.flush();
            return BundleExitStatus.OK;
        } catch (BundleException e) {
            log.error("The bundle {} could not be built from {}.", out, from, e);
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return BundleExitStatus.UNREADABLE;
        } catch (IllegalArgumentException e) {
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return BundleExitStatus.UNREADABLE;
        } catch (IOException e) {
            log.error("The bundle {} could not be built from {}.", out, from, e);
            err.println(BundleExitStatus.oneLine("The bundle " + out + " could not be written from " + from + ": "
                    + e) + ".");
            return BundleExitStatus.UNREADABLE;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }
}
