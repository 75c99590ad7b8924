package dev.outpost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A test double for a slow link: a TCP proxy on loopback that delays every byte by a fixed one-way time in each
 * direction, in order. It stands in for {@code tc netem}, which this machine's kernel does not provide.
 *
 * <p>A real connection pays one round trip for the TCP handshake before the server's first byte can leave, and the
 * server's first byte then takes another one-way trip. The proxy accepts at once on loopback, so it waits three
 * one-way delays before it opens the upstream connection, which puts the server's first byte at the client two round
 * trips after {@code connect}, as on a real link.
 *
 * <p>It also counts turns: how often the conversation changes from the client sending to the server sending. On a
 * request-and-reply protocol such as SSH, each turn costs one round trip.
 */
public final class DelayingTcpProxy implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long delayNanos;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicInteger turns = new AtomicInteger();
    private volatile boolean lastWasClient;

    /**
     * Starts listening on an ephemeral loopback port.
     *
     * @param upstream where to forward connections
     * @param oneWay   the delay added to each direction, half of the added round-trip time
     */
    public DelayingTcpProxy(InetSocketAddress upstream, Duration oneWay) throws IOException {
        this.upstream = upstream;
        this.delayNanos = oneWay.toNanos();
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "delaying-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Returns the turns counted since the last reset. */
    public int turns() {
        return turns.get();
    }

    public void resetTurns() {
        turns.set(0);
        lastWasClient = false;
    }

    private void acceptLoop() {
        while (open.get()) {
            try {
                Socket client = listener.accept();
                Thread connection = new Thread(() -> relay(client), "delaying-proxy-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket server = new Socket()) {
            sleepUntil(System.nanoTime() + 3 * delayNanos);
            server.connect(upstream, 10_000);
            Thread up = pump(client.getInputStream(), server.getOutputStream(), server, true);
            Thread down = pump(server.getInputStream(), client.getOutputStream(), client, false);
            up.join();
            down.join();
        } catch (IOException e) {
            // The client or the server went away; the other side sees the connection close.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies one direction through a queue of timed chunks, so each chunk leaves one delay after it arrived. */
    private Thread pump(InputStream in, OutputStream out, Socket target, boolean fromClient) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread writer = new Thread(() -> drain(queue, out, target), "delaying-proxy-writer");
        writer.setDaemon(true);
        writer.start();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_SIZE];
            try {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    countTurn(fromClient);
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
                }
            } catch (IOException e) {
                // The socket closed.
            }
            queue.add(new Chunk(System.nanoTime() + delayNanos, null));
        }, "delaying-proxy-reader");
        reader.setDaemon(true);
        reader.start();
        return writer;
    }

    private synchronized void countTurn(boolean fromClient) {
        if (fromClient && !lastWasClient) {
            turns.incrementAndGet();
        }
        lastWasClient = fromClient;
    }

    private static void drain(BlockingQueue<Chunk> queue, OutputStream out, Socket target) {
        try {
            while (true) {
                Chunk chunk = queue.take();
                sleepUntil(chunk.due());
                if (chunk.bytes() == null) {
                    target.shutdownOutput();
                    return;
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // The socket closed.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    @Override
    public void close() throws IOException {
        open.set(false);
        listener.close();
    }

    private record Chunk(long due, byte[] bytes) {
    }
}
