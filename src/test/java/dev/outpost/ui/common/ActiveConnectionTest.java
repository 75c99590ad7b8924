package dev.outpost.ui.common;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.session.SessionListener;
import dev.outpost.ui.FakeGatewayChecks;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveConnectionTest {

    private final FakeGatewayChecks gateway = new FakeGatewayChecks().knowHostKey();
    private final ActiveConnection active = new ActiveConnection(Runnable::run);

    @Test
    void openClosesPreviousConnection() throws Exception {
        FakeGatewayChecks.Connection first = connect();
        FakeGatewayChecks.Connection second = connect();

        active.open(first);
        active.open(second);

        assertThat(first.isClosed()).isTrue();
        assertThat(second.isClosed()).isFalse();
        assertThat(active.current()).containsSame(second);
    }

    @Test
    void closeClosesAndForgetsConnection() throws Exception {
        FakeGatewayChecks.Connection connection = connect();
        active.open(connection);

        active.close();

        assertThat(connection.isClosed()).isTrue();
        assertThat(active.current()).isEmpty();
        assertThat(active.connectionProperty().get()).isNull();
    }

    @Test
    void closeWithoutConnectionDoesNothing() {
        active.close();

        assertThat(active.current()).isEmpty();
    }

    private FakeGatewayChecks.Connection connect() throws Exception {
        ConnectionSettings settings = ConnectionSettings.of("192.168.16.53", "root",
                new Credentials.Password("secret".toCharArray()), new HostKeyPolicy.AcceptNew(),
                Path.of("known_hosts"));
        return (FakeGatewayChecks.Connection) gateway.connect(settings, SessionListener.NONE);
    }
}
