package io.hireflow.api.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy on loopback in front of a server, a thread per connection; what passes is the subclass's
 * {@link #handle}. Listens on the first free port of the range its tests own.
 */
public abstract class LoopbackProxy implements AutoCloseable {

    /** The server behind the proxy. */
    protected final InetSocketAddress upstream;
    private final ServerSocket server;

    protected LoopbackProxy(int upstreamPort, int firstPort, int lastPort) throws IOException {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.server = bindInRange(firstPort, lastPort);
    }

    /** Starts accepting; the last step of a subclass's constructor, once its own fields are set. */
    protected final void start(String name) {
        Thread acceptor = new Thread(() -> accept(name), name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Serves one client connection (and closes it). */
    protected abstract void handle(Socket client);

    private static ServerSocket bindInRange(int firstPort, int lastPort) throws IOException {
        for (int port = firstPort; port <= lastPort; port++) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return socket;
            } catch (IOException taken) {
                socket.close();
            }
        }
        throw new IOException("No free port in " + firstPort + "-" + lastPort + " for the test proxy");
    }

    private void accept(String name) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), name + "-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies one direction of a connection until either side hangs up. */
    protected static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side hung up
        }
    }

    /** Pumps the client's requests to the server on a thread of its own. */
    protected static void pumpRequests(Socket client, Socket target) {
        Thread requests = new Thread(() -> pump(client, target), "proxy-requests");
        requests.setDaemon(true);
        requests.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
