package dev.outpost.engine.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges the answers of one search into gateways. Answers heard on the same interface with the same host-key
 * fingerprint are one gateway, whatever address and means they came by. Equal fingerprints on two interfaces stay
 * two gateways, because gateways made from one disk image share their host keys. An answer without a fingerprint
 * joins the gateway that has its address or its mDNS name on the same interface, and otherwise stands alone.
 * An address whose SSH server sent nothing is listed only for a gateway that answered at no address.
 */
final class GatewayMerge {

    /**
     * One address that was probed, with how it was found.
     *
     * @param name          the mDNS instance name, or empty
     * @param address       the address as a person writes it, with a scope when it is IPv6 link-local
     * @param port          the SSH port
     * @param interfaceName the laptop interface it was found on
     * @param source        how it was found
     * @param fingerprint   the host key's fingerprint, or empty
     * @param banner        the SSH version line, or empty
     */
    record Answer(Optional<String> name, String address, int port, String interfaceName,
            DiscoveredGateway.Source source, Optional<String> fingerprint, Optional<String> banner) {
    }

    /** Orders gateways by name (named ones first), then by first address. */
    static final Comparator<DiscoveredGateway> ORDER = Comparator
            .comparing((DiscoveredGateway gateway) -> gateway.name().isEmpty())
            .thenComparing(gateway -> gateway.name().orElse(""))
            .thenComparing(gateway -> addressOrder(gateway.address()));

    private final List<Answer> answers = new ArrayList<>();

    synchronized void add(Answer answer) {
        answers.add(answer);
    }

    /** Returns the gateways the answers so far describe, in {@link #ORDER}. */
    synchronized List<DiscoveredGateway> gateways() {
        return merge(answers);
    }

    static List<DiscoveredGateway> merge(List<Answer> answers) {
        Map<String, List<Answer>> groups = new LinkedHashMap<>();
        for (Answer answer : answers) {
            answer.fingerprint().ifPresent(fingerprint -> groups
                    .computeIfAbsent(answer.interfaceName() + " key " + fingerprint, key -> new ArrayList<>())
                    .add(answer));
        }
        for (Answer answer : answers) {
            if (answer.fingerprint().isPresent()) {
                continue;
            }
            String key = groups.entrySet().stream()
                    .filter(group -> group.getValue().stream().anyMatch(other -> sameGateway(answer, other)))
                    .map(Map.Entry::getKey).findFirst()
                    .orElse(answer.interfaceName() + " " + answer.name().map(name -> "name " + name)
                            .orElse("address " + answer.address()));
            groups.computeIfAbsent(key, unused -> new ArrayList<>()).add(answer);
        }
        return groups.values().stream().map(GatewayMerge::gateway).sorted(ORDER).toList();
    }

    private static boolean sameGateway(Answer lone, Answer other) {
        if (!lone.interfaceName().equals(other.interfaceName())) {
            return false;
        }
        return lone.address().equals(other.address())
                || (lone.name().isPresent() && lone.name().equals(other.name()));
    }

    private static DiscoveredGateway gateway(List<Answer> group) {
        Optional<String> name = group.stream().map(Answer::name).flatMap(Optional::stream).sorted().findFirst();
        List<Answer> responding = group.stream().filter(answer -> answer.banner().isPresent()).toList();
        List<Answer> listed = responding.isEmpty() ? group : responding;
        List<String> addresses = listed.stream().map(Answer::address).distinct()
                .sorted(Comparator.comparing(GatewayMerge::addressOrder)).toList();
        Set<DiscoveredGateway.Source> sources = EnumSet.noneOf(DiscoveredGateway.Source.class);
        listed.forEach(answer -> sources.add(answer.source()));
        Answer first = group.stream().filter(answer -> answer.fingerprint().isPresent()).findFirst()
                .orElse(group.get(0));
        Optional<String> banner = group.stream().map(Answer::banner).flatMap(Optional::stream).findFirst();
        return new DiscoveredGateway(name, addresses, first.port(), first.interfaceName(), sources,
                first.fingerprint(), banner);
    }

    /**
     * Sorts IPv4 before IPv6, then by the address's numeric value, so the first address is the one a person
     * types most easily and the order stays the same from search to search.
     */
    static String addressOrder(String address) {
        String bare = address.contains("%") ? address.substring(0, address.indexOf('%')) : address;
        Optional<java.net.InetAddress> parsed = bare.contains(":") ? AddressText.parseIpv6(bare)
                : AddressText.parseIpv4(bare);
        if (parsed.isEmpty()) {
            return "2 " + address;
        }
        StringBuilder key = new StringBuilder(bare.contains(":") ? "1 " : "0 ");
        for (byte part : parsed.get().getAddress()) {
            key.append(String.format("%02x", part & 0xff));
        }
        return key.append(' ').append(address).toString();
    }
}
