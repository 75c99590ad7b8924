package dev.outpost.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingConverterTest {

    @Test
    void masksPasswordAssignments() {
        String line = RedactingConverter.redact("login failed with password=hunter2 and token: abc.def");

        assertThat(line).doesNotContain("hunter2").doesNotContain("abc.def");
        assertThat(line).contains("password=[redacted]").contains("token: [redacted]");
    }

    @Test
    void masksPrivateKeyBlocks() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";

        String line = RedactingConverter.redact("read " + key + " from disk");

        assertThat(line).isEqualTo("read [redacted private key] from disk");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Connected to 198.18.1.2 as tech.";

        assertThat(RedactingConverter.redact(text)).isEqualTo(text);
    }
}
