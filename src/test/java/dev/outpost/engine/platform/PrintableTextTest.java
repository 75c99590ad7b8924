package dev.outpost.engine.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTextTest {

    @Test
    void escapesEscapeSequences() {
        assertThat(PrintableText.escapeControls("a\u001b]0;TITLE\u0007b")).isEqualTo("a\\u001B]0;TITLE\\u0007b");
    }

    @Test
    void escapesLineBreaksInOneLineText() {
        assertThat(PrintableText.escapeControls("one\nINFO forged")).isEqualTo("one\\u000AINFO forged");
    }

    @Test
    void keepsLinesWhenAsked() {
        assertThat(PrintableText.escapeControlsKeepingLines("a\tb\nc\u001b")).isEqualTo("a\tb\nc\\u001B");
    }

    @Test
    void leavesPlainTextAlone() {
        String text = "Bundle site-2026-12 (tar.zst) is intact: 13 artifacts, 4.2 MiB.";

        assertThat(PrintableText.escapeControls(text)).isSameAs(text);
    }
}
