package io.hireflow.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of the API that loses answers to batches: for its first {@code drops}
 * connections that start with a POST it forwards the request, waits until the API starts answering (so the
 * API did the work), then closes the client's side without passing a byte on, as a replica killed
 * mid-answer would. Every other connection is passed through for one request, with {@code Connection:
 * close} added so the client does not send a batch on it later (a client asks GET /tables/{table} first).
 * Listens on a port of 18100-18199, the range of these tests.
 */
public final class AnswerDroppingProxy extends LoopbackProxy {

    private final AtomicInteger dropsLeft;
    private final AtomicInteger dropped = new AtomicInteger();

    public AnswerDroppingProxy(int upstreamPort, int drops) throws IOException {
        super(upstreamPort, 18100, 18199);
        this.dropsLeft = new AtomicInteger(drops);
        start("answer-dropping-proxy");
    }

    /** Connections whose answer was dropped so far. */
    public int dropped() {
        return dropped.get();
    }

    @Override
    protected void handle(Socket client) {
        try (client; Socket api = new Socket(upstream.getAddress(), upstream.getPort())) {
            String head = readHead(client.getInputStream());
            boolean drop = head.startsWith("POST ") && dropsLeft.getAndDecrement() > 0;
            if (!drop) {
                head = head.substring(0, head.length() - 2) + "Connection: close\r\n\r\n";
            }
            api.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            pumpRequests(client, api);
            InputStream answers = api.getInputStream();
            if (drop) {
                if (answers.read() >= 0) { // the API has done the work and begun to answer
                    dropped.incrementAndGet();
                }
                return; // both sockets close: the client sees the connection die without an answer
            }
            answers.transferTo(client.getOutputStream());
        } catch (IOException e) {
            // one side hung up: the connection is over
        }
    }

    /** The request line and headers, up to and including the empty line that ends them. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        throw new IOException("the client hung up before the end of the request's headers");
    }
}
