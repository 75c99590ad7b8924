package dev.outpost.cli;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.install.InstallRequest;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of the install plan from the command line, shared by {@code install} and {@code join}: it connects,
 * runs the plan, prints its events, and on Ctrl-C cancels the run and lets it print its result before the process
 * ends.
 */
final class InstallRun {

    static final int EXIT_DONE = 0;
    static final int EXIT_STEP_FAILED = 1;
    static final int EXIT_FAILED = 2;
    private static final int INTERRUPT_GRACE_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(InstallRun.class);

    /** Builds the request once the gateway is connected, for settings that come from the gateway itself. */
    @FunctionalInterface
    interface RequestFactory {
        InstallRequest create(GatewaySession session) throws GatewayException;
    }

    private final Preflight preflight;
    private final Installer installer;

    InstallRun(Preflight preflight, Installer installer) {
        this.preflight = preflight;
        this.installer = installer;
    }

    /** Runs the plan; returns the exit status. The credentials are wiped afterwards. Blocks. */
    int run(ConnectionSettings settings, RequestFactory request, InstallEventPrinter printer, PrintWriter out,
            PrintWriter err) {
        CountDownLatch reported = new CountDownLatch(1);
        Thread interrupted = new Thread(() -> {
            installer.cancel();
            awaitQuietly(reported);
        }, "outpost-install-cancel");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (GatewaySession session = preflight.connect(settings, SessionListener.NONE)) {
            InstallResult result = installer.install(session, request.create(session), printer);
            out.flush();
            if (!result.succeeded()) {
                err.println(result.message());
                return EXIT_STEP_FAILED;
            }
            return EXIT_DONE;
        } catch (GatewayException e) {
            log.error("Outpost could not reach {}.", settings.host(), e);
            printer.failed(e.getMessage());
            err.println(e.getMessage());
            return EXIT_FAILED;
        } finally {
            settings.credentials().wipe();
            err.flush();
            reported.countDown();
        }
    }

    /** Lets an interrupted run print its cancelled step and result before the process ends. */
    private static void awaitQuietly(CountDownLatch reported) {
        try {
            reported.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
