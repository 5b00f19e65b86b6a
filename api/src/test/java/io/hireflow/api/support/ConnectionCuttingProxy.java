package io.hireflow.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a server (an S3 store, say) that cuts one connection in the middle of
 * an answer, as a network or a load balancer does to a long download: once more than {@code cutAfter} bytes
 * have gone back to the clients in all, the connection carrying that byte is closed on both sides, once.
 * Everything else is passed through. Listens on a port of 18550-18599.
 */
public final class ConnectionCuttingProxy extends LoopbackProxy {

    private final long cutAfter;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicInteger cuts = new AtomicInteger();

    public ConnectionCuttingProxy(int upstreamPort, long cutAfter) throws IOException {
        super(upstreamPort, 18550, 18599);
        this.cutAfter = cutAfter;
        start("cutting-proxy");
    }

    /** Connections cut so far (0 or 1). */
    public int cuts() {
        return cuts.get();
    }

    @Override
    protected void handle(Socket client) {
        try (client; Socket target = new Socket(upstream.getAddress(), upstream.getPort())) {
            pumpRequests(client, target);
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
}
