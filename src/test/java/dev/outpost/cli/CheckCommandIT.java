package dev.outpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.checks.PreflightCheck;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.KeyType;
import dev.outpost.rig.RigGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code outpost check} from the packaged jar against the rig's gateway. */
@ExtendWith(GatewayRigExtension.class)
class CheckCommandIT {

    private static RigGateway rig;

    @TempDir
    Path home;

    @BeforeAll
    static void gateway(RigGateway gateway) {
        rig = gateway;
    }

    private OutpostProcess.Result check(String stdin, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "--host", rig.address()));
        args.addAll(List.of(extra));
        return new OutpostProcess(home).run(stdin, args.toArray(String[]::new));
    }

    @Test
    void readyGatewayExitsZero() throws Exception {
        OutpostProcess.Result result = check(RigGateway.TECH_PASSWORD + "\n", "--user", "tech", "--password-stdin",
                "--accept-new-host-key");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        for (PreflightCheck check : CheckCatalog.standard().checks()) {
            assertThat(result.stdout()).contains(check.id());
        }
        assertThat(result.stdout()).contains("Gateway " + rig.address() + " (" + RigGateway.HOSTNAME + ")");
        assertThat(result.stdout()).contains("The gateway is ready for the install.");
        assertThat(result.stdout()).doesNotContain(RigGateway.TECH_PASSWORD);
        assertThat(home.resolve("known_hosts")).content().contains(rig.address());
        String log = Files.readString(home.resolve("logs").resolve("outpost.log"));
        assertThat(log).contains("INFO").contains("Connected to the gateway at " + rig.address());
        assertThat(log).contains("DEBUG").contains("The gateway command exited with 0");
        assertThat(log).doesNotContain(RigGateway.TECH_PASSWORD);
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        OutpostProcess.Result result = check(RigGateway.ROOT_PASSWORD + "\n", "--user", "root", "--password-stdin",
                "--host-key-fingerprint", rig.hostKeyFingerprintSha256(), "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.path("kind").asText()).isEqualTo("outpost.preflight");
        assertThat(json.path("roundTrips").asInt()).isEqualTo(1);
        assertThat(json.path("gateway").path("host").asText()).isEqualTo(rig.address());
        assertThat(json.path("gateway").path("hostKeyFingerprint").asText()).isEqualTo(rig.hostKeyFingerprintSha256());
        assertThat(json.path("summary").path("ready").asBoolean()).isTrue();
        assertThat(json.path("summary").path("blockers")).isEmpty();
        assertThat(json.path("checks")).hasSize(CheckCatalog.standard().checks().size());
        JsonNode first = json.path("checks").get(0);
        for (String field : List.of("id", "severity", "status", "mark", "title", "explanation", "fix", "observed")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(json.path("facts").path("hostname").asText()).isEqualTo(RigGateway.HOSTNAME);
    }

    @Test
    void keyWithPassphraseAndSudoPassword() throws Exception {
        String stdin = RigGateway.KEY_PASSPHRASE + "\n" + RigGateway.TECH_PASSWORD + "\n";

        OutpostProcess.Result result = check(stdin, "--user", "tech", "--identity",
                rig.keyFile(KeyType.ECDSA, true).toString(), "--passphrase-stdin", "--sudo-password-stdin",
                "--accept-new-host-key", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode sudo = findCheck(new ObjectMapper().readTree(result.stdout()), "access.sudo");
        assertThat(sudo.path("status").asText()).isEqualTo("passed");
    }

    @Test
    void packagedJarSpeaksEd25519() throws Exception {
        OutpostProcess.Result result = check("", "--user", "root", "--identity",
                rig.keyFile(KeyType.ED25519, false).toString(), "--host-key-fingerprint",
                rig.hostKeyFingerprintSha256(), "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode gateway = new ObjectMapper().readTree(result.stdout()).path("gateway");
        assertThat(gateway.path("hostKeyAlgorithm").asText()).isEqualTo("ssh-ed25519");
    }

    @Test
    void userWithoutSudoExitsOne() throws Exception {
        OutpostProcess.Result result = check(RigGateway.VISITOR_PASSWORD + "\n", "--user", "visitor",
                "--password-stdin", "--accept-new-host-key");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr().lines().toList()).singleElement().asString().contains("access.sudo");
        assertThat(result.stdout()).contains("FAIL  access.sudo");
    }

    @Test
    void unknownHostKeyWithoutConsentExitsTwo() throws Exception {
        OutpostProcess.Result result = check(RigGateway.ROOT_PASSWORD + "\n", "--user", "root", "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines().toList()).singleElement().asString()
                .contains(rig.hostKeyFingerprintSha256()).contains("--accept-new-host-key");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void wrongPinExitsTwo() throws Exception {
        OutpostProcess.Result result = check(RigGateway.ROOT_PASSWORD + "\n", "--user", "root", "--password-stdin",
                "--host-key-fingerprint", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("is not the fingerprint you gave");
    }

    @Test
    void changedHostKeyExitsTwo() throws Exception {
        String otherKey = Files.readString(Path.of(rig.keyFile(KeyType.ED25519, false) + ".pub")).strip();
        String keyBody = otherKey.substring(0, otherKey.lastIndexOf(' '));
        Files.writeString(home.resolve("known_hosts"), rig.address() + " " + keyBody + "\n");

        OutpostProcess.Result result = check(RigGateway.ROOT_PASSWORD + "\n", "--user", "root", "--password-stdin",
                "--accept-new-host-key");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("different identity").contains("Stop here");
        assertThat(home.resolve("known_hosts")).content().isEqualTo(rig.address() + " " + keyBody + "\n");
    }

    @Test
    void wrongPasswordExitsTwo() throws Exception {
        OutpostProcess.Result result = check("wrong-password\n", "--user", "tech", "--password-stdin",
                "--accept-new-host-key");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines().toList()).singleElement().asString()
                .contains("did not accept the user name and password");
        assertThat(result.stderr()).doesNotContain("wrong-password");
    }

    @Test
    void wrongPassphraseExitsTwo() throws Exception {
        OutpostProcess.Result result = check("not-the-passphrase\n", "--user", "root", "--identity",
                rig.keyFile(KeyType.RSA, true).toString(), "--passphrase-stdin", "--accept-new-host-key");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("passphrase").contains("is wrong");
    }

    @Test
    void refusedPortExitsTwo() throws Exception {
        OutpostProcess.Result result = check(RigGateway.ROOT_PASSWORD + "\n", "--user", "root", "--password-stdin",
                "--accept-new-host-key", "--port", "2222");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("refused the connection on port 2222");
    }

    @Test
    void pulledCableExitsTwo() throws Exception {
        rig.pullCable();
        try {
            OutpostProcess.Result result = check(RigGateway.ROOT_PASSWORD + "\n", "--user", "root",
                    "--password-stdin", "--accept-new-host-key", "--connect-timeout", "2");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.stderr().lines().toList()).singleElement().asString()
                    .containsAnyOf("did not answer", "cable");
        } finally {
            rig.plugCable();
        }
    }

    static JsonNode findCheck(JsonNode report, String id) {
        for (JsonNode check : report.path("checks")) {
            if (check.path("id").asText().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("No check " + id + " in " + report);
    }
}
