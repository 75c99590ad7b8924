package dev.outpost.engine.platform;

/** The canonical text of IPv6 addresses, as {@code ip} prints them and as Outpost compares them. */
public final class Ipv6Text {

    private Ipv6Text() {
    }

    /**
     * Writes a 16-byte IPv6 address in the canonical form of RFC 5952: lower case, no leading zeros, and the longest
     * run of two or more zero groups shortened to {@code ::}, the first such run on a tie.
     */
    public static String canonical(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length >= 2 && length > runLength) {
                runStart = i;
                runLength = length;
            }
        }

        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
