package dev.outpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.enrollment.IssuerKeys;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.session.Preflight;
import dev.outpost.testing.LogCapture;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.TestCentralCluster;
import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code outpost enroll create}, {@code batch} and {@code verify}, in-process against a mock central cluster. */
class EnrollCommandTest {

    private static final String SITE_API = "https://central.example.test:6443";
    private static final String SITE_PASSPHRASE = "site passphrase for store 42";

    @TempDir
    Path dir;

    private final TestMeshPki pki = TestMeshPki.create();
    private MockKubeApiServer server;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

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

    /** Starts the central cluster and returns the head-office options every create and batch run needs. */
    private List<String> headOffice(TestCentralCluster.Seed seed) throws Exception {
        server = MockKubeApiServer.start("127.0.0.1");
        TestCentralCluster.seed(server, seed);
        Path kubeconfig = TestCentralCluster.writeKubeconfig(server, dir.resolve("central.yaml"));
        TestMeshPki.AnchorFiles anchor = pki.writeAnchor(dir);
        TestMeshPki.SigningKeyFiles keys = pki.writeHeadOfficeKeys(dir);
        Path rancher = TestMeshPki.writeRancherManifest(dir.resolve("rancher-import.yaml"));
        return List.of("--trust-anchor-cert", anchor.certificate().toString(),
                "--trust-anchor-key", anchor.key().toString(),
                "--central-kubeconfig", kubeconfig.toString(),
                "--sign-key", keys.privateKey().toString(),
                "--api-server-address", SITE_API,
                "--rancher-manifest", rancher.toString());
    }

    private List<String> headOffice() throws Exception {
        return headOffice(TestCentralCluster.Seed.complete(pki.anchorPem()));
    }

    private static String[] args(List<String> headOffice, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(headOffice);
        return all.toArray(String[]::new);
    }

    private int create(List<String> headOffice, String podCidr, Path file) {
        return run(SITE_PASSPHRASE + "\n", args(headOffice, "enroll", "create", "--site", "store-0042",
                "--name", "Store 42, Leeds", "--labels", "region=north,store=42", "--pod-cidr", podCidr,
                "--service-cidr", "10.51.0.0/16", "--site-passphrase-stdin", "--out", file.toString()));
    }

    private Path publicKey() {
        return dir.resolve("head-office.pub");
    }

    @Test
    void createThenVerifyRoundTrips() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");

        int created = create(headOffice(), "10.50.0.0/16", file);

