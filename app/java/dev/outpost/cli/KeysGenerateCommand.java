package dev.outpost.cli;

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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code outpost keys generate}: writes a new Ed25519 key pair for signing bundles. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a new Ed25519 bundle-signing key pair: NAME (private, readable only by you) and"
            + " NAME.pub, and prints the public key's fingerprint.",
            "Exit status: 0 when the keys were written, 2 when the arguments are wrong or a file exists."})
public final class KeysGenerateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(KeysGenerateCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "NAME", description = "The private key file to write;"
            + " the public key goes to NAME.pub.")
    private Path out;

    @Option(names = "--passphrase-stdin", description = "Encrypt the private key with a passphrase read from the"
            + " first line of standard input.")
    private boolean passphraseFromStdin;

    private final InputStream stdin;

    public KeysGenerateCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path publicFile = out.resolveSibling(out.getFileName() + ".pub");
        char[] passphrase = null;
        try {
            for (Path file : new Path[] {out, publicFile}) {
                if (java.nio.file.Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
            }
            passphrase = passphraseFromStdin ? SecretInput.passphrase(stdin, "keys generate") : null;
            KeyPair pair = SigningKeys.generate();
            SigningKeys.writePrivateKey(pair.getPrivate(), out, passphrase);
            SigningKeys.writePublicKey(pair.getPublic(), publicFile);
            String fingerprint = SigningKeys.fingerprint(pair.getPublic());
            log.info("Wrote bundle-signing key {} with fingerprint {}.", out, fingerprint);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("Wrote the private key " + out + (passphrase == null ? " (not encrypted)" : " (encrypted)")
                    + " and the public key " + publicFile + ".");
            stdout.println("Fingerprint: " + fingerprint);
            stdout.flush();
            return BundleExitStatus.OK;
        } catch (FileAlreadyExistsException e) {
            err.println("The file " + e.getFile() + " already exists; a key is never overwritten. Choose another"
                    + " --out name.");
            return BundleExitStatus.UNREADABLE;
        } catch (IllegalArgumentException e) {
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return BundleExitStatus.UNREADABLE;
        } catch (IOException e) {
            log.error("The key {} could not be written.", out, e);
            err.println(BundleExitStatus.oneLine("The key " + out + " could not be written: " + e) + ".");
            return BundleExitStatus.UNREADABLE;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }
}
