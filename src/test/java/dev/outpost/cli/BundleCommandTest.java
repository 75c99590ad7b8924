package dev.outpost.cli;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.session.Preflight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code outpost keys} and {@code outpost bundle}: exit statuses, one-line reasons on standard error, output. */
class BundleCommandTest {

    private static final Path RECIPE_STAND_INS = Path.of("src/test/resources/dev/outpost/engine/bundle/stand-ins");

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        CommandLineApp app = new CommandLineApp(preflight, dir.resolve("known_hosts"), dir.resolve("journals"), () -> {
            throw new AssertionError("the wizard must not open");
        }, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return app.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private String oneErrorLine() {
        assertThat(err.toString().lines().toList()).hasSize(1);
        return err.toString().strip();
    }

    @Test
    void keysGenerateWritesPair() throws IOException {
        int status = run("", "keys", "generate", "--out", dir.resolve("hq").toString());

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Fingerprint: SHA256:").contains("not encrypted");
        assertThat(Files.readString(dir.resolve("hq.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hq"))))
                .isEqualTo("rw-------");
    }

    @Test
    void keysGenerateEncrypts() throws IOException {
        int status = run("s3cret phrase\n", "keys", "generate", "--out", dir.resolve("hq").toString(),
                "--passphrase-stdin");

        assertThat(status).isZero();
        assertThat(Files.readString(dir.resolve("hq"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(out.toString()).doesNotContain("s3cret");
    }

    @Test
    void keysGenerateKeepsExisting() throws IOException {
        Files.writeString(dir.resolve("hq"), "keep");

        int status = run("", "keys", "generate", "--out", dir.resolve("hq").toString());

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("already exists");
        assertThat(Files.readString(dir.resolve("hq"))).isEqualTo("keep");
    }

    @Test
    void trustMayComeBeforeBundle() throws IOException {
        Path bundle = createBundle("site.tar", "");

        int status = run("", "bundle", "verify", "--trust", dir.resolve("hq.pub").toString(), bundle.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("is intact");
    }

    @Test
    void createVerifyInspectRoundTrip() throws IOException {
        Path bundle = createBundle("site.tar.zst", "");

        assertThat(run("", "bundle", "verify", bundle.toString(), "--trust", dir.resolve("hq.pub").toString()))
                .isZero();
        assertThat(out.toString()).contains("Bundle site-test is intact: 13 artifacts")
                .contains("k3s/v1.29.1+k3s1/amd64/k3s");
        assertThat(err.toString()).isEmpty();

        assertThat(run("", "bundle", "inspect", bundle.toString())).isZero();
        assertThat(out.toString()).contains("Components: k3s v1.29.1+k3s1, linkerd stable-2.14.10, workloads 2026.12")
                .contains("amd64:").contains("arm64:").contains("all:")
                .containsPattern("k3s-binary +\\S+ B +k3s/v1.29.1\\+k3s1/arm64/k3s-arm64")
                .contains("Total: 13 files");
    }

    @Test
    void verifyJsonReportsResult() throws IOException {
        Path bundle = createBundle("site.tar", "");

        int status = run("", "bundle", "verify", bundle.toString(), "--trust", dir.resolve("hq.pub").toString(),
                "--json");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("\"verified\" : true").contains("\"schemaVersion\" : 1");
    }

    @Test
    void tamperedBundleExitsOne() throws IOException {
        Path bundle = createBundle("site", "");
        Path images = bundle.resolve("linkerd/stable-2.14.10/arm64/linkerd-images-arm64.tar");
        byte[] bytes = Files.readAllBytes(images);
        bytes[3] ^= 1;
        Files.write(images, bytes);

        int status = run("", "bundle", "verify", bundle.toString(), "--trust", dir.resolve("hq.pub").toString());

        assertThat(status).isEqualTo(1);
        assertThat(oneErrorLine()).contains("linkerd/stable-2.14.10/arm64/linkerd-images-arm64.tar")
                .contains("has changed");
    }

    @Test
    void untrustedKeyExitsOne() throws IOException {
        Path bundle = createBundle("site.tar", "");
        run("", "keys", "generate", "--out", dir.resolve("other").toString());

        int status = run("", "bundle", "verify", bundle.toString(), "--trust", dir.resolve("other.pub").toString());

        assertThat(status).isEqualTo(1);
        assertThat(oneErrorLine()).contains("not among the trusted keys");
    }

    @Test
    void missingBundleExitsTwo() throws IOException {
        run("", "keys", "generate", "--out", dir.resolve("hq").toString());

        int status = run("", "bundle", "verify", dir.resolve("none.tar").toString(), "--trust",
                dir.resolve("hq.pub").toString());

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("none.tar").contains("does not exist");
    }

    @Test
    void missingTrustExitsTwo() {
        int status = run("", "bundle", "verify", dir.resolve("site.tar").toString());

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("--trust").contains("outpost bundle verify --help");
    }

    @Test
    void wrongPassphraseExitsTwo() throws IOException {
        run("right phrase\n", "keys", "generate", "--out", dir.resolve("hq").toString(), "--passphrase-stdin");

        int status = run("wrong phrase\n", "bundle", "create", "--from", source().toString(), "--out",
                dir.resolve("site.tar").toString(), "--sign-key", dir.resolve("hq").toString(), "--name", "site",
                "--passphrase-stdin");

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("passphrase for the signing key").contains("is wrong")
                .doesNotContain("phrase\n").doesNotContain("wrong phrase");
        assertThat(dir.resolve("site.tar")).doesNotExist();
    }

    @Test
    void encryptedKeySignsBundle() throws IOException {
        Path bundle = createBundle("site.tar.zst", "right phrase\n");

        int status = run("", "bundle", "verify", bundle.toString(), "--trust", dir.resolve("hq.pub").toString());

        assertThat(status).isZero();
    }

    @Test
    void bundleWithoutSubcommandExitsTwo() {
        int status = run("", "bundle");

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("Missing subcommand");
    }

    @Test
    void helpListsBundleAndKeys() {
        int status = run("", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("bundle").contains("keys");
    }

    private Path createBundle(String name, String passphraseLine) throws IOException {
        boolean encrypted = !passphraseLine.isEmpty();
        String[] generate = encrypted
                ? new String[] {"keys", "generate", "--out", dir.resolve("hq").toString(), "--passphrase-stdin"}
                : new String[] {"keys", "generate", "--out", dir.resolve("hq").toString()};
        assertThat(run(passphraseLine, generate)).isZero();
        Path bundle = dir.resolve(name);
        String[] create = {"bundle", "create", "--from", source().toString(), "--out", bundle.toString(),
            "--sign-key", dir.resolve("hq").toString(), "--name", "site-test"};
        if (encrypted) {
            create = java.util.stream.Stream.concat(java.util.Arrays.stream(create),
                    java.util.stream.Stream.of("--passphrase-stdin")).toArray(String[]::new);
        }
        assertThat(run(passphraseLine, create)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Wrote bundle site-test");
        return bundle;
    }

    /** Lays out the stand-in files where installer-bundles/test-stand-in.json lists them. */
    private Path source() throws IOException {
        Path source = dir.resolve("source");
        if (Files.exists(source)) {
            return source;
        }
        com.fasterxml.jackson.databind.JsonNode recipe = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("installer-bundles/test-stand-in.json").toFile());
        for (com.fasterxml.jackson.databind.JsonNode artifact : recipe.get("artifacts")) {
            Path target = source.resolve(artifact.get("path").asText());
            Files.createDirectories(target.getParent());
            Files.copy(RECIPE_STAND_INS.resolve(artifact.get("from").asText().substring("stand-in:".length())),
                    target);
        }
        return source;
    }
}