        assertThat(created).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Wrote the enrollment of site store-0042 (Store 42, Leeds) to " + file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        int verified = run(SITE_PASSPHRASE + "\n", "enroll", "verify", file.toString(), "--trust",
                publicKey().toString(), "--site", "store-0042", "--passphrase-stdin");

        assertThat(verified).as(out + "" + err).isZero();
        assertThat(out.toString())
                .contains("Site:            store-0042 (Store 42, Leeds)")
                .contains("Labels:          region=north, store=42")
                .contains("Central cluster: central (API " + SITE_API + ", gateway "
                        + TestCentralCluster.GATEWAY_INGRESS_IP + ":4143)")
                .contains("Rancher:         " + TestMeshPki.RANCHER_URL)
                .contains("Issuer key:      opens with the passphrase")
                .contains("Findings:        none");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void createdFileCarriesCentralLink() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");
        create(headOffice(), "10.50.0.0/16", file);

        SiteEnrollment enrollment = EnrollmentFile.read(file, pki.trustedKeys());

        assertThat(enrollment.link().serviceMirrorToken()).isEqualTo(TestMeshPki.SERVICE_MIRROR_TOKEN);
        assertThat(enrollment.link().apiServerCaPem()).isEqualTo(server.caPem());
        assertThat(enrollment.trustAnchorPem()).isEqualTo(pki.anchorPem());
        assertThat(enrollment.rancher().caChecksum()).isEqualTo(TestMeshPki.RANCHER_CA_CHECKSUM);
        assertThat(enrollment.network().centralPodCidr()).isEqualTo("10.42.0.0/16");
        assertThat(IssuerKeys.openFor(enrollment, SITE_PASSPHRASE.toCharArray())).isNotNull();
    }

    @Test
    void createGeneratesPassphraseFile() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");
        Path passphraseFile = dir.resolve("store-0042.passphrase");

        int status = run("", args(headOffice(), "enroll", "create", "--site", "store-0042", "--pod-cidr",
                "10.50.0.0/16", "--service-cidr", "10.51.0.0/16", "--site-passphrase-out", passphraseFile.toString(),
                "--out", file.toString()));

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("separately from the enrollment file");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passphraseFile)))
                .isEqualTo("rw-------");
        String passphrase = Files.readAllLines(passphraseFile).get(1).split(",")[1];
        assertThat(out.toString()).doesNotContain(passphrase);
        assertThat(run(passphrase + "\n", "enroll", "verify", file.toString(), "--trust", publicKey().toString(),
                "--passphrase-stdin")).isZero();
    }

    @Test
    void createRejectsCentralPodRange() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");

        int status = create(headOffice(), "10.42.0.0/16", file);

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("site pod range 10.42.0.0/16 overlaps the central cluster's pod range");
        assertThat(file).doesNotExist();
    }

    @Test
    void createRejectsOtherTrustAnchor() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");
        String otherAnchor = TestMeshPki.create().anchorPem();

        int status = create(headOffice(TestCentralCluster.Seed.complete(otherAnchor)), "10.50.0.0/16", file);

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("differs from the one the central cluster's Linkerd uses");
        assertThat(file).doesNotExist();
    }

    @Test
    void createNamesMissingGatewayIdentity() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");

        int status = create(headOffice(TestCentralCluster.Seed.complete(pki.anchorPem()).withoutGatewayIdentity()),
                "10.50.0.0/16", file);

        assertThat(status).isEqualTo(1);
        assertThat(oneErrorLine()).contains("mirror.linkerd.io/gateway-identity");
        assertThat(file).doesNotExist();
    }

    @Test
    void createNamesEmptyToken() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");

        int status = create(headOffice(TestCentralCluster.Seed.complete(pki.anchorPem()).withEmptyToken()),
                "10.50.0.0/16", file);

        assertThat(status).isEqualTo(1);
        assertThat(oneErrorLine()).contains("has an empty token");
        assertThat(file).doesNotExist();
    }

    @Test
    void createRejectsShortPassphrase() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");
        List<String> headOffice = headOffice();

        int status = run("short\n", args(headOffice, "enroll", "create", "--site", "store-0042", "--pod-cidr",
                "10.50.0.0/16", "--service-cidr", "10.51.0.0/16", "--site-passphrase-stdin", "--out",
                file.toString()));

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("shorter than 12 characters");
        assertThat(file).doesNotExist();
    }

    @Test
    void batchWritesFilesAndPassphrases() throws Exception {
        Path sites = Files.writeString(dir.resolve("sites.csv"), """
                site,name,labels,pod_cidr,service_cidr
                store-0042,"Store 42, Leeds",region=north;store=42,10.50.0.0/16,10.51.0.0/16
                store-0043,Store 43,region=south,10.52.0.0/16,10.53.0.0/16
                clinic-7,,use=clinic,10.54.0.0/16,10.55.0.0/16
                """);
        Path outDir = dir.resolve("out");
        Path passphrases = dir.resolve("passphrases.csv");

        int status = run("", args(headOffice(), "enroll", "batch", "--sites", sites.toString(), "--out-dir",
                outDir.toString(), "--passphrases-out", passphrases.toString()));

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Wrote 3 enrollment files")
                .contains("Send the passphrases file separately from the enrollment files");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passphrases))).isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(passphrases);
        assertThat(lines).hasSize(4).first().isEqualTo("site,passphrase");
        for (String line : lines.subList(1, lines.size())) {
            String site = line.split(",")[0];
            String passphrase = line.split(",")[1];
            assertThat(out.toString()).doesNotContain(passphrase);
            Path file = outDir.resolve(site + ".enrollment");
            assertThat(run(passphrase + "\n", "enroll", "verify", file.toString(), "--trust", publicKey().toString(),
                    "--site", site, "--passphrase-stdin")).as(site + ": " + out + err).isZero();
        }
    }

    @Test
    void batchRejectsOverlappingRows() throws Exception {
        Path sites = Files.writeString(dir.resolve("sites.csv"), """
                site,name,labels,pod_cidr,service_cidr
                store-0042,,,10.50.0.0/16,10.51.0.0/16
                store-0043,,,10.50.128.0/17,10.53.0.0/16
                """);
        Path outDir = dir.resolve("out");
        Path passphrases = dir.resolve("passphrases.csv");

        int status = run("", args(headOffice(), "enroll", "batch", "--sites", sites.toString(), "--out-dir",
                outDir.toString(), "--passphrases-out", passphrases.toString()));

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("line 3 (store-0043)").contains("line 2 (store-0042)");
        assertThat(outDir).doesNotExist();
        assertThat(passphrases).doesNotExist();
    }

    @Test
    void batchKeepsPassphrasesApart() throws Exception {
        Path sites = Files.writeString(dir.resolve("sites.csv"),
                "site,name,labels,pod_cidr,service_cidr\nstore-0042,,,10.50.0.0/16,10.51.0.0/16\n");
        Path outDir = dir.resolve("out");

        int status = run("", args(headOffice(), "enroll", "batch", "--sites", sites.toString(), "--out-dir",
                outDir.toString(), "--passphrases-out", outDir.resolve("passphrases.csv").toString()));

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("must not be inside --out-dir");
    }

    @Test
    void verifyRejectsTamperedFile() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));
        pki.writeHeadOfficeKeys(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode envelope = (ObjectNode) json.readTree(file.toFile());
        byte[] payload = Base64.getDecoder().decode(envelope.path("enrollment").asText());
        payload[payload.length / 2] ^= 1;
        envelope.put("enrollment", Base64.getEncoder().encodeToString(payload));
        Files.write(file, json.writeValueAsBytes(envelope));

        int status = run("", "enroll", "verify", file.toString(), "--trust", publicKey().toString());

        assertThat(status).isEqualTo(1);
        assertThat(oneErrorLine()).contains("changed after signing");
    }

    @Test
    void verifyReportsExpiredFile() throws Exception {
        Path file = pki.enrollment("store-0042").expired().writeSigned(dir.resolve("site.enrollment"));
        pki.writeHeadOfficeKeys(dir);

        int status = run("", "enroll", "verify", file.toString(), "--trust", publicKey().toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("BLOCKER file-expired: This enrollment file expired on");
        assertThat(oneErrorLine()).contains("cannot be used: 1 blocker");
    }

    @Test
    void verifyReportsWrongPassphrase() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));
        pki.writeHeadOfficeKeys(dir);

        int status = run("wrong passphrase\n", "enroll", "verify", file.toString(), "--trust",
                publicKey().toString(), "--passphrase-stdin");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("Issuer key:      does not open")
                .contains("BLOCKER issuer-key: The passphrase does not open the site's issuer key.");
    }

    @Test
    void verifyReportsOtherSite() throws Exception {
        Path file = pki.enrollment("store-0043").writeSigned(dir.resolve("site.enrollment"));
        pki.writeHeadOfficeKeys(dir);

        int status = run("", "enroll", "verify", file.toString(), "--trust", publicKey().toString(), "--site",
                "store-0042");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("BLOCKER other-site");
    }

    @Test
    void verifyAllowsWarnings() throws Exception {
        Path file = pki.enrollment("store-0042").issuerExpiringInDays(10).writeSigned(dir.resolve("site.enrollment"));
        pki.writeHeadOfficeKeys(dir);

        int status = run("", "enroll", "verify", file.toString(), "--trust", publicKey().toString());

        assertThat(status).isZero();
        assertThat(out.toString()).contains("WARNING issuer-expiring");
    }

    @Test
    void verifyReportsUnreadableFile() throws Exception {
        Path file = Files.writeString(dir.resolve("site.enrollment"), "not json");
        pki.writeHeadOfficeKeys(dir);

        int status = run("", "enroll", "verify", file.toString(), "--trust", publicKey().toString());

        assertThat(status).isEqualTo(2);
        assertThat(oneErrorLine()).contains("is not an Outpost site enrollment file");
    }

    @Test
    void secretsStayOutOfOutputAndLogs() throws Exception {
        Path file = dir.resolve("store-0042.enrollment");
        StringBuilder printed = new StringBuilder();
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            List<String> headOffice = headOffice();
            assertThat(create(headOffice, "10.50.0.0/16", file)).isZero();
            printed.append(out).append(err);
            run("wrong passphrase\n", "enroll", "verify", file.toString(), "--trust", publicKey().toString(),
                    "--passphrase-stdin");
            printed.append(out).append(err);
            run(SITE_PASSPHRASE + "\n", "enroll", "verify", file.toString(), "--trust", publicKey().toString(),
                    "--passphrase-stdin");
            printed.append(out).append(err);
            create(headOffice, "10.42.0.0/16", dir.resolve("overlap.enrollment"));
            printed.append(out).append(err);
            logs = capture.text();
        }
        SiteEnrollment enrollment = EnrollmentFile.read(file, pki.trustedKeys());
        String issuerKey = IssuerKeys.toPem(IssuerKeys.openFor(enrollment, SITE_PASSPHRASE.toCharArray()));
        List<String> secrets = List.of(TestMeshPki.SERVICE_MIRROR_TOKEN, SITE_PASSPHRASE, "wrong passphrase",
                TestMeshPki.REGISTRATION_TOKEN,
                Base64.getEncoder().encodeToString(TestMeshPki.REGISTRATION_TOKEN.getBytes(StandardCharsets.UTF_8)),
                body(issuerKey), body(Files.readString(dir.resolve("ca.key"))), body(enrollment.issuerKey().pem()));

        assertThat(logs).isNotEmpty();
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(printed.toString()).as("output").doesNotContain(secret);
        }
    }

    /** Returns the first 40 characters of a PEM block's Base64 body, enough to spot it anywhere. */
    private static String body(String pem) {
        return pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow().substring(0, 40);
    }
}
