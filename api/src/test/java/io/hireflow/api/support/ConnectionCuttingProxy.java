package io.hireflow.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a server (an S3 store, say) that cuts one connection in the middle of
 * an answer, as a network or a load balancer does to a long download: once more than {@code cutAfter} bytes
 * have gone back to the clients in all, the connection carrying that byte is closed on both sides, once.
 * Everything else is passed through. Listens on a port of 18550-18599.
 */
public final class ConnectionCuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long cutAfter;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicInteger cuts = new AtomicInteger();

    public ConnectionCuttingProxy(int upstreamPort, long cutAfter) throws IOException {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.cutAfter = cutAfter;
        this.server = bindInRange();
        Thread acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections cut so far (0 or 1). */
    public int cuts() {
        return cuts.get();
    }

    private static ServerSocket bindInRange() throws IOException {
        for (int port = 18550; port <= 18599; port++) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return socket;
            } catch (IOException taken) {
                socket.close();
            }
        }
        throw new IOException("No free port in 18550-18599 for the test proxy");
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "cutting-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client; Socket target = new Socket(upstream.getAddress(), upstream.getPort())) {
            Thread requests = new Thread(() -> pump(client, target), "cutting-proxy-requests");
            requests.setDaemon(true);
            requests.start();
            InputStream answers = target.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = answers.read(buffer)) >= 0;) {
                long before = answered.getAndAdd(n);
                if (before <= cutAfter && before + n > cutAfter && cuts.getAndIncrement() == 0) {
                    out.write(buffer, 0, (int) (cutAfter - before));
                    out.flush();
                    return; // both sockets close mid-answer
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side hung up: the connection is over
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side hung up
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
