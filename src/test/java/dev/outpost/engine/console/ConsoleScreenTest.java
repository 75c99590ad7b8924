package dev.outpost.engine.console;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Recognition of console screens from the bytes a console sends. */
class ConsoleScreenTest {

    private static ConsoleState recognise(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        return ConsoleScreen.recognise(raw, TerminalText.clean(raw));
    }

    @Test
    void recognisesPrompts() {
        assertThat(recognise("\r\nDebian GNU/Linux 12 site-gw-01 ttyS0\r\n\r\nsite-gw-01 login: "))
                .isEqualTo(ConsoleState.LOGIN_PROMPT);
        assertThat(recognise("tech\r\nPassword: ")).isEqualTo(ConsoleState.PASSWORD_PROMPT);
        assertThat(recognise("\u001b[?2004htech@site-gw-01:~$ ")).isEqualTo(ConsoleState.SHELL);
        assertThat(recognise("\r\nroot@site-gw-01:/# ")).isEqualTo(ConsoleState.SHELL);
        assertThat(recognise("\r\n~ # ")).isEqualTo(ConsoleState.SHELL);
    }

    @Test
    void recognisesBootloaders() {
        assertThat(recognise("U-Boot 2023.01\r\nHit any key to stop autoboot:  2 "))
                .isEqualTo(ConsoleState.BOOTLOADER);
        assertThat(recognise("\r\n=> ")).isEqualTo(ConsoleState.BOOTLOADER);
        assertThat(recognise("\r\ngrub> ")).isEqualTo(ConsoleState.BOOTLOADER);
        assertThat(recognise("\r\ngrub rescue> ")).isEqualTo(ConsoleState.BOOTLOADER);
    }

    @Test
    void recognisesGarbageAndSilence() {
        byte[] noise = {(byte) 0xf8, (byte) 0x80, 0x13, (byte) 0xfe, (byte) 0x9c, (byte) 0xe0, 0x00, (byte) 0xff};
        assertThat(ConsoleScreen.recognise(noise, TerminalText.clean(noise))).isEqualTo(ConsoleState.GARBLED);
        assertThat(recognise("")).isEqualTo(ConsoleState.SILENT);
        assertThat(recognise("\r\n")).isEqualTo(ConsoleState.SILENT);
        assertThat(recognise("[    2.071] systemd[1]: Starting Journal Service...\r\n"))
                .isEqualTo(ConsoleState.UNRECOGNISED);
    }

    @Test
    void utf8TextIsNotGarbage() {
        assertThat(TerminalText.isGarbled("Grüße aus der Filiale — Gerät bereit\r\n"
                .getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void cleanRemovesEscapesAndControls() {
        assertThat(TerminalText.clean("\u001b[?2004hls\r\n\u001b[01;34mdir\u001b[0m\u0007\r\n"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("ls\ndir\n");
        assertThat(TerminalText.clean(new byte[] {'a', 0x01, 'b'})).isEqualTo("a\uFFFDb");
    }
}
