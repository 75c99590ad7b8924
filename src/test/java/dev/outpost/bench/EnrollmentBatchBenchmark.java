package dev.outpost.bench;

import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.TestCentralCluster;
import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures {@code outpost enroll batch} issuing enrollments for {@value #SITES} sites from a CSV, run as head office
 * runs it ({@code java -jar target/outpost.jar}), against the mock central cluster on loopback. Beside it, in the same
 * run, OpenSSL makes the same per-site material for {@value #PEER_SITES} sites with one command each: a P-256 key,
 * an issuer certificate signed by the anchor, and the key encrypted with PBES2, AES-256 and the same PBKDF2 iteration
 * count. Prints the time per site and the ratio; asserts only that every run succeeded. Run with
 * {@code ./mvnw -Pbench verify -Dit.test=EnrollmentBatchBenchmark}.
 */
class EnrollmentBatchBenchmark {

    private static final int SITES = 1000;
    private static final int PEER_SITES = 20;
    private static final Path WORK = Path.of("target", "enrollment-benchmark");

    @Test
    void batchBesideOpenssl() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        TestMeshPki pki = TestMeshPki.create();
        TestMeshPki.AnchorFiles anchor = pki.writeAnchor(WORK);
        TestMeshPki.SigningKeyFiles keys = pki.writeHeadOfficeKeys(WORK);
        Path sites = writeSites(WORK.resolve("sites.csv"));
        Path rancher = TestMeshPki.writeRancherManifest(WORK.resolve("rancher-import.yaml"));

        long outpostMillis;
        try (MockKubeApiServer server = MockKubeApiServer.start("127.0.0.1")) {
            TestCentralCluster.seed(server, TestCentralCluster.Seed.complete(pki.anchorPem()));
            Path kubeconfig = TestCentralCluster.writeKubeconfig(server, WORK.resolve("central.yaml"));
            Path jar = Path.of(System.getProperty("outpost.jar", "target/outpost.jar"));
            outpostMillis = timed(List.of("java", "-jar", jar.toString(), "enroll", "batch",
                    "--sites", sites.toString(), "--out-dir", WORK.resolve("out").toString(),
                    "--passphrases-out", WORK.resolve("passphrases.csv").toString(),
                    "--trust-anchor-cert", anchor.certificate().toString(),
                    "--trust-anchor-key", anchor.key().toString(),
                    "--central-kubeconfig", kubeconfig.toString(),
                    "--api-server-address", "https://central.example.test:6443",
                    "--rancher-manifest", rancher.toString(),
                    "--sign-key", keys.privateKey().toString()));
        }
        try (Stream<Path> files = Files.list(WORK.resolve("out"))) {
            assertThat(files.count()).isEqualTo(SITES);
        }
        long peerMillis = openssl(anchor);

        print(outpostMillis, peerMillis);
        deleteRecursively(WORK);
    }

    private static void print(long outpostMillis, long peerMillis) {
        double outpostPerSite = (double) outpostMillis / SITES;
        double peerPerSite = (double) peerMillis / PEER_SITES;
        System.out.println();
        System.out.printf(Locale.ROOT, "Enrollment batch, %d sites, JVM start included%n", SITES);
        System.out.printf(Locale.ROOT, "  outpost enroll batch: %d ms in all, %.1f ms per site%n", outpostMillis,
                outpostPerSite);
        System.out.printf(Locale.ROOT, "  openssl, %d sites (peer): %d ms in all, %.1f ms per site%n", PEER_SITES,
                peerMillis, peerPerSite);
        System.out.printf(Locale.ROOT, "  ratio outpost / openssl per site: %.2f%n", outpostPerSite / peerPerSite);
    }

    /** Writes the CSV: pod ranges are /20s from 10.128.0.0/9 and service ranges /22s from 10.96.0.0/11. */
    private static Path writeSites(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("site,name,labels,pod_cidr,service_cidr");
        for (int i = 0; i < SITES; i++) {
            long pods = (10L << 24) + (128L << 16) + (long) i * 4096;
            long services = (10L << 24) + (96L << 16) + (long) i * 1024;
            lines.add(String.format(Locale.ROOT, "store-%04d,\"Store %d, Region %d\",region=r%d;store=%d,%s/20,%s/22",
                    i, i, i % 12, i % 12, i, address(pods), address(services)));
        }
        return Files.write(file, lines);
    }

    private static String address(long value) {
        return (value >> 24 & 255) + "." + (value >> 16 & 255) + "." + (value >> 8 & 255) + "." + (value & 255);
    }

    /** Makes each peer site's key, issuer certificate and encrypted key with the openssl command line. */
    private static long openssl(TestMeshPki.AnchorFiles anchor) throws IOException, InterruptedException {
        Path peer = Files.createDirectories(WORK.resolve("openssl"));
        Files.writeString(peer.resolve("ext.cnf"), "[v3]\nbasicConstraints=critical,CA:true,pathlen:0\n"
                + "keyUsage=critical,keyCertSign,cRLSign,digitalSignature\nsubjectKeyIdentifier=hash\n"
                + "authorityKeyIdentifier=keyid\n");
        Files.writeString(peer.resolve("passphrase"), "benchmark site passphrase\n");
        String script = "set -e; cd " + peer + "; for i in $(seq 1 " + PEER_SITES + "); do"
                + " openssl ecparam -name prime256v1 -genkey -noout -out key$i.pem;"
                + " openssl req -new -key key$i.pem -subj /CN=identity.linkerd.cluster.local -out req$i.csr;"
                + " openssl x509 -req -in req$i.csr -CA " + anchor.certificate().toAbsolutePath() + " -CAkey "
                + anchor.key().toAbsolutePath() + " -days 365 -extfile ext.cnf -extensions v3 -out issuer$i.crt"
                + " 2>/dev/null;"
                + " openssl pkcs8 -topk8 -in key$i.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 210000"
                + " -passout file:passphrase -out key$i.enc.pem;"
                + " done";
        return timed(List.of("sh", "-c", script));
    }

    private static long timed(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor(30, TimeUnit.MINUTES)).as("finished: " + command.get(0)).isTrue();
        assertThat(process.exitValue()).as("exit status of " + command.get(0)).isZero();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
