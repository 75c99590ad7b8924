package dev.outpost.engine.diagnostics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactorTest {

    private static final String SECRET = "Zq7-hunter2-Secret";

    @TempDir
    Path data;

    private static Redactor plain() {
        return new Redactor(HeadOfficePatterns.none(), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "password=" + SECRET,
        "Password: " + SECRET,
        "sudo_password = '" + SECRET + "'",
        "{\"password\":\"" + SECRET + "\",\"user\":\"tech\"}",
        "{\"msg\":\"{\\\"token\\\":\\\"" + SECRET + "\\\"}\"}",
        "K3S_TOKEN=" + SECRET,
        "  client-key-data: " + SECRET,
        "  client-certificate-data: " + SECRET,
        "k3s server --token " + SECRET + " --disable traefik",
        "--agent-token=" + SECRET,
        "Authorization: Bearer " + SECRET,
        "fetching https://tech:" + SECRET + "@central.example.com/v1",
        "api_key: " + SECRET,
        "passphrase: \"" + SECRET + " with spaces\"",
        "secret: " + SECRET + " and more words",
    })
    void removesSecretInEveryForm(String line) {
        Redactor redactor = plain();

        String scrubbed = redactor.scrub("2026-01-01 INFO " + line + "\nnext line stays");

        assertThat(scrubbed).doesNotContain(SECRET).contains("[redacted ").endsWith("next line stays");
        assertThat(redactor.counts()).isNotEmpty();
    }

    @Test
    void removesPrivateKeyBlocksAlsoWhenCut() {
        Redactor redactor = plain();
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
        String cut = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB3xZ";

        String scrubbed = redactor.scrub("before\n" + key + "\nbetween\n" + cut);

        assertThat(scrubbed).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA").doesNotContain("MHcCAQEEIB3xZ")
                .contains("before").contains("between");
        assertThat(redactor.counts()).containsEntry(RedactionKind.PRIVATE_KEY, 2);
    }

    @Test
    void removesKnownSecretsAndTheirBase64() {
        Redactor redactor = plain();
        redactor.addKnownSecret("plain words secret", RedactionKind.PASSWORD);
        String base64 = Base64.getEncoder().encodeToString("plain words secret".getBytes());

        String scrubbed = redactor.scrub("typed plain words secret here; stored " + base64);

        assertThat(scrubbed).doesNotContain("plain words secret").doesNotContain(base64);
        assertThat(redactor.counts()).containsEntry(RedactionKind.PASSWORD, 2);
    }

    @Test
    void removesJwtAndK3sTokensWithoutAName() {
        Redactor redactor = plain();
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl";
        String k3s = "K10" + "ab".repeat(16) + "::server:" + SECRET;

        String scrubbed = redactor.scrub("used " + jwt + " and " + k3s);

        assertThat(scrubbed).doesNotContain(jwt).doesNotContain(SECRET);
        assertThat(redactor.counts()).containsEntry(RedactionKind.TOKEN, 2);
    }

    @Test
    void keepsOrdinaryText() {
        Redactor redactor = plain();
        String text = "The token expired. Check access.sudo passed: the account may use sudo. kind: Secret";

        assertThat(redactor.scrub(text)).isEqualTo(text);
        assertThat(redactor.counts()).isEmpty();
    }

    @Test
    void headOfficePatternsFromFileAndOption() throws Exception {
        Files.writeString(data.resolve(HeadOfficePatterns.FILE_NAME), "# store codes\n\nSTORE-[0-9]{4}\n");
        Redactor redactor = new Redactor(HeadOfficePatterns.load(data, List.of("badge-[a-z]+")), null);

        String scrubbed = redactor.scrub("site STORE-0042 opened by badge-alice");

        assertThat(scrubbed).isEqualTo("site [redacted headOfficePattern] opened by [redacted headOfficePattern]");
        assertThat(redactor.counts()).containsEntry(RedactionKind.HEAD_OFFICE_PATTERN, 2);
    }

    @Test
    void invalidPatternNamedByPlace() throws Exception {
        Files.writeString(data.resolve(HeadOfficePatterns.FILE_NAME), "ok-[0-9]+\nsecret-(unclosed\n");

        assertThatThrownBy(() -> HeadOfficePatterns.load(data, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2 of").hasMessageContaining("Fix or remove it")
                .hasMessageNotContaining("secret-(unclosed");
    }

    @Test
    void catastrophicPatternStopsWithAMessage() throws Exception {
        Redactor redactor = new Redactor(HeadOfficePatterns.load(data, List.of("((a|aa)+)\\2$")), null);

        assertThatThrownBy(() -> redactor.scrub("a".repeat(40) + "!"))
                .isInstanceOf(HeadOfficePatterns.TooSlowException.class)
                .hasMessageContaining("given on the command line").hasMessageContaining("Simplify it");
    }

    @Test
    void masksAddressesAndHostNamesConsistently() {
        AddressMasker masker = new AddressMasker();
        masker.addHostName("site-gw-01");
        Redactor redactor = new Redactor(HeadOfficePatterns.none(), masker);
        redactor.learn("api https://central.example.com:6443");

        String first = redactor.scrub("ssh to 198.18.3.2 (site-gw-01), api https://central.example.com:6443");
        String second = redactor.scrub("SITE-GW-01 at 198.18.3.2 again; 10.0.0.7 other; fe80::1c2:3ff:fe4d:5e6f;"
                + " central.example.com; loopback 127.0.0.1:6443; at 10:15:30");

        assertThat(first).isEqualTo("ssh to [address-1] ([host-1]), api https://[host-2]:6443");
        assertThat(second).isEqualTo("[host-1] at [address-1] again; [address-2] other; [address-3]; [host-2];"
                + " loopback 127.0.0.1:6443; at 10:15:30");
        assertThat(redactor.counts()).containsEntry(RedactionKind.ADDRESS, 4).containsEntry(RedactionKind.HOST_NAME, 4);
    }

    @Test
    void jsonFieldsNamedLikeSecretsAreReplacedWhole() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = mapper.readTree("{\"name\":\"a\",\"serviceMirrorToken\":\"x y z\",\"nested\":[{\"password\":42}],"
                + "\"secrets\":[{\"name\":\"linkerd-identity-issuer\"}]}");

        plain().scrub(tree);

        assertThat(tree.toString()).isEqualTo("{\"name\":\"a\",\"serviceMirrorToken\":\"[redacted token]\","
                + "\"nested\":[{\"password\":\"[redacted password]\"}],\"secrets\":[{\"name\":"
                + "\"linkerd-identity-issuer\"}]}");
    }
}
