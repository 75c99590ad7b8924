package dev.outpost.engine.console;

import java.util.regex.Pattern;

/** Recognises what a console shows from the text it sent last. */
final class ConsoleScreen {

    private static final Pattern LOGIN = Pattern.compile("(?i)(?:^|\\s)\\S*\\s*login:\\s*$");
    private static final Pattern PASSWORD = Pattern.compile("(?i)password[^\\n:]*:\\s*$");
    /** Prompts such as {@code tech@site-gw-01:~$ }, {@code root@gw:/# } and BusyBox's {@code ~ # }. */
    private static final Pattern SHELL = Pattern.compile("(?m)^.{0,200}[$#]\\s?$");
    /** U-Boot's autoboot countdown, prompts and banner, GRUB's prompts, and other boot firmware prompts. */
    private static final Pattern BOOTLOADER = Pattern.compile("(?i)hit any key to stop autoboot|press any key to"
            + " stop|autoboot in \\d|^\\s*U-Boot \\d|(?m)^\\s*(?:=>|grub>|grub rescue>|u-boot>|marvell>>|redboot>"
            + "|cfe>|barebox[^\\n]*:/\\s*)\\s*$");

    private ConsoleScreen() {
    }

    /** Returns what the cleaned text shows; {@code raw} are the bytes it came from, for the garble test. */
    static ConsoleState recognise(byte[] raw, String text) {
        if (raw.length == 0 || text.isBlank() && raw.length < 4) {
            return ConsoleState.SILENT;
        }
        if (TerminalText.isGarbled(raw)) {
            return ConsoleState.GARBLED;
        }
        if (BOOTLOADER.matcher(text).find()) {
            return ConsoleState.BOOTLOADER;
        }
        String tail = lastLine(text);
        if (PASSWORD.matcher(tail).find()) {
            return ConsoleState.PASSWORD_PROMPT;
        }
        if (LOGIN.matcher(tail).find()) {
            return ConsoleState.LOGIN_PROMPT;
        }
        if (SHELL.matcher(tail).find()) {
            return ConsoleState.SHELL;
        }
        return text.isBlank() ? ConsoleState.SILENT : ConsoleState.UNRECOGNISED;
    }

    /** Returns the last line that is not blank, which contains the prompt. */
    static String lastLine(String text) {
        String trimmed = text.stripTrailing();
        int newline = trimmed.lastIndexOf('\n');
        return (newline < 0 ? trimmed : trimmed.substring(newline + 1)) + text.substring(trimmed.length())
                .replace("\n", "");
    }

    static boolean showsLoginPrompt(String text) {
        return LOGIN.matcher(lastLine(text)).find();
    }

    static boolean showsPasswordPrompt(String text) {
        return PASSWORD.matcher(lastLine(text)).find();
    }

    static boolean showsShellPrompt(String text) {
        String tail = lastLine(text);
        return SHELL.matcher(tail).find() && !LOGIN.matcher(tail).find() && !PASSWORD.matcher(tail).find();
    }
}
