package dev.outpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleProgressListener;
import dev.outpost.engine.bundle.BundleVerification;
import dev.outpost.engine.bundle.BundleVerifier;
import dev.outpost.engine.bundle.SigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code outpost bundle verify}: checks a bundle's signature and every artifact before it is used. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the bundle's signature against the trusted keys, then the size and SHA-256 of every"
            + " file, and the K3s binary against the release's own checksum list when the bundle carries it.",
            "Exit status: 0 when the bundle is intact, 1 when a check failed, 2 when the bundle or a key could not"
                + " be read or the arguments are wrong."})
public final class BundleVerifyCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(BundleVerifyCommand.class);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle: a folder, .tar or .tar.zst.")
    private Path bundle;

    @Option(names = "--trust", required = true, arity = "1", paramLabel = "PUBKEY", description = "A public"
            + " key whose signature counts, as 'outpost keys generate' wrote it. Repeat for several keys.")
    private List<Path> trust;

    @Option(names = "--json", description = "Print the result as JSON (schemaVersion 1).")
    private boolean json;

    @Option(names = "--progress", description = "Print the share verified on standard output as it goes.")
    private boolean progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (Path file : trust) {
                keys.add(SigningKeys.readPublicKey(file));
            }
            BundleVerification result = new BundleVerifier().verify(bundle, keys, listener(out));
            out.println(json ? json(result, null) : summary(result));
            out.flush();
            return BundleExitStatus.OK;
        } catch (BundleException e) {
            log.warn("The bundle {} failed verification.", bundle, e);
            if (json) {
                out.println(json(null, e));
                out.flush();
            }
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return BundleExitStatus.of(e);
        } catch (IOException e) {
            log.error("The bundle {} could not be read.", bundle, e);
            err.println(BundleExitStatus.oneLine("The bundle " + bundle + " could not be read: " + e) + ".");
            return BundleExitStatus.UNREADABLE;
        }
    }

    private BundleProgressListener listener(PrintWriter out) {
        if (!progress || json) {
            return BundleProgressListener.NONE;
        }
        return p -> {
            out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100 * p.fraction(), p.artifact());
            out.flush();
        };
    }

    private static String summary(BundleVerification result) {
        String text = "Bundle " + result.manifest().name() + " is intact: " + result.manifest().artifacts().size()
                + " artifacts, " + result.bytesRead() + " bytes, signed by " + result.signer() + ".";
        if (!result.releaseChecked().isEmpty()) {
            text += System.lineSeparator() + "Also matched the K3s release's checksum list: "
                    + String.join(", ", result.releaseChecked()) + ".";
        }
        return text;
    }

    private String json(BundleVerification result, BundleException failure) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("kind", "outpost.bundle-verification");
        root.put("bundle", bundle.toString());
        root.put("verified", result != null);
        if (result != null) {
            root.put("name", result.manifest().name());
            root.put("createdAt", result.manifest().createdAt().toString());
            root.put("signer", result.signer());
            root.put("artifacts", result.manifest().artifacts().size());
            root.put("bytes", result.bytesRead());
            result.releaseChecked().forEach(root.putArray("releaseChecked")::add);
            root.putNull("problem");
        } else {
            ObjectNode problem = root.putObject("problem");
            problem.put("artifact", failure.artifact());
            problem.put("kind", failure.kind().name().toLowerCase(Locale.ROOT));
            problem.put("message", BundleExitStatus.oneLine(failure.getMessage()));
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The verification result could not be written as JSON.", e);
        }
    }
}
