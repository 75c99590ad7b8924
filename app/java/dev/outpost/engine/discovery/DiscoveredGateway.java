package dev.outpost.engine.discovery;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A gateway found on the laptop's cable. One gateway may answer at several addresses (an IPv4 link-local one, an
 * IPv6 link-local one, one that mDNS announced); they are merged when its SSH host key is the same.
 *
 * @param name                 the name it announces over mDNS, or empty when it was found by address only
 * @param addresses            the addresses to connect to, best first; IPv6 link-local ones carry their interface
 *                             as a scope ({@code fe80::1%eth1})
 * @param sshPort              the port its SSH server answers on
 * @param interfaceName        the laptop's interface it was found on
 * @param foundBy              how it was found
 * @param hostKeyFingerprint   the SHA-256 fingerprint of its SSH host key, as OpenSSH prints it
 *                             ({@code SHA256:…}), or empty when its SSH server did not answer in time
 * @param sshBanner            the version line its SSH server sent, or empty
 */
public record DiscoveredGateway(Optional<String> name, List<String> addresses, int sshPort, String interfaceName,
        Set<Source> foundBy, Optional<String> hostKeyFingerprint, Optional<String> sshBanner) {

    /** The means by which a gateway was found. */
    public enum Source {
        /** It announced an SSH service over mDNS / DNS-SD. */
        MDNS,
        /** It replied on the link-local range of an interface with no other address. */
        LINK_LOCAL
    }

    public DiscoveredGateway {
        name = name.filter(text -> !text.isBlank());
        addresses = List.copyOf(addresses);
        foundBy = Set.copyOf(foundBy);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("A discovered gateway needs at least one address.");
        }
    }

    /** Returns the address the connect page fills in: the first one. */
    public String address() {
        return addresses.get(0);
    }
}
