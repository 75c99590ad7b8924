package dev.outpost.engine.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Browses for SSH services with jmDNS on one interface: one jmDNS instance per address of the interface, each
 * bound to that address, so queries leave through that interface only. {@link #close()} ends browsing.
 */
final class MdnsBrowser implements AutoCloseable {

    /** The DNS-SD service types a gateway's SSH server is announced under. */
    static final List<String> SERVICE_TYPES = List.of("_ssh._tcp.local.", "_sftp-ssh._tcp.local.");
    /** The host name jmDNS announces for the laptop itself, instead of the laptop's real name. */
    private static final String LAPTOP_NAME = "outpost-laptop";

    /** Receives each resolved service with the address it announced. Called on jmDNS's threads. */
    interface Sink {
        void announced(SearchedInterface network, InetAddress address, int port, Optional<String> name);
    }

    private static final Logger log = LoggerFactory.getLogger(MdnsBrowser.class);

    private final List<JmDNS> instances = new ArrayList<>();

    private MdnsBrowser() {
    }

    /**
     * Starts browsing on every address of the interface. An address jmDNS cannot bind to is skipped, with a
     * sentence added to {@code notes}.
     */
    static MdnsBrowser start(SearchedInterface network, Sink sink, List<String> notes) {
        MdnsBrowser browser = new MdnsBrowser();
        for (SearchedInterface.LinkAddress own : network.addresses()) {
            InetAddress bound = own.address();
            try {
                log.debug("Sending mDNS queries for {} on {} from {}.", SERVICE_TYPES, network.name(),
                        network.text(bound));
                JmDNS jmdns = JmDNS.create(bound, LAPTOP_NAME);
                browser.instances.add(jmdns);
                for (String type : SERVICE_TYPES) {
                    jmdns.addServiceListener(type, new Listener(jmdns, network, sink));
                }
            } catch (IOException | RuntimeException e) {
                log.warn("mDNS could not listen on {} at {}, so that address is not searched.", network.name(),
                        network.text(bound), e);
                notes.add("mDNS could not listen on " + network.name() + " at " + network.text(bound)
                        + ", so gateways announced only there may be missing. Search again, or use"
                        + " outpost check --host with the gateway's address.");
            }
        }
        return browser;
    }

    /** Stops every jmDNS instance; blocks until each has closed its socket. */
    @Override
    public void close() {
        for (JmDNS jmdns : instances) {
            try {
                jmdns.close();
            } catch (IOException | RuntimeException e) {
                log.debug("A jmDNS instance did not close cleanly.", e);
            }
        }
        instances.clear();
    }

    private record Listener(JmDNS jmdns, SearchedInterface network, Sink sink) implements ServiceListener {

        @Override
        public void serviceAdded(ServiceEvent event) {
            log.debug("Sending an mDNS request to resolve {} on {}.", event.getName(), network.name());
            jmdns.requestServiceInfo(event.getType(), event.getName());
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            log.debug("The service {} on {} sent a goodbye (TTL 0) record.", event.getName(), network.name());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            Optional<String> name = Optional.ofNullable(info.getName()).filter(text -> !text.isBlank());
            for (InetAddress address : info.getInetAddresses()) {
                sink.announced(network, address, info.getPort(), name);
            }
        }
    }
}
