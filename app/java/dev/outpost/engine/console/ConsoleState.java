package dev.outpost.engine.console;

/** The screen a gateway's serial console showed after Outpost woke it with a carriage return. */
public enum ConsoleState {
    /** A login prompt, such as {@code site-gw-01 login:}. */
    LOGIN_PROMPT,
    /** A password prompt, left by someone who typed a user name and walked away. */
    PASSWORD_PROMPT,
    /** A shell prompt ending in {@code $} or {@code #}: someone is already logged in. */
    SHELL,
    /** A bootloader: U-Boot ({@code =>}, "Hit any key to stop autoboot"), GRUB ({@code grub>}) and the like. */
    BOOTLOADER,
    /** Unreadable bytes, the sign of a wrong line speed. */
    GARBLED,
    /** Readable text without a prompt that Outpost recognises, such as boot messages still scrolling. */
    UNRECOGNISED,
    /** Nothing at all arrived. */
    SILENT
}
