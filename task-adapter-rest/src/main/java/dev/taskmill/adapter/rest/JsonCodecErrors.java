package dev.taskmill.adapter.rest;

import java.net.URI;
import java.net.URISyntaxException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;

/**
 * Gives the error object to the answers Grizzly's HTTP codec sends by itself, before any
 * handler runs: a request line, header or body framing it cannot parse (400) and an HTTP
 * version it does not speak (505, which also answers a target holding a space). Grizzly
 * sends those with an empty body; this codec is Grizzly's own, set up as Grizzly sets it up,
 * with only that answer changed: the error object, and 400 for both, as neither is the
 * server's fault.
 */
final class JsonCodecErrors implements AddOn {

    private final JsonErrorPages errorPages;
    private final boolean allowPayloadForUndefinedHttpMethods;

    JsonCodecErrors(JsonErrorPages errorPages, boolean allowPayloadForUndefinedHttpMethods) {
        this.errorPages = errorPages;
        this.allowPayloadForUndefinedHttpMethods = allowPayloadForUndefinedHttpMethods;
    }

    @Override
    @SuppressWarnings("deprecation") // the constructor Grizzly's own HttpServer uses for this filter
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int index = builder.indexOfType(HttpServerFilter.class);
        if (index < 0) {
            throw new IllegalStateException("No HTTP codec in Grizzly's filter chain");
        }
        HttpServerFilter original = (HttpServerFilter) builder.get(index);
        int maxHeaderSize = listener.getMaxHttpHeaderSize() == -1 ? HttpServerFilter.DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE
                : listener.getMaxHttpHeaderSize();
        Codec codec = new Codec(listener.isChunkingEnabled(), maxHeaderSize, listener, errorPages);
        for (ContentEncoding encoding : original.getContentEncodings()) {
            codec.addContentEncoding(encoding);
        }
        codec.setAllowPayloadForUndefinedHttpMethods(allowPayloadForUndefinedHttpMethods);
        codec.setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
        codec.getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
        builder.set(index, codec);
    }

    /** {@code host[:port]} as RFC 9110 allows it in a {@code Host} header, the port 0 to 65535. */
    static boolean isHostAndPort(String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '@' || c == '/')) {
            return false;
        }
        try {
            URI uri = new URI("http://" + value + "/");
            return uri.getHost() != null && uri.getPort() <= 65_535
                    && (uri.getPort() >= 0 || !value.substring(value.lastIndexOf(']') + 1).contains(":"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static final class Codec extends HttpServerFilter {

        private static final String MESSAGE = JsonCodecErrors.class.getName() + ".message";

        private final JsonErrorPages errorPages;

        @SuppressWarnings("deprecation")
        Codec(boolean chunking, int maxHeaderSize, NetworkListener listener, JsonErrorPages errorPages) {
            super(chunking, maxHeaderSize, null, listener.getKeepAlive(), null, listener.getMaxRequestHeaders(),
                    listener.getMaxResponseHeaders());
            this.errorPages = errorPages;
        }

        /** Refuses a {@code Host} header that is no host and port, on which Grizzly's request mapping fails with a 500. */
        @Override
        protected boolean onHttpHeaderParsed(HttpHeader header, Buffer buffer, FilterChainContext ctx) {
            boolean error = super.onHttpHeaderParsed(header, buffer, ctx);
            if (!error && header instanceof HttpRequestPacket request) {
                String host = request.getHeader(Header.Host);
                if (host != null && !isHostAndPort(host)) {
                    request.setAttribute(MESSAGE, "The Host header is not a host name or address with an optional port");
                    HttpStatus.BAD_REQUEST_400.setValues(request.getResponse());
                    return true;
                }
            }
            return error;
        }

        @Override
        protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
            HttpRequestPacket request = response.getRequest();
            if (request != null && request.getProtocol() == Protocol.HTTP_0_9) {
                request.setProtocol(Protocol.HTTP_1_0); // whose answers carry headers
            }
            // Grizzly's 505 also answers a request target holding a space: a malformed request line
            boolean version = response.getStatus() == 505;
            HttpStatus.BAD_REQUEST_400.setValues(response);
            int status = response.getStatus();
            Object noted = request == null ? null : request.getAttribute(MESSAGE);
            String message = noted != null ? noted.toString() : version
                    ? "Malformed request line: it needs a target without spaces and the version HTTP/1.1 or HTTP/1.0"
                    : "Malformed HTTP request: its request line, headers or body framing cannot be parsed";
            String method = request == null ? "" : request.getMethodDC().toString();
            String href = request == null ? "" : request.getRequestURIRef().getURI();
            byte[] body = errorPages.json(status, method == null ? "" : method, message, href == null ? "" : href);
            response.setContentType(JsonErrorPages.CONTENT_TYPE);
            response.setContentLength(body.length);
            return HttpContent.builder(response)
                    .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                    .last(true)
                    .build();
        }
    }
}
