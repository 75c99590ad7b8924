package dev.outpost.engine.install;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalJsonTest {

    private final JournalJson json = new JournalJson();

    @Test
    void readsWhatItWrites() throws Exception {
        InstallJournal journal = new InstallJournal("site-2026-12", "store-0042", List.of(
                new InstallJournal.Entry("send:k3s/v1/amd64/k3s", "abc", "/usr/local/bin/k3s",
                        Instant.parse("2026-12-04T10:00:00Z")),
                new InstallJournal.Entry("write-k3s-config", "def", null, Instant.parse("2026-12-04T10:01:00Z"))));

        InstallJournal read = json.read(new String(json.write(journal), StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(journal);
        assertThat(read.finishedWith("write-k3s-config", "def")).isTrue();
        assertThat(read.finishedWith("write-k3s-config", "other")).isFalse();
    }

    @Test
    void refusesAJournalFromANewerOutpostWithTheWayOut() {
        assertThatThrownBy(() -> json.read("{\"schemaVersion\": 2, \"kind\": \"outpost.install-journal\"}"))
                .hasMessageContaining("newer Outpost").hasMessageContaining("Use that Outpost version");
    }

    @Test
    void refusesTextThatIsNotAJournal() {
        assertThatThrownBy(() -> json.read("{\"schemaVersion\": 1}")).hasMessageContaining("not an Outpost");
        assertThatThrownBy(() -> json.read("{not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> json.read("{\"schemaVersion\":1,\"kind\":\"outpost.install-journal\",\"steps\":"
                + "[{\"step\":\"a\",\"inputs\":\"b\",\"finishedAt\":\"yesterday\"}]}"))
                .hasMessageContaining("unreadable time");
    }

    @Test
    void aReplacedEntryKeepsOneEntryPerStep() {
        InstallJournal journal = InstallJournal.empty()
                .with(new InstallJournal.Entry("a", "1", null, Instant.EPOCH))
                .with(new InstallJournal.Entry("a", "2", null, Instant.EPOCH));

        assertThat(journal.entries()).singleElement().extracting(InstallJournal.Entry::inputs).isEqualTo("2");
    }
}
