package dev.outpost.engine.enrollment;

import java.security.SecureRandom;

/**
 * Random site passphrases for a technician to type: six groups of four characters from an alphabet without the
 * look-alikes 0, O, 1, I and L, such as {@code 7KQM-4RTX-9HWC-PD3N-ZB6E-UFJ8}. The 31 symbols give almost 5 bits
 * each, so a passphrase carries about 119 bits.
 */
public final class SitePassphrases {

    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();
    private static final int GROUPS = 6;
    private static final int GROUP_LENGTH = 4;

    private SitePassphrases() {
    }

    /** Generates a passphrase into an array that the caller wipes after use. */
    public static char[] generate(SecureRandom random) {
        char[] passphrase = new char[GROUPS * GROUP_LENGTH + GROUPS - 1];
        int position = 0;
        for (int group = 0; group < GROUPS; group++) {
            if (group > 0) {
                passphrase[position++] = '-';
            }
            for (int i = 0; i < GROUP_LENGTH; i++) {
                passphrase[position++] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
        }
        return passphrase;
    }
}
