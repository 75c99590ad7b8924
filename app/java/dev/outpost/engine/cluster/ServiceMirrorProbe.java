package dev.outpost.engine.cluster;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.PortForward;
import dev.outpost.engine.mesh.GatewayProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the service mirror's metrics from its admin port through an SSH forward from the gateway, where the pod's
 * address routes, as {@code linkerd multicluster gateways} reads them through a port forward.
 */
public final class ServiceMirrorProbe implements GatewayProbe {

    /** The service mirror's admin port, {@code admin-http}. */
    public static final int ADMIN_PORT = 9999;

    private static final Logger log = LoggerFactory.getLogger(ServiceMirrorProbe.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final GatewaySession session;

    public ServiceMirrorProbe(GatewaySession session) {
        this.session = session;
    }

    @Override
    public Optional<String> metrics(String podAddress) {
        try (PortForward forward = session.forwardFromGateway(podAddress, ADMIN_PORT)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).proxy(ProxySelector.of(null)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forward.localPort()
                    + "/metrics")).timeout(TIMEOUT).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            log.debug("The service mirror at {} returned HTTP {}.", podAddress,
                    response.statusCode());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (GatewayException | IOException e) {
            log.debug("The service mirror's metrics at {} could not be read: {}", podAddress, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
